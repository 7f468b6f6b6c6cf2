package dev.tauon.core.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Float results against a double reference. */
final class Approx {

    private Approx() {}

    /** Each element within {@code relative} of the largest reference magnitude (sums of many terms cancel). */
    static void assertClose(double[] expected, float[] actual, double relative, String what) {
        double scale = 1e-30;
        for (double v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], relative * scale, what + " at " + i);
        }
    }
}
