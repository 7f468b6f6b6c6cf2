package dev.tauon.core.io;

import java.util.Locale;

/**
 * A value read from a file, made fit for an error message: at most {@link #MAX_CHARS} characters of
 * it, with control characters escaped. A damaged file can hold a 100-million-character name or raw
 * NUL bytes; echoing that whole would make the message itself the problem.
 */
public final class Excerpt {
    /** The longest prefix of a value quoted in a message. */
    public static final int MAX_CHARS = 80;

    private Excerpt() {}

    /**
     * {@code value} in double quotes, control characters (below U+0020, and U+007F) as
     * {@code \\uXXXX}, cut after {@link #MAX_CHARS} characters with the full length said:
     * {@code "abc..." (1000000 chars)}. {@code null} gives {@code null}.
     */
    public static String of(String value) {
        if (value == null) {
            return "null";
        }
        int shown = Math.min(value.length(), MAX_CHARS);
        StringBuilder sb = new StringBuilder(shown + 24).append('"');
        for (int i = 0; i < shown; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
        if (shown < value.length()) {
            sb.insert(sb.length() - 1, "...")
                    .append(" (")
                    .append(value.length())
                    .append(" chars)");
        }
        return sb.toString();
    }
}
