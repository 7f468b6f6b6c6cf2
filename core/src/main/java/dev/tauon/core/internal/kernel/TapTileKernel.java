package dev.tauon.core.internal.kernel;

/**
 * The micro-kernel of {@link TapByTapInputGradient}: a tile of {@link #pixels} output pixels by
 * {@link #channels} input channels of one kernel tap, the channels across the vector lanes, each
 * element the dot product over the filters of the output gradient (one float broadcast per pixel
 * and filter, read where it lies) with the tap's weights; the finished tile is added into the
 * channels-last image gradient, each pixel's row at its own offset, while it is in registers.
 *
 * <p>Each dot product starts at zero and takes one {@code fma} per filter in increasing order, as
 * the GEMM of the im2col input gradient sums the same element (its depth in one {@link
 * PackedGemm#KC} block); the add is col2im's {@code dst + sum}. So the same bits.
 */
public interface TapTileKernel {

    /** Input channels per tile: a multiple of the vector length. */
    int channels();

    /** Output pixels per tile. */
    int pixels();

    /**
     * For {@code from <= i < pixels()} and {@code f < channels()}: {@code dst[dstRows[first + i] + dOff
     * + f] += sum over p < depth of w[wo + p*channels() + f] * gradOut[filterRows[p] + first + i]},
     * summed in increasing p with one fma each from zero: the consecutive output pixels {@code first
     * .. first + pixels() - 1} (all of them inside each filter's row of {@code gradOut}), of which the
     * first {@code from} are computed but not added (an image's last tile overlaps the one before).
     */
    void addTile(
            int depth,
            float[] w,
            int wo,
            float[] gradOut,
            int[] filterRows,
            int first,
            float[] dst,
            int[] dstRows,
            int dOff,
            int from);
}
