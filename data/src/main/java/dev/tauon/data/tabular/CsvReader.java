package dev.tauon.data.tabular;

import dev.tauon.core.io.Excerpt;
import dev.tauon.data.DatasetFormatException;
import dev.tauon.data.io.ArchiveInput;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a CSV file, gzip-compressed or not (told by its magic bytes), UTF-8 with or without a
 * byte-order mark, into a {@link Table} of text cells. Every row must have as many fields as the
 * header (or, without one, as the first row); a row that does not is refused with its line.
 */
public final class CsvReader {
    /** The longest field accepted: a longer one means the file is not the CSV it was taken for. */
    public static final int MAX_FIELD_CHARS = 1 << 20;
    /** The most columns accepted. */
    public static final int MAX_COLUMNS = 1 << 16;

    private CsvReader() {}

    /**
     * Reads {@code file}.
     *
     * @throws NoSuchFileException    if there is no such file
     * @throws DatasetFormatException naming the file and line: a ragged row, an unclosed quote,
     *                                duplicate column names, no rows
     */
    public static Table read(Path file, CsvFormat format) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no CSV file here");
        }
        try (Reader in = new BufferedReader(new InputStreamReader(ArchiveInput.open(file), StandardCharsets.UTF_8))) {
            return read(in, file.toString(), format);
        }
    }

    /** Reads CSV text from {@code in}; {@code source} names it in errors. */
    public static Table read(Reader in, String source, CsvFormat format) throws IOException {
        CsvParser parser = new CsvParser(skipByteOrderMark(in), source, format);
        List<String> first = parser.next();
        if (first == null) {
            throw new DatasetFormatException(source, -1, "no rows: the file is empty");
        }
        long headerLine = parser.recordLine();
        if (first.size() > MAX_COLUMNS) {
            throw DatasetFormatException.atLine(
                    source,
                    headerLine,
                    first.size() + " fields, more than the " + MAX_COLUMNS + " columns a table may have");
        }
        List<String> names = format.header() ? headerNames(first, source, headerLine) : numbered(first.size());
        List<String[]> rows = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        if (!format.header()) {
            rows.add(first.toArray(new String[0]));
            lines.add(headerLine);
        }
        for (List<String> record = parser.next(); record != null; record = parser.next()) {
            if (record.size() != names.size()) {
                throw DatasetFormatException.atLine(
                        source,
                        parser.recordLine(),
                        record.size() + " fields, expected "
                                + names.size() + " as " + (format.header() ? "in the header" : "in the first row")
                                + " (line " + headerLine + ")" + delimiterHint(record, format));
            }
            rows.add(record.toArray(new String[0]));
            lines.add(parser.recordLine());
        }
        if (rows.isEmpty()) {
            throw DatasetFormatException.atLine(source, headerLine, "a header and no rows");
        }
        long[] lineArray = new long[lines.size()];
        for (int i = 0; i < lineArray.length; i++) {
            lineArray[i] = lines.get(i);
        }
        return new Table(source, names, rows.toArray(new String[0][]), lineArray);
    }

    private static Reader skipByteOrderMark(Reader in) throws IOException {
        BufferedReader buffered = in instanceof BufferedReader b ? b : new BufferedReader(in);
        buffered.mark(1);
        if (buffered.read() != '\uFEFF') {
            buffered.reset();
        }
        return buffered;
    }

    /** Header names; an empty one (as pandas writes above its index) is named by its column number. */
    private static List<String> headerNames(List<String> header, String source, long line)
            throws DatasetFormatException {
        List<String> names = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i) == null || header.get(i).isEmpty() ? Integer.toString(i) : header.get(i);
            Integer before = seen.put(name, i);
            if (before != null) {
                throw DatasetFormatException.atLine(
                        source, line, "columns " + before + " and " + i + " are both named " + Excerpt.of(name));
            }
            names.add(name);
        }
        return names;
    }

    private static List<String> numbered(int n) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add(Integer.toString(i));
        }
        return names;
    }

    /** A hint when a one-field row holds another common delimiter. */
    private static String delimiterHint(List<String> record, CsvFormat format) {
        if (record.size() == 1 && record.get(0) != null) {
            for (char d : new char[] {',', ';', '\t', '|'}) {
                if (d != format.delimiter() && record.get(0).indexOf(d) >= 0) {
                    return "; the row holds " + Excerpt.of(String.valueOf(d)) + ": is that the delimiter?";
                }
            }
        }
        return "";
    }
}
