package dev.tauon.core.io;

import java.util.Locale;

/** JSON string literals, for the small JSON files Tauon writes (safetensors headers, run summaries). */
public final class JsonStrings {
    private JsonStrings() {}

    /** {@code s} as a JSON string literal: quotes and backslashes escaped, control characters as {@code \\uXXXX}. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
