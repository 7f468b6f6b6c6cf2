package dev.tauon.core.internal.kernel;

/**
 * A quantised fully connected layer on int8 inputs and weights with exact integer sums
 * ({@link Int8Gemm}), rescaled once per output to float. Weight rows as for {@link Int8Conv2d}.
 */
public final class Int8Dense {

    private Int8Dense() {}

    /**
     * A fully connected layer: {@code out[b, j] = (sum over i of q(x[b, i]) * w[j, i] + bias[j]) * scale[j]}
     * for x float {@code [n, k]}, {@code q} its quantisation with {@code inputScale} as
     * {@link Int8Quantize#quantize} does; out (overwritten) float {@code [n, units]}.
     *
     * @throws IllegalArgumentException if an array is too short or the scale is not positive and finite
     */
    public static void forward(float[] x, float inputScale, int n, Int8Weights w, float[] out) {
        forward(SimdSupport.active(), x, inputScale, n, w, out);
    }

    static void forward(FloatOps ops, float[] x, float inputScale, int n, Int8Weights w, float[] out) {
        String kernel = "Int8Dense.forward";
        Int8Quantize.checkScale(kernel, inputScale);
        Checks.length(kernel, "x", x, (long) n * w.k, "n=" + n + " k=" + w.k);
        float[] levels = new float[n * w.k];
        Parallel.forRange(
                n,
                1,
                (long) n * w.k,
                (b0, b1) -> ops.int8Levels(x, b0 * w.k, (b1 - b0) * w.k, inputScale, levels, b0 * w.k));
        forward(ops, levels, n, w, out);
    }

    /**
     * The same from int8 inputs: x {@code [n, ldx]} (features {@code k} of each row used), w
     * {@code [units, ldw]}, bias (int, at the scale of the products; may be null) and scale per unit.
     */
    public static void forward(
            byte[] x, int ldx, int n, int k, byte[] w, int ldw, int units, int[] bias, float[] scale, float[] out) {
        forward(SimdSupport.active(), x, ldx, n, k, w, ldw, units, bias, scale, out);
    }

    static void forward(
            FloatOps ops,
            byte[] x,
            int ldx,
            int n,
            int k,
            byte[] w,
            int ldw,
            int units,
            int[] bias,
            float[] scale,
            float[] out) {
        String kernel = "Int8Dense.forward";
        String shape = "n=" + n + " k=" + k + " units=" + units;
        Int8Weights.checkRows(kernel, w, ldw, k, units, bias, scale, shape);
        if (n < 1 || ldx < k) {
            throw new IllegalArgumentException(kernel + ": n must be >= 1 and ldx >= k: " + shape + " ldx=" + ldx);
        }
        Checks.length(kernel, "x", x, (long) (n - 1) * ldx + k, shape);
        float[] levels = new float[n * k];
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < k; i++) {
                levels[b * k + i] = x[b * ldx + i];
            }
        }
        forward(ops, levels, n, Int8Weights.of(w, ldw, units, k, bias, scale, false), out);
    }

    /** From levels {@code [n, k]}: the sums land in {@code out} (or in ints for long sums), then are rescaled in place. */
    private static void forward(FloatOps ops, float[] levels, int n, Int8Weights w, float[] out) {
        int units = w.outputs;
        Checks.length("Int8Dense.forward", "out", out, (long) n * units, "n=" + n + " units=" + units);
        int[] wide = w.k > Int8Gemm.EXACT_K ? new int[n * units] : null;
        Int8Gemm.product(ops, false, n, units, w.k, levels, 0, Math.max(w.k, 1), w.columns(), 0, units, out, wide);
        for (int b = 0; b < n; b++) {
            for (int j = 0; j < units; j++) {
                int at = b * units + j;
                out[at] = w.rescale(j, wide == null ? (int) out[at] : wide[at]);
            }
        }
    }
}
