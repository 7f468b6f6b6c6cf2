package dev.tauon.data.tabular;

import java.util.List;

/**
 * How one feature column of a table becomes features, as fitted by {@link TableEncoding}.
 *
 * @param name          the column's name
 * @param kind          numeric, categorical (one-hot) or ignored
 * @param categories    the categories of a categorical column, sorted, each one feature; empty otherwise
 * @param numericImpute what a missing numeric cell becomes (the column's mean when fitted), or NaN
 *                      when missing cells are refused
 * @param categoryImpute what a missing categorical cell becomes (the most frequent category when
 *                      fitted), or null when missing cells are refused
 */
public record ColumnEncoding(
        String name, ColumnKind kind, List<String> categories, float numericImpute, String categoryImpute) {

    /** Copies the category list, so the encoding cannot change under its user. */
    public ColumnEncoding {
        categories = List.copyOf(categories);
    }

    /** Features this column contributes. */
    public int width() {
        return switch (kind) {
            case NUMERIC -> 1;
            case CATEGORICAL -> categories.size();
            case IGNORED -> 0;
        };
    }

    /** Whether a missing cell is filled in rather than refused. */
    public boolean imputes() {
        return kind == ColumnKind.NUMERIC ? !Float.isNaN(numericImpute) : categoryImpute != null;
    }
}
