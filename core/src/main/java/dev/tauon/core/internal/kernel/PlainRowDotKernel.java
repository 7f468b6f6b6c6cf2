package dev.tauon.core.internal.kernel;

/**
 * {@link RowDotKernel} in plain loops, in the one shape C2's SuperWord pass vectorises reliably
 * ({@link PlainGemmBlockKernel}: {@code acc[j] = fma(g[j], x[j], acc[j])}, every array indexed by
 * the same {@code j} with no offset) and long enough to pay for its setup: {@code j} runs over
 * (lane, filter), 16 x filters. For each output row the vector's 16 columns of gradient are
 * transposed into that layout once; for each tap, its 16 input values are each repeated once per
 * filter. The partial sums live in rows of that layout while an image's vector runs and are copied
 * back to the caller's layout at its end. The same products in the same order as the Vector API
 * kernel, so the same bits; a masked lane multiplies +0, as the vector kernel's masked gradient
 * lanes do.
 */
final class PlainRowDotKernel implements RowDotKernel {

    static final PlainRowDotKernel INSTANCE = new PlainRowDotKernel();

    /** Per thread: one row of partial sums per tap, then the transposed gradient, then the repeated input. */
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
