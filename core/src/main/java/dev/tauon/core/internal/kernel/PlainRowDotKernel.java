package dev.tauon.core.internal.kernel;

/**
 * {@link RowDotKernel} in plain loops, in the shape C2's SuperWord pass vectorises
 * ({@link PlainGemmBlockKernel}: {@code acc[j] = fma(g[j], a, acc[j])}, the arrays indexed alike, a
 * scalar {@code a}). The partial sums live in one row per tap of (lane, filter) floats while an
 * image's vector runs, copied from and back to the caller's layout around it; for each output row
 * the vector's 16 columns of gradient are transposed into that layout once, and each (tap, lane)
 * multiplies its input value into its row of filters. The same products in the same order as the
 * Vector API kernel, so the same bits; a masked lane multiplies +0, as the vector kernel's masked
 * gradient lanes do. Slower than the GEMM path this replaced for conv1 (32 filters make short
 * loops; docs/performance.md, twelfth round); tried and slower still: a call per (tap, lane), four
 * lanes or nine taps in one loop, the input repeated per filter for one long loop.
 */
final class PlainRowDotKernel implements RowDotKernel {

    static final PlainRowDotKernel INSTANCE = new PlainRowDotKernel();

    /** Per thread: one row of partial sums per tap, then the transposed gradient. */
    private static final ThreadLocal<float[][]> ROWS = ThreadLocal.withInitial(() -> new float[0][]);

    private PlainRowDotKernel() {}

    @Override
    public void accumulate(
            int filters,
            int channels,
            float[] g,
            int gOff,
            int gPlane,
            int width,
            float[] x,
            int xOff,
            int xPlane,
            int xRow,
            int rows,
            RowVectors vectors,
            int v,
            float[] lanes) {
        int taps = channels * 9;
        int n = LANES * filters;
        float[][] sums = rows(taps + 1, n);
        float[] gradient = sums[taps];
        for (int f = 0; f < filters; f++) {
            for (int t = 0; t < taps; t++) {
                for (int l = 0; l < LANES; l++) {
                    sums[t][l * filters + f] = lanes[(f * taps + t) * LANES + l];
                }
            }
        }
        int col = vectors.start(v);
        int masked = vectors.masked(v);
        for (int r = 0; r < rows; r++) {
            for (int l = 0; l < LANES; l++) {
                for (int f = 0; f < filters; f++) {
                    gradient[l * filters + f] = l < masked ? 0f : g[gOff + f * gPlane + r * width + col + l];
                }
            }
            for (int t = 0; t < taps; t++) {
                multiplyAdd(
                        sums[t], gradient, x, xOff + (t / 9) * xPlane + (r + t % 9 / 3) * xRow + t % 3 + col, filters);
            }
        }
        for (int f = 0; f < filters; f++) {
            for (int t = 0; t < taps; t++) {
                for (int l = 0; l < LANES; l++) {
                    lanes[(f * taps + t) * LANES + l] = sums[t][l * filters + f];
                }
            }
        }
    }

    /**
     * {@code acc[l * filters + f] = fma(g[l * filters + f], x[at + l], acc[l * filters + f])}: acc and
     * g indexed alike, the loop C2 vectorises, the input a scalar per lane.
     */
    private static void multiplyAdd(float[] acc, float[] g, float[] x, int at, int filters) {
        for (int l = 0; l < LANES; l++) {
            float a = x[at + l];
            for (int j = l * filters; j < (l + 1) * filters; j++) {
                acc[j] = Math.fma(g[j], a, acc[j]);
            }
        }
    }

    /** This thread's rows, at least {@code count} of at least {@code length} floats. */
    private static float[][] rows(int count, int length) {
        float[][] rows = ROWS.get();
        if (rows.length < count || rows[0].length < length) {
            rows = new float[Math.max(count, rows.length)][Math.max(length, rows.length == 0 ? 0 : rows[0].length)];
            ROWS.set(rows);
        }
        return rows;
    }
}
