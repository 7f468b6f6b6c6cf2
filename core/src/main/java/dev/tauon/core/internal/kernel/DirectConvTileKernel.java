package dev.tauon.core.internal.kernel;

/**
 * The micro-kernel of {@link DirectConv2d}: one {@code mr x nr} tile of a product of packed weights
 * with a matrix read in place through a table of row offsets (a zero-padded image, one offset per
 * kernel tap, in the forward pass; the widened output gradient, one offset per filter, in the input
 * gradient), with no im2col matrix and no packed copy of it.
 *
 * <p>It computes what {@link GemmBlockKernel#multiply} computes for the same tile of
 * {@code weights * im2col}: each accumulator starts at zero and takes the products of one k block
 * in increasing k order, one {@code fma} each, so the two paths give the same bits.
 */
public interface DirectConvTileKernel {

    /** Rows per tile (of a packed weight panel: filters in the forward pass, im2col rows in the input gradient). */
    int mr();

    /** Output positions per tile. */
    int nr();

    /**
     * One tile over one k block: for rows {@code r < mr} and positions {@code j < nr},
     * {@code c[co + r*ldc + j] = sum over p < kc of a[ao + p*mr + r] * x[koff[ko + p] + j0 + j]},
     * summed from zero in increasing p with one fma each.
     */
    void tile(int kc, float[] a, int ao, float[] x, int[] koff, int ko, int j0, float[] c, int co, int ldc);

    /** {@code c[co + r*ldc + j] = tile[r*nr + j] + c[co + r*ldc + j]} for the {@code mr x nr} tile. */
    void addTile(float[] tile, float[] c, int co, int ldc);

    /**
     * The first {@code rows} rows of an {@code mr x nr} tile added into {@code dst}, each at its own
     * offset: {@code dst[at + j] = dst[at + j] + tile[r*nr + j]} with {@code at = offsets[from + r] + j0},
     * rows in increasing order (the input gradient's rows go to their taps' offsets in the padded
     * gradient, where rows overlap).
     */
    void addRows(float[] tile, int rows, float[] dst, int[] offsets, int from, int j0);
}
