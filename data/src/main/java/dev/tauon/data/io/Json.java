package dev.tauon.data.io;

import dev.tauon.core.io.Excerpt;
import dev.tauon.data.DatasetFormatException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict reader of the small JSON files the data module writes (saved preprocessing): objects
 * become {@code Map<String, Object>} in file order, arrays {@code List<Object>}, strings
 * {@code String}, numbers {@code Double} (a float written with {@code Float.toString} reads back
 * as the same float), {@code true}/{@code false} {@code Boolean}, and {@code null} null. Errors name
 * the file and the character offset.
 *
 * <p>The text comes from files, so what it can make the parser do is bounded: at most
 * {@value #MAX_CHARS} characters, nesting at most {@value #MAX_DEPTH} levels (the recursion's
 * depth), strings of at most {@value #MAX_STRING_CHARS} characters and at most {@value #MAX_VALUES}
 * values in all. Each limit is refused where it is crossed, before anything is allocated for what
 * lies beyond it, so a parse holds a few hundred bytes of heap per value at most (a value's text
 * takes at least one character, an empty object in a list three).
 */
public final class Json {
    /** The deepest nesting of objects and arrays accepted. */
    public static final int MAX_DEPTH = 64;
    /** The longest text parsed: the saved preprocessing files are kilobytes. */
    public static final int MAX_CHARS = 1 << 24;
    /** The longest string, counted as decoded: class names, column names and categories. */
    public static final int MAX_STRING_CHARS = 1 << 16;
    /**
     * The most values in one text, counting every object, array, string, number and literal: an
     * empty object costs three characters of text but about 60 bytes of heap, so the text's limit
     * alone would let a file ask for a gigabyte.
     */
    public static final int MAX_VALUES = 1 << 20;

    private final String text;
    private final String source;
    private int pos;
    private int values;

    private Json(String text, String source) {
        this.text = text;
        this.source = source;
    }

    /**
     * Parses {@code text}, which must hold exactly one JSON value.
     *
     * @param source named in errors, e.g. the file
     * @throws DatasetFormatException naming {@code source} and the offset of the first error
     */
    public static Object parse(String text, String source) throws DatasetFormatException {
        if (text.length() > MAX_CHARS) {
            throw new DatasetFormatException(
                    source,
                    -1,
                    "JSON text of " + text.length() + " characters is beyond Tauon's limits: more than " + MAX_CHARS
                            + " (Json.MAX_CHARS)");
        }
        Json json = new Json(text, source);
        Object value = json.value(0);
        json.skipSpace();
        if (json.pos < text.length()) {
            throw json.error("unexpected " + json.found() + " after the value");
        }
        return value;
    }

    private Object value(int depth) throws DatasetFormatException {
        if (depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH + " levels (Json.MAX_DEPTH)");
        }
        skipSpace();
        if (++values > MAX_VALUES) {
            throw error("more than " + MAX_VALUES + " values (Json.MAX_VALUES)");
        }
        if (pos >= text.length()) {
            throw error("unexpected end of the text, expected a value");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{':
                return object(depth);
            case '[':
                return array(depth);
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw error("unexpected " + found() + ", expected a value");
        }
    }

    private Map<String, Object> object(int depth) throws DatasetFormatException {
        Map<String, Object> map = new LinkedHashMap<>();
        pos++;
        skipSpace();
        if (consume('}')) {
            return map;
        }
        while (true) {
            skipSpace();
            if (pos >= text.length() || text.charAt(pos) != '"') {
                throw error("expected a key in double quotes, found " + found());
            }
            int keyAt = pos;
            String key = string();
            skipSpace();
            if (!consume(':')) {
                throw error("expected ':' after key " + Excerpt.of(key) + ", found " + found());
            }
            if (map.containsKey(key)) {
                pos = keyAt;
                throw error("key " + Excerpt.of(key) + " appears twice in one object");
            }
            map.put(key, value(depth + 1));
            skipSpace();
            if (consume('}')) {
                return map;
            }
            if (!consume(',')) {
                throw error("expected ',' or '}' in an object, found " + found());
            }
        }
    }

    private List<Object> array(int depth) throws DatasetFormatException {
        List<Object> list = new ArrayList<>();
        pos++;
        skipSpace();
        if (consume(']')) {
            return list;
        }
        while (true) {
            list.add(value(depth + 1));
            skipSpace();
            if (consume(']')) {
                return list;
            }
            if (!consume(',')) {
                throw error("expected ',' or ']' in an array, found " + found());
            }
        }
    }

    private String string() throws DatasetFormatException {
        int start = pos;
        pos++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                pos = start;
                throw error("a string is never closed");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            }
            if (c < 0x20) {
                pos--;
                throw error(
                        "a control character inside a string (write it as \\u" + String.format("%04x", (int) c) + ")");
            }
            if (sb.length() == MAX_STRING_CHARS) {
                pos = start;
                throw error("a string longer than " + MAX_STRING_CHARS + " characters (Json.MAX_STRING_CHARS)");
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= text.length()) {
                continue;
            }
            char e = text.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    int digits = Math.min(4, text.length() - pos);
                    String hex = text.substring(pos, pos + digits);
                    // Integer.parseInt alone would take a sign, and "\\u+041" is not JSON
                    if (digits < 4 || !hex.chars().allMatch(h -> Character.digit(h, 16) >= 0)) {
                        throw error("a \\u escape needs four hex digits, found " + Excerpt.of(hex));
                    }
                    sb.append((char) Integer.parseInt(hex, 16));
                    pos += 4;
                }
                default -> {
                    pos -= 2;
                    throw error("unknown escape " + Excerpt.of("\\" + e) + " in a string");
                }
            }
        }
    }

    private Double number() throws DatasetFormatException {
        int start = pos;
        consume('-');
        int intStart = pos;
        if (!digits()) {
            throw error("a number needs digits, found " + found());
        }
        if (pos - intStart > 1 && text.charAt(intStart) == '0') {
            pos = intStart;
            throw error("a number starts with a 0 followed by digits, found " + found());
        }
        if (consume('.') && !digits()) {
            throw error("a number needs digits after its '.', found " + found());
        }
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            pos++;
            if (!consume('+')) {
                consume('-');
            }
            if (!digits()) {
                throw error("a number needs digits in its exponent, found " + found());
            }
        }
        return Double.valueOf(text.substring(start, pos));
    }

    private boolean digits() {
        int start = pos;
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            pos++;
        }
        return pos > start;
    }

    private Object literal(String word, Object value) throws DatasetFormatException {
        if (!text.startsWith(word, pos)) {
            throw error("unexpected " + found() + ", expected a value");
        }
        pos += word.length();
        return value;
    }

    private boolean consume(char c) {
        if (pos < text.length() && text.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void skipSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private String found() {
        return pos >= text.length()
                ? "the end of the text"
                : Excerpt.of(text.substring(pos, Math.min(pos + 20, text.length())));
    }

    private DatasetFormatException error(String problem) {
        return new DatasetFormatException(source, -1, "JSON at character " + pos + ": " + problem);
    }
}
