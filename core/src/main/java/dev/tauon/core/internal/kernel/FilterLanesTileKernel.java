package dev.tauon.core.internal.kernel;

/**
 * The other micro-kernel of {@link DirectConv2d}'s forward pass: filters across the vector lanes and
 * output pixels broadcast from the padded image, the way round oneDNN's direct kernels hold them. A
 * tile is {@link #filters} filters by {@link #pixels} output pixels, each pixel read at its own
 * offset in the padded image, so only pixels are computed: no positions in the padding columns, and
 * no tail of a 32-position run (conv2 of the CIFAR-10 CNN computed 224 positions for its 169 pixels
 * with {@link DirectConvTileKernel}; here it computes 174). Its result is written pixel-major
 * ({@code [pixels, filters]}, channels last) and turned filter-major by {@link #toFilterRows}. The
 * weight gradient runs the same tile with the roles moved ({@link FilterLanesWeightGradient}: taps
 * as its rows, the output gradient across its lanes).
 *
 * <p>Each accumulator starts at zero and takes the products of one k block in increasing k order,
 * one {@code fma} each, exactly as {@link DirectConvTileKernel#tile} sums the same element; so both
 * tiles, and the im2col path, give the same bits.
 */
public interface FilterLanesTileKernel {

    /** Filters per tile: a multiple of the vector length. */
    int filters();

    /** Output pixels per tile. */
    int pixels();

    /**
     * Whether this tile is taken over {@link DirectConvTileKernel}'s where both apply (where only
     * this one reads in place, {@link ConvForwardPath#of} takes it anyway). Measured per tile, one
     * thread, calls of 64 images (docs/performance.md): 64 filters by 6 pixels beat the direct tile
     * on conv2 of the CIFAR-10 CNN on Zen 5; 16 by 6 on Zen 3 (AVX2) ran conv2 level with it and conv1
     * at 0.4-0.7x.
     */
    boolean beatsTheDirectTile();

    /**
     * One tile over taps {@code ko .. ko + kc} of a k block: for {@code i < pixels()} and {@code f <
     * filters()}, {@code c[co + i*ldc + f] = start + sum over p < kc of w[wo + p*filters() + f] *
     * x[koff[ko + p] + at[ao + i]]}, summed in increasing p with one fma each, from zero, or from the
     * element's value in {@code c} when {@code continued} (the block's earlier taps: the same chain of
     * fmas as in one call).
     */
    void tile(
            int kc,
            float[] w,
            int wo,
            float[] x,
            int[] koff,
            int ko,
            int[] at,
            int ao,
            float[] c,
            int co,
            int ldc,
            boolean continued);

    /**
     * {@link #tile} for six pixels in two runs of three side by side in the padded image: pixel {@code
     * i} read at {@code koff[ko + p] + x0 + i} for {@code i < 3} and {@code koff[ko + p] + x3 + i - 3}
     * after. The same products in the same order, so the same bits; with two offsets the reads differ
     * from them by constants, which C2 checks against the array once a run rather than once a pixel
     * (range-check smearing), and six offsets no longer crowd the general registers. Most forward
     * tiles are one run of six (x3 = x0 + 3); every weight-gradient tile of a 3x3 kernel is two rows
     * of three taps.
     */
    void tileRuns(
            int kc,
            float[] w,
            int wo,
            float[] x,
            int[] koff,
            int ko,
            int x0,
            int x3,
            float[] c,
            int co,
            int ldc,
            boolean continued);

    /**
     * A k block's sums added to the total in the order {@link PackedGemm} adds them, then, after the
     * last block, the filter's bias added and ReLU applied as {@link Conv2dKernels#addBiasAndRelu}
     * applies them to the total: {@code c[cOff + i*ldc + col + f] = max((sums[i*ldc + col + f] +
     * c[...]) + bias[col + f], 0)} for {@code i < rows} and {@code f < filters()}; no sums to add
     * when {@code sums} is null (the total is one block), no bias when {@code bias} is null, no
     * maximum when not {@code relu}. One pass over the product where three were (the adds, the
     * bias, ReLU), while it is in cache.
     */
    void addSums(float[] sums, float[] c, int cOff, int col, int ldc, int rows, float[] bias, boolean relu);

    /**
     * {@code dst[dstOff + d*filters() + f] = src[srcOff + f*srcStride + d]} for {@code d < count} and
     * {@code f < filters()}: a block of filter-major rows turned channels last (the output gradient
     * packed as the weight gradient's {@code packed} operand).
     */
    void toChannelsLast(float[] src, int srcOff, int srcStride, int count, float[] dst, int dstOff);

    /**
     * {@code dst[dstOff + oc*count + i] = channelsLast[srcOff + i*o + oc]} for {@code oc < o} and
     * {@code i < count}: the channels-last product turned filter-major. (A scalar loop over it took
     * 15% of conv2's forward pass.)
     */
    void toFilterRows(float[] channelsLast, int srcOff, int o, int count, float[] dst, int dstOff);
}
