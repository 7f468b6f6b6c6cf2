package dev.tauon.data.io;

import dev.tauon.core.io.Excerpt;
import java.util.List;

/**
 * Values read from a file, listed in a message: the first few each quoted through {@link Excerpt},
 * then how many more. A damaged file may hold thousands of names; the message stays short.
 */
public final class QuotedList {
    private QuotedList() {}

    /** {@code "a", "b", "c" and 9 more}: the first {@code max} of {@code values}, then the count of the rest. */
    public static String of(List<String> values, int max) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(values.size(), max); i++) {
            sb.append(i == 0 ? "" : ", ").append(Excerpt.of(values.get(i)));
        }
        if (values.size() > max) {
            sb.append(" and ").append(values.size() - max).append(" more");
        }
        return sb.toString();
    }
}
