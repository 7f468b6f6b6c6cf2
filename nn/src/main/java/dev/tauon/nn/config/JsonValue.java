package dev.tauon.nn.config;

import dev.tauon.core.io.Excerpt;

/**
 * One value of a parsed config and the character offset where it starts, for error messages.
 * {@code value} is a {@code Map<String, JsonValue>} (in file order), a {@code List<JsonValue>}, a
 * {@code String}, a {@code Boolean}, a {@link Number} (its text as written) or {@code null}.
 */
record JsonValue(Object value, int offset) {

    /** A JSON number, kept as written so that each reader converts it exactly once, with its own range. */
    record Number(String text) {}

    /** What the value is, for messages: {@code "an object"}, {@code "the number 3"}, ... */
    String describe() {
        if (value == null) {
            return "null";
        } else if (value instanceof java.util.Map) {
            return "an object";
        } else if (value instanceof java.util.List) {
            return "an array";
        } else if (value instanceof String s) {
            return "the string " + Excerpt.of(s);
        } else if (value instanceof Number n) {
            return "the number " + n.text();
        }
        return value.toString();
    }
}
