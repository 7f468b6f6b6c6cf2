package dev.tauon.core.internal.kernel;

/**
 * A quantised fully connected layer on int8 inputs and weights, accumulated in {@code int}
 * ({@link Int8Gemm}) and rescaled once per output to float. Weight rows as for {@link Int8Conv2d}.
 */
public final class Int8Dense {

    private Int8Dense() {}

    /**
     * A fully connected layer: {@code out[b, j] = (sum over i of x[b, i] * w[j, i] + bias[j]) * scale[j]}
     * for x int8 {@code [n, ldx]} (features {@code k} of each row used), w {@code [units, ldw]}; out
     * (overwritten) float {@code [n, units]}. Rows of x are split between threads.
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
        Int8Conv2d.checkRows(kernel, w, ldw, k, units, bias, scale, shape);
        Checks.length(kernel, "out", out, (long) n * units, shape);
        int[] acc = new int[n * units];
        // C[j, b] stored at acc[b*units + j]: the layout of out
        Int8Gemm.gemm(ops, w, 0, ldw, units, x, 0, ldx, n, k, acc, 0, 1, units);
        Parallel.forRange(n, 1, (long) n * units, (b0, b1) -> {
            for (int b = b0; b < b1; b++) {
                for (int j = 0; j < units; j++) {
                    out[b * units + j] = (acc[b * units + j] + (bias == null ? 0 : bias[j])) * scale[j];
                }
            }
        });
    }
}
