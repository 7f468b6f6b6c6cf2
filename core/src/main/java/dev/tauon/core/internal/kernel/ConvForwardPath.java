package dev.tauon.core.internal.kernel;

/**
 * The ways a convolution's forward pass can be computed. All give the same bits (each output
 * element is the same sum in the same k blocks and order; the tests compare them), so the choice,
 * made from the shape and the provider alone ({@link #of}), decides only speed.
 */
enum ConvForwardPath {
    /** Few input channels: output rows as sums of shifted input rows, pixels across the lanes ({@link ShiftedRowsForward}). */
    SHIFTED_ROWS,
    /** Read straight from the padded image, whole tiles of positions ({@link DirectConv2d}). */
    DIRECT,
    /** Read straight from the padded image, output pixels only, filters across the lanes ({@link FilterLanesProduct}). */
    DIRECT_FILTER_LANES,
    /** Pixels as rows gathered from the padded images, filters as columns ({@link GatheredConvForward}). */
    GATHERED,
    /** The im2col matrix lowered, then one GEMM per group of images. */
    LOWERED;

    /**
     * Whether the gathered path may be taken; {@code -Dtauon.conv.gatheredForward=false} lowers
     * instead, for measuring.
     */
    static final boolean GATHERED_ENABLED =
            Boolean.parseBoolean(System.getProperty("tauon.conv.gatheredForward", "true"));

    /** The fastest path {@code ops} has for {@code s}. */
    static ConvForwardPath of(FloatOps ops, ConvShape s) {
        if (ShiftedRowsForward.applies(ops, s)) {
            return SHIFTED_ROWS;
        }
        boolean direct = DirectConv2d.applies(ops, s);
        if (FilterLanesProduct.applies(ops, s)
                && (direct
                        ? ops.filterLanesKernel().beatsTheDirectTile()
                        : FilterLanesProduct.readsInPlaceWithLittleWaste(ops, s))) {
            return DIRECT_FILTER_LANES;
        }
        if (direct) {
            return DIRECT;
        }
        return GATHERED_ENABLED && GatheredConvForward.applies(ops) ? GATHERED : LOWERED;
    }
}
