package dev.tauon.core.internal.kernel;

/**
 * The ways a convolution's forward pass can be computed. All give the same bits (each output
 * element is the same sum in the same k blocks and order; the tests compare them), so the choice,
 * made from the shape and the provider alone ({@link #of}), decides only speed.
 */
enum ConvForwardPath {
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
        if (DirectConv2d.applies(ops, s)) {
            // Where the other paths were faster than DIRECT (small images: conv3 of the CIFAR-10 CNN,
            // 4x4 from 6x6) they were faster than this tile too: 3,081-3,293 calls/s against
            // 3,553-3,609 gathered (docs/performance.md).
            return FilterLanesProduct.applies(ops, s) ? DIRECT_FILTER_LANES : DIRECT;
        }
        return GATHERED_ENABLED && GatheredConvForward.applies(ops) ? GATHERED : LOWERED;
    }
}
