package dev.tauon.data.tabular;

/** How a {@link TableEncoding} turns a feature column into features. */
public enum ColumnKind {
    /** One feature: the cell's number. */
    NUMERIC,
    /** One feature per category seen when fitting: 1 for the cell's category, 0 for the others (one-hot). */
    CATEGORICAL,
    /** No feature: the column is left out. */
    IGNORED
}
