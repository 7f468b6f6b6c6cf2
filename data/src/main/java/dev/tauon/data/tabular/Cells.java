package dev.tauon.data.tabular;

import java.util.regex.Pattern;

/** What a text cell holds as a number: decimal notation only, as a CSV writer writes numbers. */
final class Cells {
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private Cells() {}

    /** Whether {@code cell} is written as a decimal number ({@code 12}, {@code -0.5}, {@code 1e-3}). */
    static boolean isNumber(String cell) {
        return NUMBER.matcher(cell).matches();
    }

    /** The float nearest to the number {@code cell} (which {@link #isNumber} accepted); infinite if out of range. */
    static float toFloat(String cell) {
        return Float.parseFloat(cell);
    }
}
