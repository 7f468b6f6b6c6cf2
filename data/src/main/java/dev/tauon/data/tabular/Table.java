package dev.tauon.data.tabular;

import dev.tauon.core.io.Excerpt;
import dev.tauon.data.io.QuotedList;
import java.util.List;
import java.util.Objects;

/**
 * Rows of text cells with named columns, as read from a CSV file, each row with the line it came
 * from so that errors about it can say where it is. Missing cells are {@code null}. Immutable;
 * {@link #select} returns a table of some of the rows.
 */
public final class Table {
    private final String source;
    private final List<String> names;
    private final String[][] rows;
    private final long[] lines;

    Table(String source, List<String> names, String[][] rows, long[] lines) {
        this.source = source;
        this.names = List.copyOf(names);
        this.rows = rows;
        this.lines = lines;
    }

    /** The file the table was read from, for messages. */
    public String source() {
        return source;
    }

    /** The column names: the header's, or {@code "0"}, {@code "1"}, ... without a header. */
    public List<String> columnNames() {
        return names;
    }

    /** Number of columns. */
    public int columnCount() {
        return names.size();
    }

    /** Number of rows (the header not counted). */
    public int rowCount() {
        return rows.length;
    }

    /** The cell of {@code row} in {@code column}, or {@code null} if it is missing. */
    public String cell(int row, int column) {
        return rows[Objects.checkIndex(row, rows.length)][Objects.checkIndex(column, names.size())];
    }

    /** The line of the file where {@code row} starts (1 for the first line). */
    public long line(int row) {
        return lines[Objects.checkIndex(row, rows.length)];
    }

    /**
     * The index of the column {@code spec} names: a column name, else a column number from 0
     * (negative numbers count from the end: -1 is the last column).
     *
     * @throws IllegalArgumentException naming the columns there are, if there is no such column
     */
    public int column(String spec) {
        int byName = names.indexOf(spec);
        if (byName >= 0) {
            return byName;
        }
        try {
            int number = Integer.parseInt(spec.strip());
            int index = number < 0 ? names.size() + number : number;
            if (index >= 0 && index < names.size()) {
                return index;
            }
        } catch (NumberFormatException notANumber) {
            // fall through to the error
        }
        throw new IllegalArgumentException(source + ": no column " + Excerpt.of(spec) + "; the " + names.size()
                + " columns are " + QuotedList.of(names, 20) + " (or give a number from 0 to " + (names.size() - 1)
                + ", -1 for the last)");
    }

    /** The rows at {@code indices}, in that order, as a table sharing the cells. */
    public Table select(int[] indices) {
        String[][] picked = new String[indices.length][];
        long[] pickedLines = new long[indices.length];
        for (int i = 0; i < indices.length; i++) {
            picked[i] = rows[Objects.checkIndex(indices[i], rows.length)];
            pickedLines[i] = lines[indices[i]];
        }
        return new Table(source, names, picked, pickedLines);
    }

    @Override
    public String toString() {
        return "Table[" + source + ", " + rows.length + " rows, " + names.size() + " columns]";
    }
}
