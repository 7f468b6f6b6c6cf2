package dev.tauon.core.internal.kernel;

/**
 * {@link RowDotKernel} in plain loops, in the one shape C2's SuperWord pass vectorises reliably
 * ({@link PlainGemmBlockKernel}: {@code acc[j] = fma(g[j], x[j], acc[j])}, every array indexed by the
 * same {@code j}) and long enough to leave C2's scalar tail loop little: {@code j} runs over
 * (filter, lane), 16 x filters. The partial sums live in one such row per tap while an image's
 * vector runs, copied from and back to the caller's layout around it. For each output row the
 * vector's 16 columns of gradient are copied once per filter; each input row's 16 columns (per
 * channel and kernel column) are repeated once per filter, by doubling copies, and kept for the
 * three output rows that read them. The same products in the same order as the Vector API kernel,
 * so the same bits; a masked lane multiplies +0, as the vector kernel's masked gradient lanes do.
 * Tried and slower (docs/performance.md, twelfth round): rows of (lane, filter) with the input a
 * scalar per lane (32-float loops ran mostly in C2's scalar tail), four lanes or nine taps in one
 * loop, and repeating each tap's inputs anew for every output row.
 */
final class PlainRowDotKernel implements RowDotKernel {

    static final PlainRowDotKernel INSTANCE = new PlainRowDotKernel();

    /** Per thread: rows of (filter, lane) floats; see {@link #accumulate}. */
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
        int n = filters * LANES;
        // Rows: the partial sums per tap, the gradient, then each channel's input rows repeated
        // once per filter, for three input rows (an input row serves three output rows).
        float[][] sums = rows(taps + 1 + 3 * channels * 3, n);
        float[] gradient = sums[taps];
        int repeated = taps + 1; // row (slot * channels + ch) * 3 + kx from here
        for (int t = 0; t < taps; t++) {
            for (int f = 0; f < filters; f++) {
                System.arraycopy(lanes, (f * taps + t) * LANES, sums[t], f * LANES, LANES);
            }
        }
        int col = vectors.start(v);
        int masked = vectors.masked(v);
        for (int q = 0; q < 2; q++) { // the first two input rows; each output row adds the third
            repeatRow(sums, repeated + q * channels * 3, x, xOff + q * xRow + col, xPlane, channels, n);
        }
        for (int r = 0; r < rows; r++) {
            repeatRow(
                    sums, repeated + ((r + 2) % 3) * channels * 3, x, xOff + (r + 2) * xRow + col, xPlane, channels, n);
            for (int f = 0; f < filters; f++) {
                System.arraycopy(g, gOff + f * gPlane + r * width + col, gradient, f * LANES, LANES);
                for (int l = 0; l < masked; l++) {
                    gradient[f * LANES + l] = 0f;
                }
            }
            for (int ch = 0; ch < channels; ch++) {
                for (int tap = 0; tap < 9; tap++) {
                    int slot = (r + tap / 3) % 3;
                    multiplyAdd(sums[ch * 9 + tap], gradient, sums[repeated + (slot * channels + ch) * 3 + tap % 3], n);
                }
            }
        }
        for (int t = 0; t < taps; t++) {
            for (int f = 0; f < filters; f++) {
                System.arraycopy(sums[t], f * LANES, lanes, (f * taps + t) * LANES, LANES);
            }
        }
    }

    /**
     * For each channel and {@code kx < 3}: the 16 inputs from {@code x[at + ch * xPlane + kx]}, once
     * per filter (by doubling copies), into row {@code first + ch * 3 + kx} of {@code sums}.
     */
    private static void repeatRow(float[][] sums, int first, float[] x, int at, int xPlane, int channels, int n) {
        for (int ch = 0; ch < channels; ch++) {
            for (int kx = 0; kx < 3; kx++) {
                float[] row = sums[first + ch * 3 + kx];
                System.arraycopy(x, at + ch * xPlane + kx, row, 0, LANES);
                for (int done = LANES; done < n; done *= 2) {
                    System.arraycopy(row, 0, row, done, Math.min(done, n - done));
                }
            }
        }
    }

    /** {@code acc[j] = fma(g[j], x[j], acc[j])}: every array indexed alike, the loop C2 vectorises. */
    private static void multiplyAdd(float[] acc, float[] g, float[] x, int n) {
        for (int j = 0; j < n; j++) {
            acc[j] = Math.fma(g[j], x[j], acc[j]);
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
