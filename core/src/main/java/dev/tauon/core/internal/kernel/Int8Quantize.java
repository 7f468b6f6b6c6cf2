package dev.tauon.core.internal.kernel;

/**
 * Float to symmetric int8 and int accumulators back to float: the two ends of a quantised layer.
 * Elementwise with one rounding each, so the same bits for every thread count and provider.
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
        if (!(scale > 0) || Float.isInfinite(scale)) {
            throw new IllegalArgumentException(
                    "Int8Quantize.quantize: scale must be positive and finite, was " + scale);
        }
        Checks.length("Int8Quantize.quantize", "x", x, (long) off + length, "length " + length);
        Checks.length("Int8Quantize.quantize", "dst", dst, (long) dstOff + length, "length " + length);
        Parallel.forRange(length, 1024, length, (i0, i1) -> {
            for (int i = i0; i < i1; i++) {
                float q = (float) Math.rint(x[off + i] / scale);
                // Math.min/max pass NaN through and (int) NaN is 0
                dst[dstOff + i] = (byte) (int) Math.max(-QMAX, Math.min(QMAX, q));
            }
        });
    }

    /**
     * One rescale per output: {@code out[i] = (acc[i] + bias[channel]) * scale[channel]} for the
     * {@code channels * length} accumulators of one example, channel-major ({@code length} per
     * channel); {@code bias} may be null. The sum is an {@code int} (callers keep it below
     * {@link Int8Gemm#biasLimit}); the product is rounded once, to float.
     */
    static void rescale(
            int[] acc, int accOff, int channels, int length, int[] bias, float[] scale, float[] out, int outOff) {
        for (int ch = 0; ch < channels; ch++) {
            int b = bias == null ? 0 : bias[ch];
            float s = scale[ch];
            int a = accOff + ch * length;
            int o = outOff + ch * length;
            for (int i = 0; i < length; i++) {
                out[o + i] = (acc[a + i] + b) * s;
            }
        }
    }
}
