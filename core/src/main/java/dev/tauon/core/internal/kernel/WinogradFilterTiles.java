package dev.tauon.core.internal.kernel;

/**
 * The filter transforms of {@link WinogradConv2d} and {@link WinogradWeightGradient}, with {@code G
 * = [[1, 0, 0], [1/2, 1/2, 1/2], [1/2, -1/2, 1/2], [0, 0, 1]]}: {@code U = G g G^T} of each 3x3
 * filter {@code g}, and the gradient carried back, {@code G^T dU G}. The transformed elements are
 * planes of filters ({@code [16, o * c]}), so runs of filters (channel pairs {@code i = oc * c +
 * ci}) are the inner loop: the Vector API provider takes them a vector at a time (the taps of a
 * vector of filters copied through a small array, in and out), and every provider computes each
 * element by the same operations in the same order ({@link #transform}, {@link #gradient}), so all
 * give the same bits.
 */
public final class WinogradFilterTiles {

    private WinogradFilterTiles() {}

    /**
     * Filters {@code oc0 <= oc < oc1}, every input channel {@code ci}: element {@code xi} of {@code G
     * g G^T} for filter {@code g = w[oc, ci]} into {@code u[xi * plane + oc * c + ci]}; with {@code
     * rotated}, {@code g} is {@code w[ci, oc]} turned by 180 degrees ({@code w} holding {@code [c, o,
     * 3, 3]}). From its taps {@code t0..t8} (row-major), the rows of {@code G g} are {@code (t0, t1,
     * t2)}, {@code 0.5 (t0 + t3 + t6)} and so on, {@code 0.5 (t0 - t3 + t6)} and so on, and {@code
     * (t6, t7, t8)}; each row {@code (a0, a1, a2)} times {@code G^T} is {@code a0, 0.5 (a0 + a1 +
     * a2), 0.5 (a0 - a1 + a2), a2}, sums left to right.
     */
    public static void transform(
            float[] w, boolean rotated, int o, int c, int oc0, int oc1, int ci0, int ci1, float[] u, int plane) {
        for (int oc = oc0; oc < oc1; oc++) {
            for (int ci = ci0; ci < ci1; ci++) {
                // The filter's taps t0..t8 in row-major order; rotated, the stored taps run backwards.
                int first = rotated ? (ci * o + oc) * 9 + 8 : (oc * c + ci) * 9;
                int step = rotated ? -1 : 1;
                float t0 = w[first];
                float t1 = w[first + step];
                float t2 = w[first + 2 * step];
                float t3 = w[first + 3 * step];
                float t4 = w[first + 4 * step];
                float t5 = w[first + 5 * step];
                float t6 = w[first + 6 * step];
                float t7 = w[first + 7 * step];
                float t8 = w[first + 8 * step];
                int i = oc * c + ci;
                putRow(u, i, plane, t0, t1, t2);
                putRow(u, i + 4 * plane, plane, 0.5f * (t0 + t3 + t6), 0.5f * (t1 + t4 + t7), 0.5f * (t2 + t5 + t8));
                putRow(u, i + 8 * plane, plane, 0.5f * (t0 - t3 + t6), 0.5f * (t1 - t4 + t7), 0.5f * (t2 - t5 + t8));
                putRow(u, i + 12 * plane, plane, t6, t7, t8);
            }
        }
    }

    private static void putRow(float[] u, int at, int plane, float a0, float a1, float a2) {
        u[at] = a0;
        u[at + plane] = 0.5f * (a0 + a1 + a2);
        u[at + 2 * plane] = 0.5f * (a0 - a1 + a2);
        u[at + 3 * plane] = a2;
    }

    /**
     * Filters {@code from <= i < to}: from {@code dU}'s elements {@code d_xi = du[xi * plane + i]},
     * tap {@code k} of {@code G^T dU G} into {@code g[9 * i + k]} (row-major, k = 0 to 8). For each
     * column {@code j} of {@code dU}, {@code G^T} makes {@code d_j + 0.5 d_(4+j) + 0.5 d_(8+j)},
     * {@code 0.5 d_(4+j) - 0.5 d_(8+j)} and {@code 0.5 d_(4+j) + 0.5 d_(8+j) + d_(12+j)}; each of
     * those three rows {@code (r0, r1, r2, r3)} times {@code G} is {@code r0 + 0.5 r1 + 0.5 r2, 0.5 r1
     * - 0.5 r2, 0.5 r1 + 0.5 r2 + r3}, sums left to right.
     */
    public static void gradient(float[] du, int plane, int from, int to, float[] g) {
        float[] rows = new float[12];
        for (int i = from; i < to; i++) {
            for (int j = 0; j < 4; j++) {
                float d0 = du[i + j * plane];
                float d1 = du[i + (4 + j) * plane];
                float d2 = du[i + (8 + j) * plane];
                float d3 = du[i + (12 + j) * plane];
                rows[j] = d0 + 0.5f * d1 + 0.5f * d2;
                rows[4 + j] = 0.5f * d1 - 0.5f * d2;
                rows[8 + j] = 0.5f * d1 + 0.5f * d2 + d3;
            }
            for (int k = 0; k < 3; k++) {
                float r0 = rows[4 * k];
                float r1 = rows[4 * k + 1];
                float r2 = rows[4 * k + 2];
                float r3 = rows[4 * k + 3];
                g[9 * i + 3 * k] = r0 + 0.5f * r1 + 0.5f * r2;
                g[9 * i + 3 * k + 1] = 0.5f * r1 - 0.5f * r2;
                g[9 * i + 3 * k + 2] = 0.5f * r1 + 0.5f * r2 + r3;
            }
        }
    }
}
