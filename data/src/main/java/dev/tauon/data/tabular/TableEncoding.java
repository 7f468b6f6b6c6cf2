package dev.tauon.data.tabular;

import dev.tauon.core.io.Excerpt;
import dev.tauon.core.io.JsonStrings;
import dev.tauon.data.ArrayDataset;
import dev.tauon.data.DatasetFormatException;
import dev.tauon.data.io.JsonFields;
import dev.tauon.data.io.QuotedList;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the rows of a table become examples: every column but the label is a feature column,
 * numeric (one feature, the number) or categorical (one-hot over the categories seen when
 * fitting) or ignored; the label column gives class indices (classes sorted: by value if all are
 * numbers, else by text) or, for regression, a float target. Fitted on a table by
 * {@link Builder#fit}, it encodes that table and others with the same columns ({@link #encode}),
 * and single rows for prediction ({@link #features}).
 *
 * <p>Column kinds are inferred unless declared: a column whose cells are all numbers is numeric,
 * one whose cells are mostly not numbers is categorical, and a column of numbers with a few
 * non-numbers among them is refused, naming the first such cell, since that is usually a typo;
 * declare it categorical if it is not. A missing cell is refused with its line, unless
 * imputation is asked for: then it becomes the column's mean (numeric) or most frequent category
 * (categorical) in the fitted table. A category not seen when fitting becomes all zeros (as
 * scikit-learn's {@code handle_unknown="ignore"}), with a warning giving the count.
 */
public final class TableEncoding {
    private static final Logger LOG = LoggerFactory.getLogger(TableEncoding.class);
    /** Values from a table quoted in one message at most. */
    private static final int QUOTED_MAX = 12;

    private final String label;
    private final boolean regression;
    private final List<String> classes;
    private final List<ColumnEncoding> columns;
    private final Map<String, Integer> classIndex = new HashMap<>();
    private final List<Map<String, Integer>> categoryIndex = new ArrayList<>();
    private final int featureCount;

    private TableEncoding(String label, boolean regression, List<String> classes, List<ColumnEncoding> columns) {
        this.label = label;
        this.regression = regression;
        this.classes = List.copyOf(classes);
        this.columns = List.copyOf(columns);
        for (int i = 0; i < this.classes.size(); i++) {
            classIndex.put(this.classes.get(i), i);
        }
        int width = 0;
        for (ColumnEncoding c : this.columns) {
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < c.categories().size(); i++) {
                index.put(c.categories().get(i), i);
            }
            categoryIndex.add(index);
            width += c.width();
        }
        this.featureCount = width;
    }

    /** Options for fitting an encoding whose label is the column {@code labelColumn} (a name or a number, see {@link Table#column}). */
    public static Builder builder(String labelColumn) {
        return new Builder(labelColumn);
    }

    /** The label column's name. */
    public String labelColumn() {
        return label;
    }

    /** Whether the label is a float target rather than a class. */
    public boolean isRegression() {
        return regression;
    }

    /** The class names, indexed by class (empty for regression). */
    public List<String> classNames() {
        return classes;
    }

    /** The feature columns' encodings, in the table's column order (the label column left out). */
    public List<ColumnEncoding> columns() {
        return columns;
    }

    /** Features per example. */
    public int featureCount() {
        return featureCount;
    }

    /** A name per feature: the column's name, or {@code column=category} for a one-hot feature. */
    public List<String> featureNames() {
        List<String> names = new ArrayList<>();
        for (ColumnEncoding c : columns) {
            if (c.kind() == ColumnKind.NUMERIC) {
                names.add(c.name());
            } else {
                for (String category : c.categories()) {
                    names.add(c.name() + "=" + category);
                }
            }
        }
        return names;
    }

    /**
     * Encodes every row of {@code table}, which must have this encoding's columns (found by name)
     * and its label column.
     *
     * @throws DatasetFormatException naming the file, line and column: a cell that is not a number
     *                                in a numeric column, a missing cell without imputation, a
     *                                label that is not one of the classes
     */
    public ArrayDataset encode(Table table) throws DatasetFormatException {
        int labelAt = columnIn(table, label);
        int[] at = new int[columns.size()];
        for (int k = 0; k < at.length; k++) {
            at[k] = columns.get(k).kind() == ColumnKind.IGNORED
                    ? -1
                    : columnIn(table, columns.get(k).name());
        }
        int n = table.rowCount();
        float[] features = new float[Math.multiplyExact(n, featureCount)];
        int[] labels = regression ? null : new int[n];
        float[] targets = regression ? new float[n] : null;
        int[] unknown = new int[columns.size()];
        long[] firstUnknownLine = new long[columns.size()];
        for (int r = 0; r < n; r++) {
            int off = r * featureCount;
            for (int k = 0; k < at.length; k++) {
                ColumnEncoding c = columns.get(k);
                if (at[k] < 0) {
                    continue;
                }
                try {
                    if (!encodeCell(table.cell(r, at[k]), k, features, off) && unknown[k]++ == 0) {
                        firstUnknownLine[k] = table.line(r);
                    }
                } catch (CellProblem p) {
                    throw DatasetFormatException.atLine(
                            table.source(), table.line(r), "column " + Excerpt.of(c.name()) + ": " + p.getMessage());
                }
                off += c.width();
            }
            String labelCell = table.cell(r, labelAt);
            try {
                if (regression) {
                    targets[r] = number(labelCell, "label");
                } else {
                    labels[r] = classOf(labelCell);
                }
            } catch (CellProblem p) {
                throw DatasetFormatException.atLine(
                        table.source(), table.line(r), "label column " + Excerpt.of(label) + ": " + p.getMessage());
            }
        }
        for (int k = 0; k < unknown.length; k++) {
            if (unknown[k] > 0) {
                LOG.warn(
                        "{}: {} cells of column {} hold categories not seen when fitting (the first on line {}); "
                                + "they are encoded as all zeros",
                        table.source(),
                        unknown[k],
                        Excerpt.of(columns.get(k).name()),
                        firstUnknownLine[k]);
            }
        }
        int[] shape = {featureCount};
        return regression
                ? ArrayDataset.withTargets(features, shape, targets, 1)
                : ArrayDataset.withLabels(features, shape, labels, classes.size());
    }

    /**
     * The features of one row given by column name, for prediction: a column absent from
     * {@code row} counts as missing, and the label column, if present, is not used.
     *
     * @throws IllegalArgumentException naming the column, for a cell that cannot be encoded
     */
    public float[] features(Map<String, String> row) {
        float[] out = new float[featureCount];
        int off = 0;
        for (int k = 0; k < columns.size(); k++) {
            ColumnEncoding c = columns.get(k);
            if (c.kind() == ColumnKind.IGNORED) {
                continue;
            }
            try {
                encodeCell(row.get(c.name()), k, out, off);
            } catch (CellProblem p) {
                throw new IllegalArgumentException("column " + Excerpt.of(c.name()) + ": " + p.getMessage());
            }
            off += c.width();
        }
        return out;
    }

    /** Writes cell {@code cell} of feature column {@code k}; false if it was a category not seen when fitting. */
    private boolean encodeCell(String cell, int k, float[] dst, int off) throws CellProblem {
        ColumnEncoding c = columns.get(k);
        if (cell == null) {
            if (!c.imputes()) {
                throw new CellProblem("the value is missing; fill it in, ignore the column, or ask for imputation");
            }
            cell = c.kind() == ColumnKind.NUMERIC ? null : c.categoryImpute();
        }
        if (c.kind() == ColumnKind.NUMERIC) {
            dst[off] = cell == null ? c.numericImpute() : number(cell, "numeric column");
            return true;
        }
        Integer category = categoryIndex.get(k).get(cell);
        if (category == null) {
            return false;
        }
        dst[off + category] = 1f;
        return true;
    }

    private static float number(String cell, String what) throws CellProblem {
        if (cell == null) {
            throw new CellProblem("the value is missing");
        }
        if (!Cells.isNumber(cell)) {
            throw new CellProblem(Excerpt.of(cell) + " is not a number, and this is a " + what);
        }
        float v = Cells.toFloat(cell);
        if (!Float.isFinite(v)) {
            throw new CellProblem(Excerpt.of(cell) + " is outside the range of a float");
        }
        return v;
    }

    private int classOf(String cell) throws CellProblem {
        if (cell == null) {
            throw new CellProblem("the label is missing");
        }
        Integer c = classIndex.get(cell);
        if (c == null) {
            throw new CellProblem(Excerpt.of(cell) + " is not one of the " + classes.size() + " classes fitted ("
                    + quoted(classes) + ")");
        }
        return c;
    }

    private static int columnIn(Table table, String name) throws DatasetFormatException {
        int at = table.columnNames().indexOf(name);
        if (at < 0) {
            throw new DatasetFormatException(
                    table.source(),
                    -1,
                    "no column " + Excerpt.of(name) + ", which the " + "encoding was fitted with; the table has "
                            + quoted(table.columnNames()));
        }
        return at;
    }

    private static String quoted(List<String> values) {
        return QuotedList.of(values, QUOTED_MAX);
    }

    /** Distinct values sorted by number if all are numbers, else by text. */
    static List<String> sortedValues(Set<String> values) {
        List<String> sorted = new ArrayList<>(values);
        boolean numbers = sorted.stream().allMatch(Cells::isNumber);
        sorted.sort(
                numbers
                        ? Comparator.comparingDouble((String s) -> Double.parseDouble(s))
                                .thenComparing(Comparator.naturalOrder())
                        : Comparator.naturalOrder());
        return sorted;
    }

    /** As a JSON object; {@link #fromJson} reads it back. */
    public String toJson() {
        StringBuilder sb = new StringBuilder("{\"label\":")
                .append(JsonStrings.quote(label))
                .append(",\"regression\":")
                .append(regression)
                .append(",\"classes\":");
        strings(sb, classes);
        sb.append(",\"columns\":[");
        for (int k = 0; k < columns.size(); k++) {
            ColumnEncoding c = columns.get(k);
            sb.append(k == 0 ? "" : ",")
                    .append("{\"name\":")
                    .append(JsonStrings.quote(c.name()))
                    .append(",\"kind\":")
                    .append(JsonStrings.quote(c.kind().name().toLowerCase(Locale.ROOT)));
            if (c.kind() == ColumnKind.NUMERIC) {
                sb.append(",\"impute\":").append(Float.isNaN(c.numericImpute()) ? "null" : c.numericImpute());
            } else if (c.kind() == ColumnKind.CATEGORICAL) {
                sb.append(",\"categories\":");
                strings(sb, c.categories());
                sb.append(",\"impute\":")
                        .append(c.categoryImpute() == null ? "null" : JsonStrings.quote(c.categoryImpute()));
            }
            sb.append('}');
        }
        return sb.append("]}").toString();
    }

    private static void strings(StringBuilder sb, List<String> values) {
        sb.append('[');
        for (int i = 0; i < values.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(JsonStrings.quote(values.get(i)));
        }
        sb.append(']');
    }

    /**
     * The encoding {@link #toJson} wrote.
     *
     * @throws DatasetFormatException naming the file and the field that is missing or wrong
     */
    public static TableEncoding fromJson(JsonFields json) throws DatasetFormatException {
        String label = json.string("label");
        boolean regression = json.bool("regression");
        List<String> classes = json.strings("classes");
        requireDistinct(classes, json, "classes");
        if (regression != classes.isEmpty()) {
            throw new DatasetFormatException(
                    json.source(),
                    -1,
                    "an encoding " + (regression ? "for regression has classes" : "for classification has no classes"));
        }
        List<ColumnEncoding> columns = new ArrayList<>();
        for (JsonFields c : json.objects("columns")) {
            String name = c.string("name");
            String kind = c.string("kind");
            switch (kind) {
                case "numeric" -> {
                    float impute = c.isNull("impute") ? Float.NaN : (float) c.number("impute");
                    if (Float.isInfinite(impute)) {
                        throw new DatasetFormatException(
                                json.source(),
                                -1,
                                "column " + Excerpt.of(name) + " imputes a number outside the float range");
                    }
                    columns.add(new ColumnEncoding(name, ColumnKind.NUMERIC, List.of(), impute, null));
                }
                case "categorical" -> {
                    List<String> categories = c.strings("categories");
                    requireDistinct(categories, c, "categories");
                    String impute = c.stringOrNull("impute");
                    if (impute != null && !categories.contains(impute)) {
                        throw new DatasetFormatException(
                                json.source(),
                                -1,
                                "column " + Excerpt.of(name) + " imputes " + Excerpt.of(impute)
                                        + ", which is not one of its categories");
                    }
                    columns.add(new ColumnEncoding(name, ColumnKind.CATEGORICAL, categories, Float.NaN, impute));
                }
                case "ignored" -> columns.add(new ColumnEncoding(name, ColumnKind.IGNORED, List.of(), Float.NaN, null));
                default ->
                    throw new DatasetFormatException(
                            json.source(),
                            -1,
                            "column " + Excerpt.of(name) + " has kind " + Excerpt.of(kind)
                                    + "; expected numeric, categorical or ignored");
            }
        }
        return new TableEncoding(label, regression, classes, columns);
    }

    private static void requireDistinct(List<String> values, JsonFields json, String key)
            throws DatasetFormatException {
        Set<String> seen = new HashSet<>();
        for (String v : values) {
            if (!seen.add(v)) {
                throw new DatasetFormatException(json.source(), -1, key + " lists " + Excerpt.of(v) + " twice");
            }
        }
    }

    /** Why one cell cannot be encoded; the caller adds where it is. */
    private static final class CellProblem extends Exception {
        private static final long serialVersionUID = 1L;

        CellProblem(String message) {
            super(message, null, false, false);
        }
    }

    /** Options of a {@link TableEncoding}, and {@link #fit} to learn it from a table. */
    public static final class Builder {
        private final String labelSpec;
        private final List<String> categoricalSpecs = new ArrayList<>();
        private final List<String> ignoredSpecs = new ArrayList<>();
        private boolean impute;
        private boolean regression;
        private List<String> classes;

        private Builder(String labelSpec) {
            this.labelSpec = Objects.requireNonNull(labelSpec, "labelColumn");
        }

        /** Treat these columns (names or numbers) as categorical, whatever their cells look like. */
        public Builder categorical(String... columns) {
            categoricalSpecs.addAll(List.of(columns));
            return this;
        }

        /** Leave these columns (names or numbers) out, e.g. identifiers. */
        public Builder ignore(String... columns) {
            ignoredSpecs.addAll(List.of(columns));
            return this;
        }

        /** Fill in missing cells with the column's mean or most frequent category, instead of refusing them. */
        public Builder impute(boolean impute) {
            this.impute = impute;
            return this;
        }

        /**
         * The label's classes, in class-index order, instead of those of the table fitted on: for
         * fitting on some rows (the training ones) while keeping the classes of all of them.
         */
        public Builder classes(List<String> classes) {
            this.classes = classes == null ? null : List.copyOf(classes);
            return this;
        }

        /** Make the label a float target (regression) rather than a class. */
        public Builder regression(boolean regression) {
            this.regression = regression;
            return this;
        }

        /**
         * Learns the encoding from {@code table}: the column kinds, the categories, the classes and
         * the imputed values. Fit it on the training rows ({@link Table#select}) to keep the others
         * out of the imputed means.
         *
         * @throws IllegalArgumentException if a named column is not in the table, or is both
         *                                  categorical and ignored, or is the label
         * @throws DatasetFormatException   naming the file, line and column: a stray non-number in a
         *                                  numeric column, a missing cell without imputation, a
         *                                  column with no values, a missing label
         */
        public TableEncoding fit(Table table) throws DatasetFormatException {
            int labelAt = table.column(labelSpec);
            Set<Integer> categorical = resolve(table, categoricalSpecs);
            Set<Integer> ignored = resolve(table, ignoredSpecs);
            for (int c : categorical) {
                if (ignored.contains(c) || c == labelAt) {
                    throw new IllegalArgumentException(table.source() + ": column "
                            + Excerpt.of(table.columnNames().get(c)) + " is declared categorical and is "
                            + (c == labelAt ? "the label" : "ignored"));
                }
            }
            if (ignored.contains(labelAt)) {
                throw new IllegalArgumentException(table.source() + ": the label column "
                        + Excerpt.of(table.columnNames().get(labelAt)) + " is also ignored");
            }
            List<ColumnEncoding> columns = new ArrayList<>();
            for (int c = 0; c < table.columnCount(); c++) {
                if (c == labelAt) {
                    continue;
                }
                String name = table.columnNames().get(c);
                columns.add(
                        ignored.contains(c)
                                ? new ColumnEncoding(name, ColumnKind.IGNORED, List.of(), Float.NaN, null)
                                : fitColumn(table, c, categorical.contains(c), impute));
            }
            List<String> found = regression ? List.of() : fitClasses(table, labelAt);
            if (classes != null && !regression) {
                checkClasses(table, labelAt, found);
            }
            List<String> classes = regression ? List.of() : this.classes != null ? this.classes : found;
            if (regression) {
                checkTargets(table, labelAt);
            }
            return new TableEncoding(table.columnNames().get(labelAt), regression, classes, columns);
        }

        private void checkClasses(Table table, int labelAt, List<String> found) throws DatasetFormatException {
            if (new HashSet<>(classes).size() != classes.size() || classes.isEmpty()) {
                throw new IllegalArgumentException("table encoding: the classes given must be distinct and at least "
                        + "one, got " + quoted(classes));
            }
            for (int r = 0; r < table.rowCount(); r++) {
                if (!classes.contains(table.cell(r, labelAt))) {
                    throw DatasetFormatException.atLine(
                            table.source(),
                            table.line(r),
                            "label column "
                                    + Excerpt.of(table.columnNames().get(labelAt)) + ": "
                                    + Excerpt.of(table.cell(r, labelAt))
                                    + " is not one of the " + classes.size() + " classes given (" + quoted(classes)
                                    + ")");
                }
            }
        }

        private static Set<Integer> resolve(Table table, List<String> specs) {
            Set<Integer> out = new HashSet<>();
            for (String spec : specs) {
                out.add(table.column(spec));
            }
            return out;
        }
    }

    private static ColumnEncoding fitColumn(Table table, int c, boolean declaredCategorical, boolean impute)
            throws DatasetFormatException {
        String name = table.columnNames().get(c);
        int numbers = 0;
        int others = 0;
        int firstNumber = -1;
        int firstOther = -1;
        int firstMissing = -1;
        for (int r = 0; r < table.rowCount(); r++) {
            String cell = table.cell(r, c);
            if (cell == null) {
                firstMissing = firstMissing < 0 ? r : firstMissing;
            } else if (Cells.isNumber(cell)) {
                firstNumber = firstNumber < 0 ? r : firstNumber;
                numbers++;
            } else {
                firstOther = firstOther < 0 ? r : firstOther;
                others++;
            }
        }
        if (numbers + others == 0) {
            throw new DatasetFormatException(
                    table.source(),
                    -1,
                    "column " + Excerpt.of(name) + " has no values (all " + table.rowCount()
                            + " cells are missing); ignore it");
        }
        if (firstMissing >= 0 && !impute) {
            throw DatasetFormatException.atLine(
                    table.source(),
                    table.line(firstMissing),
                    "column " + Excerpt.of(name)
                            + ": the value is missing; fill it in, ignore the column, or ask for imputation");
        }
        boolean categorical = declaredCategorical || others > numbers;
        if (!categorical && others > 0) {
            throw DatasetFormatException.atLine(
                    table.source(),
                    table.line(firstOther),
                    "column " + Excerpt.of(name)
                            + ": " + Excerpt.of(table.cell(firstOther, c)) + " is not a number, while " + numbers
                            + " of the "
                            + "column's " + (numbers + others) + " values are (the first on line "
                            + table.line(firstNumber)
                            + ": " + Excerpt.of(table.cell(firstNumber, c)) + "); fix the cell, or declare the column "
                            + "categorical if it is one");
        }
        if (categorical) {
            Map<String, Integer> counts = new TreeMap<>();
            for (int r = 0; r < table.rowCount(); r++) {
                String cell = table.cell(r, c);
                if (cell != null) {
                    counts.merge(cell, 1, Integer::sum);
                }
            }
            List<String> categories = sortedValues(counts.keySet());
            String mostFrequent = null;
            for (String category : categories) {
                if (mostFrequent == null || counts.get(category) > counts.get(mostFrequent)) {
                    mostFrequent = category;
                }
            }
            return new ColumnEncoding(
                    name, ColumnKind.CATEGORICAL, categories, Float.NaN, impute ? mostFrequent : null);
        }
        double sum = 0;
        for (int r = 0; r < table.rowCount(); r++) {
            String cell = table.cell(r, c);
            if (cell == null) {
                continue;
            }
            float v = Cells.toFloat(cell);
            if (!Float.isFinite(v)) {
                throw DatasetFormatException.atLine(
                        table.source(),
                        table.line(r),
                        "column " + Excerpt.of(name) + ": " + Excerpt.of(cell) + " is outside the range of a float");
            }
            sum += v;
        }
        return new ColumnEncoding(
                name, ColumnKind.NUMERIC, List.of(), impute ? (float) (sum / numbers) : Float.NaN, null);
    }

    private static List<String> fitClasses(Table table, int labelAt) throws DatasetFormatException {
        Set<String> values = new HashSet<>();
        for (int r = 0; r < table.rowCount(); r++) {
            String cell = table.cell(r, labelAt);
            if (cell == null) {
                throw DatasetFormatException.atLine(
                        table.source(),
                        table.line(r),
                        "label column " + Excerpt.of(table.columnNames().get(labelAt)) + ": the label is missing");
            }
            values.add(cell);
        }
        return sortedValues(values);
    }

    private static void checkTargets(Table table, int labelAt) throws DatasetFormatException {
        for (int r = 0; r < table.rowCount(); r++) {
            try {
                number(table.cell(r, labelAt), "regression target");
            } catch (CellProblem p) {
                throw DatasetFormatException.atLine(
                        table.source(),
                        table.line(r),
                        "label column " + Excerpt.of(table.columnNames().get(labelAt)) + ": " + p.getMessage());
            }
        }
    }
}
