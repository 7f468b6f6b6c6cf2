package dev.tauon.core.internal.kernel;

/**
 * The output transform of {@link WinogradConv2d}, {@code A^T M A} with {@code A^T = [[1, 1, 1, 0],
 * [0, 1, -1, -1]]}, for a run of product columns (tiles) of one filter: each column's sixteen
 * elements, one in each plane, make its tile's four output pixels; and its gradient, {@code A dY
 * A^T} ({@link WinogradWeightGradient}), the other way, from the output gradient's pixels picked tile
 * by tile ({@link #pixels}). The columns are the inner loop, so the
 * Vector API provider takes them a vector at a time; every provider computes each element by the
 * same operations in the same order ({@link #transform}, {@link #gradient}), so all give the same
 * bits.
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

    /**
     * Columns {@code from <= col < to}: from the tile's output-gradient pixels {@code g00 = q[col]},
     * {@code g01 = q[stride + col]}, {@code g10 = q[2 * stride + col]} and {@code g11 = q[3 * stride +
     * col]}, element {@code xi} of {@code A dY A^T} into {@code z[xi * plane + at + col]}. The rows of
     * {@code A dY} are {@code (g00, g01)}, {@code (g00 + g10, g01 + g11)}, {@code (g00 - g10, g01 -
     * g11)} and {@code (-g10, -g11)}; each row {@code (p, r)} times {@code A^T} is {@code p, p + r, p -
     * r, -r}.
     */
    public static void gradient(float[] q, int stride, int from, int to, float[] z, int plane, int at) {
        for (int col = from; col < to; col++) {
            float g00 = q[col];
            float g01 = q[stride + col];
            float g10 = q[2 * stride + col];
            float g11 = q[3 * stride + col];
            int i = at + col;
            putRow(z, i, plane, g00, g01);
            putRow(z, i + 4 * plane, plane, g00 + g10, g01 + g11);
            putRow(z, i + 8 * plane, plane, g00 - g10, g01 - g11);
            putRow(z, i + 12 * plane, plane, -g10, -g11);
        }
    }

    /** One row {@code (p, r)} of {@code A dY} times {@code A^T}: {@code p, p + r, p - r, -r}, {@code plane} apart. */
    private static void putRow(float[] z, int at, int plane, float p, float r) {
        z[at] = p;
        z[at + plane] = p + r;
        z[at + 2 * plane] = p - r;
        z[at + 3 * plane] = -r;
    }

    /**
     * One image's output tiles for one filter into its output plane at {@code out[at ...]} ({@code
     * outH x outW}): tile {@code i}'s pixels {@code (0, 0), (0, 1), (1, 0), (1, 1)} from {@code
     * pixels[k * stride + col0 + i]}, {@code k} = 0 to 3, tiles row by row; the pixels past the output
     * (in the last row or column of tiles of an odd size) dropped. {@link FloatOps#winogradOutputPlaced}
     * does the same from registers where a provider can.
     */
    public static void place(float[] pixels, int stride, int col0, int outH, int outW, float[] out, int at) {
        for (int oy = 0, col = col0; oy < outH; oy += 2) {
            int row = at + oy * outW;
            boolean second = oy + 1 < outH;
            for (int ox = 0; ox < outW; ox += 2, col++) {
                boolean right = ox + 1 < outW;
                out[row + ox] = pixels[col];
                if (right) {
                    out[row + ox + 1] = pixels[stride + col];
                }
                if (second) {
                    out[row + outW + ox] = pixels[2 * stride + col];
                    if (right) {
                        out[row + outW + ox + 1] = pixels[3 * stride + col];
                    }
                }
            }
        }
    }

    /**
     * One output-gradient plane's tiles, pixel by pixel: tile {@code i}'s pixels {@code (0, 0), (0,
     * 1), (1, 0), (1, 1)} into {@code pixels[k * stride + col0 + i]}, {@code k} = 0 to 3 ({@link
     * WinogradOutputTiles#gradient} transforms them); pixels past the output (in the last row or
     * column of tiles) count as zero, as they do not exist.
     */
    public static void pixels(float[] gradOut, int start, int outH, int outW, float[] pixels, int stride, int col0) {
        for (int oy = 0, col = col0; oy < outH; oy += 2) {
            int row = start + oy * outW;
            boolean second = oy + 1 < outH;
            for (int ox = 0; ox < outW; ox += 2, col++) {
                boolean right = ox + 1 < outW;
                pixels[col] = gradOut[row + ox];
                pixels[stride + col] = right ? gradOut[row + ox + 1] : 0f;
                pixels[2 * stride + col] = second ? gradOut[row + outW + ox] : 0f;
                pixels[3 * stride + col] = second && right ? gradOut[row + outW + ox + 1] : 0f;
            }
        }
    }
}
