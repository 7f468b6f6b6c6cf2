package dev.tauon.nn.config;

import dev.tauon.core.io.Excerpt;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A strict JSON parser for model configs, bounded for hostile input: the text's length is checked
 * by the caller ({@link ModelConfig#MAX_CHARS}), nesting stops at {@link ModelConfig#MAX_DEPTH}
 * (so the recursion here is bounded too), strings at {@link ModelConfig#MAX_STRING_CHARS} and
 * number tokens at {@link #MAX_NUMBER_CHARS}, each refused before anything is allocated for it.
 * Duplicate keys are refused: a config with two {@code "units"} has no single meaning.
 */
final class JsonParser {
    /** The longest number token; a float needs at most about 15 characters, an int 11. */
    static final int MAX_NUMBER_CHARS = 32;

    private final String text;
    private final String source;
    private int pos;

    private JsonParser(String text, String source) {
        this.text = text;
        this.source = source;
    }

    /** Parses {@code text}, a whole JSON document; {@code source} names it in errors. */
    static JsonValue parse(String text, String source) throws ModelConfigException {
        JsonParser p = new JsonParser(text, source);
        JsonValue v = p.value(1);
        p.skipSpace();
        if (p.pos < text.length()) {
            throw p.error(p.pos, "unexpected " + p.describeAt(p.pos) + " after the end of the JSON value");
        }
        return v;
    }

    private JsonValue value(int depth) throws ModelConfigException {
        skipSpace();
        int start = pos;
        if (pos >= text.length()) {
            throw error(pos, "expected a value, found the end of the config");
        }
        char c = text.charAt(pos);
        if (c == '{' || c == '[') {
            if (depth > ModelConfig.MAX_DEPTH) {
                throw error(pos, "nested deeper than " + ModelConfig.MAX_DEPTH + " levels (ModelConfig.MAX_DEPTH)");
            }
            return c == '{' ? object(depth) : array(depth);
        } else if (c == '"') {
            return new JsonValue(string(), start);
        } else if (c == '-' || c >= '0' && c <= '9') {
            return new JsonValue(number(), start);
        } else if (text.startsWith("true", pos)) {
            pos += 4;
            return new JsonValue(Boolean.TRUE, start);
        } else if (text.startsWith("false", pos)) {
            pos += 5;
            return new JsonValue(Boolean.FALSE, start);
        } else if (text.startsWith("null", pos)) {
            pos += 4;
            return new JsonValue(null, start);
        }
        throw error(pos, "expected a value, found " + describeAt(pos));
    }

    private JsonValue object(int depth) throws ModelConfigException {
        int start = pos++;
        Map<String, JsonValue> members = new LinkedHashMap<>();
        skipSpace();
        if (consume('}')) {
            return new JsonValue(members, start);
        }
        do {
            skipSpace();
            int keyAt = pos;
            if (pos >= text.length() || text.charAt(pos) != '"') {
                throw error(pos, "expected a key (a string), found " + describeAt(pos));
            }
            String key = string();
            if (members.containsKey(key)) {
                throw error(keyAt, "key " + Excerpt.of(key) + " appears twice in one object");
            }
            skipSpace();
            if (!consume(':')) {
                throw error(pos, "expected ':' after a key, found " + describeAt(pos));
            }
            members.put(key, value(depth + 1));
            skipSpace();
        } while (consume(','));
        if (!consume('}')) {
            throw error(pos, "expected ',' or '}' in an object, found " + describeAt(pos));
        }
        return new JsonValue(members, start);
    }

    private JsonValue array(int depth) throws ModelConfigException {
        int start = pos++;
        List<JsonValue> items = new ArrayList<>();
        skipSpace();
        if (consume(']')) {
            return new JsonValue(items, start);
        }
        do {
            items.add(value(depth + 1));
            skipSpace();
        } while (consume(','));
        if (!consume(']')) {
            throw error(pos, "expected ',' or ']' in an array, found " + describeAt(pos));
        }
        return new JsonValue(items, start);
    }

    /** A string at {@code pos} (its opening quote), scanned to its end and measured before it is copied. */
    private String string() throws ModelConfigException {
        int start = pos;
        int p = pos + 1;
        boolean escaped = false;
        while (true) {
            if (p - start - 1 > 6 * ModelConfig.MAX_STRING_CHARS) { // an escape takes up to 6 chars per char
                throw error(
                        start,
                        "string longer than " + ModelConfig.MAX_STRING_CHARS
                                + " characters (ModelConfig.MAX_STRING_CHARS)");
            }
            if (p >= text.length()) {
                throw error(p, "string not closed before the end of the config");
            }
            char c = text.charAt(p);
            if (c == '"') {
                break;
            } else if (c < 0x20) {
                throw error(p, "control character " + describeAt(p) + " in a string (JSON needs it escaped)");
            } else if (c == '\\') {
                escaped = true;
                p++;
            }
            p++;
        }
        String raw = text.substring(start + 1, p);
        String s = escaped ? unescape(raw, start + 1) : raw;
        if (s.length() > ModelConfig.MAX_STRING_CHARS) {
            throw error(
                    start,
                    "string longer than " + ModelConfig.MAX_STRING_CHARS
                            + " characters (ModelConfig.MAX_STRING_CHARS)");
        }
        pos = p + 1;
        return s;
    }

    private String unescape(String raw, int at) throws ModelConfigException {
        StringBuilder sb = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = i + 1 < raw.length() ? raw.charAt(i + 1) : '?';
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (i + 6 > raw.length()) {
                        throw error(at + i, "bad \\u escape (four hex digits must follow)");
                    }
                    int v = 0;
                    for (int k = i + 2; k < i + 6; k++) {
                        int d = Character.digit(raw.charAt(k), 16);
                        if (d < 0) {
                            throw error(at + i, "bad \\u escape (four hex digits must follow)");
                        }
                        v = v << 4 | d;
                    }
                    sb.append((char) v);
                    i += 4;
                }
                default -> throw error(at + i, "unknown escape: a backslash, then " + describeChar(e));
            }
            i++;
        }
        return sb.toString();
    }

    /** A number token as JSON's grammar has it: {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}. */
    private JsonValue.Number number() throws ModelConfigException {
        int start = pos;
        consume('-');
        int intStart = pos;
        if (!digits()) {
            throw error(start, "a number needs digits after its sign");
        }
        if (text.charAt(intStart) == '0' && pos - intStart > 1) {
            throw error(start, "number with a leading zero");
        }
        if (consume('.') && !digits()) {
            throw error(start, "a number needs digits after its decimal point");
        }
        if (consume('e') || consume('E')) {
            if (!consume('+')) {
                consume('-');
            }
            if (!digits()) {
                throw error(start, "a number needs digits in its exponent");
            }
        }
        if (pos - start > MAX_NUMBER_CHARS) {
            throw error(start, "number longer than " + MAX_NUMBER_CHARS + " characters");
        }
        return new JsonValue.Number(text.substring(start, pos));
    }

    private boolean digits() {
        int start = pos;
        while (pos < text.length()
                && text.charAt(pos) >= '0'
                && text.charAt(pos) <= '9'
                && pos - start <= MAX_NUMBER_CHARS) {
            pos++;
        }
        return pos > start;
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
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            pos++;
        }
    }

    private String describeAt(int p) {
        return p >= text.length() ? "the end of the config" : describeChar(text.charAt(p));
    }

    private static String describeChar(char c) {
        return c > 0x20 && c < 0x7f ? "'" + c + "'" : String.format(Locale.ROOT, "U+%04X", (int) c);
    }

    private ModelConfigException error(int at, String problem) {
        return new ModelConfigException(source + ": malformed model config at char " + at + ": " + problem);
    }
}
