package dev.tauon.core.internal.kernel;

/**
 * Float to symmetric int8: the input end of a quantised layer. Elementwise with one rounding each,
 * so the same bits for every thread count and provider.
 */
public final class Int8Quantize {

    /** The largest magnitude of a symmetric int8 value; -128 is never produced. */
    public static final int QMAX = 127;

    private Int8Quantize() {}

    /**
     * {@code dst[dstOff + i] = clamp(rint(x[off + i] / scale), -127, 127)} for {@code i < length}, as
     * ONNX QuantizeLinear with a zero point of 0 (ties to even) but clamped to the symmetric range;
     * NaN becomes 0.
     *
     * @throws IllegalArgumentException if {@code scale} is not a positive finite number
     */
    public static void quantize(float[] x, int off, int length, float scale, byte[] dst, int dstOff) {
        checkScale("Int8Quantize.quantize", scale);
        Checks.length("Int8Quantize.quantize", "x", x, (long) off + length, "length " + length);
        Checks.length("Int8Quantize.quantize", "dst", dst, (long) dstOff + length, "length " + length);
        Parallel.forRange(length, 1024, length, (i0, i1) -> {
            for (int i = i0; i < i1; i++) {
                dst[dstOff + i] = (byte) level(x[off + i], scale);
            }
        });
    }

    /**
     * Adding and subtracting 1.5 * 2^23 rounds a float of magnitude below 2^22 to an integer, ties
     * to even (the float's unit in the last place is then 1): exactly what {@code Math.rint} does,
     * in two float operations every provider has.
     */
    static final float ROUNDER = 12_582_912f;

    /**
     * One value's level: {@code rint(clamp(v / scale, -127, 127))}, which equals
     * {@code clamp(rint(v / scale), -127, 127)} since the bounds are integers; NaN gives 0, and -0
     * gives +0 as an int8 would.
     */
    static float level(float v, float scale) {
        // Math.min/max pass NaN through; the comparison maps it to 0
        float q = Math.max(-QMAX, Math.min(QMAX, v / scale));
        float r = (q + ROUNDER) - ROUNDER;
        return r == r ? r : 0f;
    }

    /** Refuses a scale that is not a positive finite number, naming the kernel. */
    static void checkScale(String kernel, float scale) {
        if (!(scale > 0) || Float.isInfinite(scale)) {
            throw new IllegalArgumentException(kernel + ": scale must be positive and finite, was " + scale);
        }
    }
}
