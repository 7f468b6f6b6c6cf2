package dev.tauon.core.internal.kernel;

/**
 * The micro-kernel of {@link DirectConv2d}: one {@code mr x nr} tile of a convolution's output,
 * multiplied from packed weights and read straight out of a zero-padded input image, with no im2col
 * matrix and no packed copy of it.
 *
 * <p>It computes what {@link GemmBlockKernel#multiply} computes for the same tile of
 * {@code weights * im2col}: each accumulator starts at zero and takes the products of one k block
 * in increasing k order, one {@code fma} each, so the two paths give the same bits.
 */
public interface DirectConvTileKernel {

    /** Filters per tile (the rows of a packed weight panel). */
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
}
