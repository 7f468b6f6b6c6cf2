package dev.tauon.core.internal.kernel;

/**
 * Softmax and log-softmax along one axis of an array viewed as {@code [outer, n, inner]}. Both
 * subtract the maximum first, so no exp overflows, and sum in double.
 */
public final class Softmax {
    private Softmax() {}

    public static void softmax(float[] x, float[] out, int outer, int n, int inner) {
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * n * inner + i;
                float max = rowMax(x, base, n, inner);
                double sum = 0;
                for (int k = 0; k < n; k++) {
                    float e = (float) Math.exp(x[base + k * inner] - max);
                    out[base + k * inner] = e;
                    sum += e;
                }
                float inv = (float) (1.0 / sum);
                for (int k = 0; k < n; k++) {
                    out[base + k * inner] *= inv;
                }
            }
        }
    }

    public static void logSoftmax(float[] x, float[] out, int outer, int n, int inner) {
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * n * inner + i;
                float max = rowMax(x, base, n, inner);
                double sum = 0;
                for (int k = 0; k < n; k++) {
                    sum += Math.exp(x[base + k * inner] - max);
                }
                float lse = max + (float) Math.log(sum);
                for (int k = 0; k < n; k++) {
                    out[base + k * inner] = x[base + k * inner] - lse;
                }
            }
        }
    }

    private static float rowMax(float[] x, int base, int n, int inner) {
        float max = Float.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            max = Math.max(max, x[base + k * inner]);
        }
        return max;
    }
}
