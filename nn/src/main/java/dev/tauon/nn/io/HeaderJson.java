package dev.tauon.nn.io;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of JSON a safetensors header uses: objects, arrays, strings and non-negative integers.
 * Parsing works on the raw bytes so that every error can name its byte offset in the file;
 * anything else (floats, true/false/null, duplicate keys, trailing data) is rejected.
 */
final class HeaderJson {
    private final byte[] bytes;
    private final int end;
    private final Path file;
    private final long fileOffset;
    private int pos;
    private int depth;

    /**
     * Deepest nesting of objects and arrays accepted. A real header nests three deep (the header,
     * a tensor entry, its shape); the limit keeps a corrupt file's brackets from overflowing the
     * stack of this recursive parser before an error can name the offset.
     */
    static final int MAX_DEPTH = 64;

    private HeaderJson(byte[] bytes, int end, Path file, long fileOffset) {
        this.bytes = bytes;
        this.end = end;
        this.file = file;
        this.fileOffset = fileOffset;
    }

    /** Parses {@code bytes[0, length)}, which start at {@code fileOffset} in {@code file}, as one JSON object. */
    static Map<String, Object> parseObject(byte[] bytes, int length, Path file, long fileOffset) throws WeightFileException {
        HeaderJson p = new HeaderJson(bytes, length, file, fileOffset);
        p.skipSpace();
        Map<String, Object> result = p.object();
        p.skipSpace();
        if (p.pos != p.end) {
            throw p.error("unexpected data after the header object");
        }
        return result;
    }

    private Object value() throws WeightFileException {
        skipSpace();
        if (pos >= end) {
            throw error("header ends where a value was expected");
        }
        byte b = bytes[pos];
        if (b == '{' || b == '[') {
            if (++depth > MAX_DEPTH) {
                throw error("objects and arrays nested more than " + MAX_DEPTH + " deep");
            }
            Object nested = b == '{' ? object() : array();
            depth--;
            return nested;
        } else if (b == '"') {
            return string();
        } else if (b >= '0' && b <= '9') {
            return integer();
        }
        throw error("unexpected character '" + (char) b + "' (only objects, arrays, strings and integers belong here)");
    }

    private Map<String, Object> object() throws WeightFileException {
        expect('{');
        Map<String, Object> map = new LinkedHashMap<>();
        skipSpace();
        if (peek() == '}') {
            pos++;
            return map;
        }
        while (true) {
            skipSpace();
            int keyAt = pos;
            String key = string();
            skipSpace();
            expect(':');
            Object v = value();
            if (map.put(key, v) != null) {
                pos = keyAt;
                throw error("duplicate key \"" + key + "\"");
            }
            skipSpace();
            if (peek() == ',') {
                pos++;
            } else {
                expect('}');
                return map;
            }
        }
    }

    private List<Object> array() throws WeightFileException {
        expect('[');
        List<Object> list = new ArrayList<>();
        skipSpace();
        if (peek() == ']') {
            pos++;
            return list;
        }
        while (true) {
            list.add(value());
            skipSpace();
            if (peek() == ',') {
                pos++;
            } else {
                expect(']');
                return list;
            }
        }
    }

    private Long integer() throws WeightFileException {
        int start = pos;
        long v = 0;
        while (pos < end && bytes[pos] >= '0' && bytes[pos] <= '9') {
            if (v > (Long.MAX_VALUE - 9) / 10) {
                pos = start;
                throw error("integer too large");
            }
            v = v * 10 + (bytes[pos++] - '0');
        }
        if (pos < end && (bytes[pos] == '.' || bytes[pos] == 'e' || bytes[pos] == 'E')) {
            throw error("expected an integer, found a fraction or exponent");
        }
        if (pos - start > 1 && bytes[start] == '0') {
            pos = start;
            throw error("integer with a leading zero");
        }
        return v;
    }

    private String string() throws WeightFileException {
        expect('"');
        StringBuilder sb = new StringBuilder();
        int runStart = pos;
        while (true) {
            if (pos >= end) {
                throw error("string not closed before the end of the header");
            }
            byte b = bytes[pos];
            if (b == '"' || b == '\\') {
                sb.append(new String(bytes, runStart, pos - runStart, StandardCharsets.UTF_8));
                pos++;
                if (b == '"') {
                    return sb.toString();
                }
                sb.append(escape());
                runStart = pos;
            } else if ((b & 0xFF) < 0x20) {
                throw error("control character in a string");
            } else {
                pos++;
            }
        }
    }

    private char escape() throws WeightFileException {
        if (pos >= end) {
            throw error("header ends inside an escape");
        }
        byte b = bytes[pos++];
        switch (b) {
            case '"': return '"';
            case '\\': return '\\';
            case '/': return '/';
            case 'b': return '\b';
            case 'f': return '\f';
            case 'n': return '\n';
            case 'r': return '\r';
            case 't': return '\t';
            case 'u':
                if (pos + 4 > end) {
                    throw error("header ends inside a \\u escape");
                }
                try {
                    char c = (char) Integer.parseInt(new String(bytes, pos, 4, StandardCharsets.US_ASCII), 16);
                    pos += 4;
                    return c;
                } catch (NumberFormatException e) {
                    throw error("bad \\u escape");
                }
            default:
                pos--;
                throw error("unknown escape \\" + (char) b);
        }
    }

    private void expect(char c) throws WeightFileException {
        if (peek() != c) {
            throw error(pos >= end ? "header ends where '" + c + "' was expected" : "expected '" + c + "', found '"
                    + (char) bytes[pos] + "'");
        }
        pos++;
    }

    private int peek() {
        return pos < end ? bytes[pos] : -1;
    }

    private void skipSpace() {
        while (pos < end && (bytes[pos] == ' ' || bytes[pos] == '\n' || bytes[pos] == '\r' || bytes[pos] == '\t')) {
            pos++;
        }
    }

    private WeightFileException error(String problem) {
        return new WeightFileException(file, "malformed safetensors header at byte " + (fileOffset + pos) + ": " + problem);
    }
}
