package dev.tauon.core.internal.kernel;

/**
 * The output transform of {@link WinogradConv2d}, {@code A^T M A} with {@code A^T = [[1, 1, 1, 0],
 * [0, 1, -1, -1]]}, for a run of product columns (tiles) of one filter: each column's sixteen
 * elements, one in each plane, make its tile's four output pixels. The columns are the inner loop,
 * so the Vector API provider takes them a vector at a time; every provider computes each pixel by
 * the same additions in the same order ({@link #transform}), so all give the same bits.
 */
public final class WinogradOutputTiles {

    private WinogradOutputTiles() {}

    /**
     * Columns {@code from <= col < to}: from {@code m[xi * plane + at + col]}, the tile's pixels
     * {@code (0, 0), (0, 1), (1, 0), (1, 1)} into {@code q[col]}, {@code q[stride + col]}, {@code
     * q[2 * stride + col]} and {@code q[3 * stride + col]}. With {@code a_j = m_j + m_(4+j) +
     * m_(8+j)} and {@code b_j = m_(4+j) - m_(8+j) - m_(12+j)} (the two rows of {@code A^T M}), the
     * pixels are {@code a0 + a1 + a2, a1 - a2 - a3, b0 + b1 + b2, b1 - b2 - b3}, summed left to
     * right.
     */
    public static void transform(float[] m, int plane, int at, int from, int to, float[] q, int stride) {
        for (int col = from; col < to; col++) {
            int i = at + col;
            float a0 = m[i] + m[i + 4 * plane] + m[i + 8 * plane];
            float a1 = m[i + plane] + m[i + 5 * plane] + m[i + 9 * plane];
            float a2 = m[i + 2 * plane] + m[i + 6 * plane] + m[i + 10 * plane];
            float a3 = m[i + 3 * plane] + m[i + 7 * plane] + m[i + 11 * plane];
            float b0 = m[i + 4 * plane] - m[i + 8 * plane] - m[i + 12 * plane];
            float b1 = m[i + 5 * plane] - m[i + 9 * plane] - m[i + 13 * plane];
            float b2 = m[i + 6 * plane] - m[i + 10 * plane] - m[i + 14 * plane];
            float b3 = m[i + 7 * plane] - m[i + 11 * plane] - m[i + 15 * plane];
            q[col] = a0 + a1 + a2;
            q[stride + col] = a1 - a2 - a3;
            q[2 * stride + col] = b0 + b1 + b2;
            q[3 * stride + col] = b1 - b2 - b3;
        }
    }
}
