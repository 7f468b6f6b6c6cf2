package dev.tauon.nn.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The tokens of the JSON a safetensors header uses: punctuation, strings and non-negative
 * integers, each with its byte offset in the file for the error messages. The structure (what may
 * stand where, how many) is {@link SafeTensorsHeader}'s.
 *
 * <p>A string is scanned to its end, and measured against its limit and against
 * {@link SafeTensors#MAX_STRING_BYTES} for the whole header, before anything is allocated for it:
 * a 100-million-byte string costs a scan and an error, not 200 MB of heap.
 */
final class HeaderJson {
    private final HeaderBytes in;
    private final Path file;
    private long pos;
    private long stringBytesLeft = SafeTensors.MAX_STRING_BYTES;

    /** Tokens of {@code in}, whose first byte is at {@code start} in {@code file}. */
    HeaderJson(HeaderBytes in, long start, Path file) {
        this.in = in;
        this.pos = start;
        this.file = file;
    }

    /** The offset of the next token, after skipping white space. */
    long position() throws IOException {
        skipSpace();
        return pos;
    }

    /** The next token's first byte (0..255), or -1 at the end of the header. */
    int peek() throws IOException {
        skipSpace();
        return in.at(pos);
    }

    /** Consumes {@code c}, which must be the next token; {@code where} says where it belongs, for the error. */
    void expect(char c, String where) throws IOException {
        if (!consume(c)) {
            throw expected(c, where);
        }
    }

    /** The error for a missing {@code c}, for callers whose {@code where} costs a string to build. */
    WeightFileException expected(char c, String where) throws IOException {
        return malformed(position(), "expected '" + c + "' " + where + ", found " + describe(in.at(pos)));
    }

    /** Consumes {@code c} if it is the next token. */
    boolean consume(char c) throws IOException {
        if (peek() == c) {
            pos++;
            return true;
        }
        return false;
    }

    /** Fails unless only white space is left. */
    void expectEnd() throws IOException {
        if (peek() >= 0) {
            throw malformed(pos, "unexpected data after the header object");
        }
    }

    /**
     * The next string, of at most {@code maxBytes} bytes as written (UTF-8, escapes counted as
     * written); {@code what} names it in the error for a longer one.
     */
    String string(long maxBytes, String what) throws IOException {
        return string(maxBytes, what, NONE);
    }

    private static final String[] NONE = {};

    /**
     * {@link #string(long, String)}, returning the very instance of any of the ASCII strings
     * {@code known} that it equals: field names and dtypes, which every tensor repeats, then cost
     * no allocation.
     */
    String string(long maxBytes, String what, String[] known) throws IOException {
        long start = position();
        if (in.at(start) != '"') {
            throw malformed(start, "expected " + what + " (a string), found " + describe(in.at(start)));
        }
        long contentStart = start + 1;
        long limit = Math.min(maxBytes, stringBytesLeft);
        long p = contentStart;
        boolean escaped = false;
        while (true) {
            if (p - contentStart > limit) { // checked before the closing quote: an escape may have stepped over
                throw maxBytes <= stringBytesLeft
                        ? beyondLimit(start, what + " longer than " + maxBytes + " bytes")
                        : beyondLimit(
                                start,
                                "the header's strings take more than " + SafeTensors.MAX_STRING_BYTES
                                        + " bytes in all (SafeTensors.MAX_STRING_BYTES)");
            }
            int b = in.at(p);
            if (b == '"') {
                break;
            }
            if (b < 0) {
                throw malformed(p, "string not closed before the end of the header");
            } else if (b < 0x20) {
                throw malformed(p, "control character " + describe(b) + " in a string (JSON needs it escaped)");
            } else if (b == '\\') {
                escaped = true;
                p++; // the escaped character cannot end the string; decode() checks it
            }
            p++;
        }
        int length = (int) (p - contentStart);
        stringBytesLeft -= length;
        pos = p + 1;
        if (escaped) {
            return decode(contentStart, length);
        }
        for (String k : known) {
            if (rawEquals(contentStart, length, k)) {
                return k;
            }
        }
        return utf8(contentStart, length);
    }

    private boolean rawEquals(long from, int length, String ascii) throws IOException {
        if (ascii.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (in.at(from + i) != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the next token is a string whose bytes as written start with {@code ascii}. */
    boolean stringStartsWith(String ascii) throws IOException {
        return peek() == '"' && rawEquals(pos + 1, ascii.length(), ascii);
    }

    /** A non-negative integer without sign, fraction or exponent. */
    long integer() throws IOException {
        long start = position();
        int first = in.at(start);
        if (first < '0' || first > '9') {
            throw malformed(start, "expected a non-negative integer, found " + describe(first));
        }
        long v = 0;
        int b;
        while ((b = in.at(pos)) >= '0' && b <= '9') {
            if (v > (Long.MAX_VALUE - 9) / 10) {
                throw malformed(start, "integer too large");
            }
            v = v * 10 + (b - '0');
            pos++;
        }
        if (b == '.' || b == 'e' || b == 'E') {
            throw malformed(pos, "expected an integer, found a fraction or exponent");
        }
        if (pos - start > 1 && first == '0') {
            throw malformed(start, "integer with a leading zero");
        }
        return v;
    }

    private String utf8(long from, int length) throws IOException {
        byte[] raw = new byte[length];
        in.copy(from, raw, 0, length);
        return new String(raw, StandardCharsets.UTF_8);
    }

    /**
     * Decodes a string already scanned to be well delimited: its bytes with each escape replaced by
     * the UTF-8 of its character, which is never longer than the escape, so one array of the
     * string's length holds them all.
     */
    private String decode(long from, int length) throws IOException {
        byte[] out = new byte[length];
        int n = 0;
        long end = from + length;
        for (long p = from; p < end; ) {
            int b = in.at(p);
            if (b != '\\') {
                out[n++] = (byte) b;
                p++;
                continue;
            }
            int e = in.at(p + 1);
            int c;
            switch (e) {
                case '"', '\\', '/' -> c = e;
                case 'b' -> c = '\b';
                case 'f' -> c = '\f';
                case 'n' -> c = '\n';
                case 'r' -> c = '\r';
                case 't' -> c = '\t';
                case 'u' -> c = hex4(p, end);
                default -> throw malformed(p, "unknown escape: a backslash, then " + describe(e));
            }
            int escapeLength = e == 'u' ? 6 : 2;
            if (Character.isHighSurrogate((char) c)) {
                int low = in.at(p + 6) == '\\' && in.at(p + 7) == 'u' ? hex4(p + 6, end) : -1;
                if (low < 0 || !Character.isLowSurrogate((char) low)) {
                    throw malformed(p, "\\u escape of a high surrogate without a low one after it");
                }
                c = Character.toCodePoint((char) c, (char) low);
                escapeLength = 12;
            } else if (Character.isLowSurrogate((char) c)) {
                throw malformed(p, "\\u escape of a low surrogate without a high one before it");
            }
            n = utf8(c, out, n);
            p += escapeLength;
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    /** Writes code point {@code c} as UTF-8 at {@code out[n]}, returning the index after it. */
    private static int utf8(int c, byte[] out, int n) {
        if (c < 0x80) {
            out[n++] = (byte) c;
        } else if (c < 0x800) {
            out[n++] = (byte) (0xC0 | c >> 6);
            out[n++] = (byte) (0x80 | c & 0x3F);
        } else if (c < 0x10000) {
            out[n++] = (byte) (0xE0 | c >> 12);
            out[n++] = (byte) (0x80 | c >> 6 & 0x3F);
            out[n++] = (byte) (0x80 | c & 0x3F);
        } else {
            out[n++] = (byte) (0xF0 | c >> 18);
            out[n++] = (byte) (0x80 | c >> 12 & 0x3F);
            out[n++] = (byte) (0x80 | c >> 6 & 0x3F);
            out[n++] = (byte) (0x80 | c & 0x3F);
        }
        return n;
    }

    /** The value of the four hex digits of the \\u escape at {@code escapeAt}. */
    private int hex4(long escapeAt, long end) throws IOException {
        int v = 0;
        for (long p = escapeAt + 2; p < escapeAt + 6; p++) {
            int d = p < end ? hexDigit(in.at(p)) : -1;
            if (d < 0) {
                throw malformed(escapeAt, "bad \\u escape (four hex digits must follow)");
            }
            v = v << 4 | d;
        }
        return v;
    }

    /** The value of ASCII hex digit {@code c} (either case), or -1. */
    static int hexDigit(int c) {
        return c >= '0' && c <= '9'
                ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    private void skipSpace() throws IOException {
        int b;
        while ((b = in.at(pos)) == ' ' || b == '\n' || b == '\r' || b == '\t') {
            pos++;
        }
    }

    /** A byte for a message: printable ASCII quoted, anything else (NUL, UTF-8 parts) in hex. */
    static String describe(int b) {
        if (b < 0) {
            return "the end of the header";
        }
        return b > 0x20 && b < 0x7f ? "'" + (char) b + "'" : String.format(Locale.ROOT, "byte 0x%02x", b);
    }

    /** The JSON is broken, or does not have the shape of a safetensors header. */
    WeightFileException malformed(long at, String problem) {
        return new WeightFileException(file, "malformed safetensors header at byte " + at + ": " + problem);
    }

    /** The header is well formed but asks for more than Tauon reads (see {@link SafeTensors}'s limits). */
    WeightFileException beyondLimit(long at, String problem) {
        return new WeightFileException(
                file, "safetensors header at byte " + at + " is beyond Tauon's limits: " + problem);
    }

    /** The header is well formed but describes a tensor Tauon cannot take. */
    WeightFileException unusable(long at, String problem) {
        return new WeightFileException(file, "safetensors header at byte " + at + ": " + problem);
    }
}
