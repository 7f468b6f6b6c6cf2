package dev.tauon.core.internal.kernel;

/**
 * {@link RowDotKernel} in plain loops, in the one shape C2's SuperWord pass vectorises reliably
 * ({@link PlainGemmBlockKernel}: {@code acc[f] = fma(g[f], a, acc[f])}, every array indexed by the
 * same {@code f} with no offset). For each output row, the vector's 16 columns of gradient are
 * transposed into one row of filters per lane; then each (tap, lane) pair multiplies its input
 * value into a row of partial sums, one per filter. The partial sums live in those rows while an
 * image runs and are copied back to the caller's layout at its end (about 2% of the products for
 * conv1). The same products in the same order as the Vector API kernel, so the same bits; a masked
 * lane multiplies +0, as the vector kernel's masked gradient lanes do.
 */
final class PlainRowDotKernel implements RowDotKernel {

    static final PlainRowDotKernel INSTANCE = new PlainRowDotKernel();

    /** Per thread: the partial sums, one row of filters per (tap, lane), then one gradient row per lane. */
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
        float[][] sums = rows(taps * LANES + LANES, filters);
        for (int f = 0; f < filters; f++) {
            for (int t = 0; t < taps * LANES; t++) {
                sums[t][f] = lanes[f * taps * LANES + t];
            }
        }
        int grads = taps * LANES; // rows from here hold the transposed gradient
        int col = vectors.start(v);
        int masked = vectors.masked(v);
        for (int r = 0; r < rows; r++) {
            for (int l = 0; l < LANES; l++) {
                float[] gl = sums[grads + l];
                for (int f = 0; f < filters; f++) {
                    gl[f] = l < masked ? 0f : g[gOff + f * gPlane + r * width + col + l];
                }
            }
            for (int ch = 0; ch < channels; ch++) {
                for (int tap = 0; tap < 9; tap++) {
                    int xt = xOff + ch * xPlane + (r + tap / 3) * xRow + tap % 3 + col;
                    int t = ch * 9 + tap;
                    for (int l = 0; l < LANES; l++) {
                        multiplyAdd(sums[t * LANES + l], sums[grads + l], x[xt + l], filters);
                    }
                }
            }
        }
        for (int f = 0; f < filters; f++) {
            for (int t = 0; t < taps * LANES; t++) {
                lanes[f * taps * LANES + t] = sums[t][f];
            }
        }
    }

    /** {@code acc[f] = fma(g[f], a, acc[f])}: the loop C2 vectorises. */
    private static void multiplyAdd(float[] acc, float[] g, float a, int filters) {
        for (int f = 0; f < filters; f++) {
            acc[f] = Math.fma(g[f], a, acc[f]);
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
