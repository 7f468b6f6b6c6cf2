package dev.tauon.data.tabular;

import dev.tauon.core.io.Excerpt;
import dev.tauon.data.DatasetFormatException;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits CSV text into records of fields (RFC 4180 quoting, any line break), keeping the line each
 * record starts on for the error messages. Missing cells become {@code null}.
 */
final class CsvParser {
    private static final int EOF = -1;

    private final Reader in;
    private final String source;
    private final CsvFormat format;
    private final StringBuilder field = new StringBuilder();
    private long line = 1;
    private long recordLine;
    private int pushedBack = Integer.MIN_VALUE;

    CsvParser(Reader in, String source, CsvFormat format) {
        this.in = in;
        this.source = source;
        this.format = format;
    }

    /** The line the last record returned by {@link #next} starts on. */
    long recordLine() {
        return recordLine;
    }

    /** The next record's fields, or null at the end; blank lines are skipped. */
    List<String> next() throws IOException {
        int c = read();
        while (c == '\n' || c == '\r') {
            lineBreak(c);
            c = read();
        }
        if (c == EOF) {
            return null;
        }
        recordLine = line;
        List<String> fields = new ArrayList<>();
        while (true) {
            c = readField(c, fields);
            if (c == format.delimiter()) {
                c = read();
                continue;
            }
            if (c == '\n' || c == '\r') {
                lineBreak(c);
            }
            return fields;
        }
    }

    /** Reads one field starting with {@code c} into {@code fields}; returns the character after it. */
    private int readField(int c, List<String> fields) throws IOException {
        field.setLength(0);
        if (c == '"') {
            long quoteLine = line;
            while (true) {
                c = read();
                if (c == EOF) {
                    throw DatasetFormatException.atLine(
                            source,
                            quoteLine,
                            "a quoted field is never closed (no " + "matching '\"' before the end of the file)");
                }
                if (c == '"') {
                    c = read();
                    if (c != '"') {
                        break;
                    }
                } else if (c == '\n' || c == '\r') {
                    lineBreak(c);
                    c = '\n';
                }
                append((char) c);
            }
            if (c != format.delimiter() && c != '\n' && c != '\r' && c != EOF) {
                throw DatasetFormatException.atLine(
                        source,
                        line,
                        "unexpected " + Excerpt.of(String.valueOf((char) c))
                                + " after the closing quote of field " + (fields.size() + 1)
                                + " (a quote inside a quoted "
                                + "field is written twice)");
            }
            String value = field.toString();
            fields.add(format.missing().contains(value) ? null : value);
            return c;
        }
        while (c != format.delimiter() && c != '\n' && c != '\r' && c != EOF) {
            append((char) c);
            c = read();
        }
        String value = field.toString().strip();
        fields.add(format.missing().contains(value) ? null : value);
        return c;
    }

    private void append(char c) throws DatasetFormatException {
        if (field.length() >= CsvReader.MAX_FIELD_CHARS) {
            throw DatasetFormatException.atLine(
                    source,
                    recordLine,
                    "a field longer than " + CsvReader.MAX_FIELD_CHARS
                            + " characters (is this a CSV file, with this delimiter and quoting?)");
        }
        field.append(c);
    }

    /** Counts the line break {@code c}, taking the {@code \n} of a {@code \r\n} with it. */
    private void lineBreak(int c) throws IOException {
        line++;
        if (c == '\r') {
            int next = read();
            if (next != '\n') {
                unread(next);
            }
        }
    }

    private int read() throws IOException {
        if (pushedBack != Integer.MIN_VALUE) {
            int c = pushedBack;
            pushedBack = Integer.MIN_VALUE;
            return c;
        }
        return in.read();
    }

    private void unread(int c) {
        pushedBack = c;
    }
}
