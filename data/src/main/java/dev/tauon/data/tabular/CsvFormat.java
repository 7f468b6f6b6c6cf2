package dev.tauon.data.tabular;

import java.util.Objects;
import java.util.Set;

/**
 * How a CSV file is written: the field delimiter, whether the first row names the columns, and
 * which cells count as missing. Fields may be quoted with {@code "} (RFC 4180: a quote inside is
 * written twice, and a quoted field may hold delimiters and line breaks); unquoted fields are
 * stripped of surrounding blanks; blank lines are skipped.
 *
 * @param delimiter the character between fields, not a quote or a line break
 * @param header    whether the first row holds the column names; without one, the columns are
 *                  named by their number from 0
 * @param missing   cells that stand for a missing value (compared after stripping; the empty cell
 *                  is one by default)
 */
public record CsvFormat(char delimiter, boolean header, Set<String> missing) {
    /** What pandas reads as missing by default, less its rarer spellings, plus the UCI {@code ?}. */
    public static final Set<String> DEFAULT_MISSING = Set.of("", "NA", "N/A", "NaN", "nan", "null", "NULL", "?");
    /** Comma-separated with a header row, {@link #DEFAULT_MISSING} cells missing. */
    public static final CsvFormat DEFAULT = new CsvFormat(',', true, DEFAULT_MISSING);

    /** Checks the format: the delimiter cannot be a quote or a line break. */
    public CsvFormat {
        if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
            throw new IllegalArgumentException(
                    "csv format: the delimiter cannot be a quote or a line break, got " + (int) delimiter);
        }
        missing = Set.copyOf(Objects.requireNonNull(missing, "missing"));
    }

    /** The same with fields separated by {@code delimiter} (e.g. {@code ';'} or {@code '\t'}). */
    public CsvFormat withDelimiter(char delimiter) {
        return new CsvFormat(delimiter, header, missing);
    }

    /** The same, with or without a header row. */
    public CsvFormat withHeader(boolean header) {
        return new CsvFormat(delimiter, header, missing);
    }

    /** The same with these cells standing for missing values. */
    public CsvFormat withMissing(Set<String> missing) {
        return new CsvFormat(delimiter, header, missing);
    }
}
