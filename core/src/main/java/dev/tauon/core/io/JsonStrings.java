package dev.tauon.core.io;

import java.util.Locale;

/** JSON string literals, for the small JSON files Tauon writes (safetensors headers, run summaries). */
public final class JsonStrings {
    private JsonStrings() {}

    /**
     * {@code s} as a JSON string literal: quotes and backslashes escaped, control characters and
     * surrogates without their pair as {@code \\uXXXX}, so that the literal survives UTF-8.
     */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                sb.append(c).append(s.charAt(++i));
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                // a surrogate without its pair has no UTF-8 form: written as text it would become '?'
                sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
