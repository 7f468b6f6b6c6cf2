package dev.tauon.core.internal.kernel;

/**
 * The forward pass of a 3x3, stride-1 convolution of few input channels (an RGB image's first
 * layer: conv1 of the CIFAR-10 CNN) with output pixels across the lanes and the weights broadcast,
 * written straight into the filter-major output: no im2col matrix, no product in padded rows to copy
 * out ({@link DirectConv2d}'s tile, whose copy and separate bias and ReLU pass took a third of conv1's
 * forward pass, JFR, docs/performance.md, twentieth round) and no transposition ({@link
 * FilterLanesProduct}).
 *
 * <p>For each pair of filters and each vector of 16 output columns ({@link RowVectors}: the last one
 * ends at the row's end and recomputes columns the one before took, writing the same values), the
 * kernel walks channel by channel down the input rows; each output element takes the taps of channel
 * 0, then 1, then 2, each channel's in increasing tap, one {@code fma} each from +0, then its bias
 * and ReLU: the k order and the single k block (at most 27 taps) of every other forward path, so the
 * same bits as they give.
 */
final class ShiftedRowsForward {

    /** At most this many input channels (27 taps, one k block of every other path): the case measured. */
    static final int MAX_CHANNELS = 3;

    private ShiftedRowsForward() {}

    /**
     * Whether {@code ops} has the kernel and {@code s} is a 3x3, stride-1 convolution of at most
     * {@link #MAX_CHANNELS} channels, outputs at least a vector wide and filters in pairs.
     */
    static boolean applies(FloatOps ops, ConvShape s) {
        return ops.shiftedRowsKernel() != null
                && s.kh() == 3
                && s.kw() == 3
                && s.strideH() == 1
                && s.strideW() == 1
                && s.c() <= MAX_CHANNELS
                && s.outW() >= ShiftedRowsKernel.LANES
                && s.o() % 2 == 0;
    }

    /**
     * Every image's product, finished with bias (when given) and ReLU (when {@code relu}): into {@code
     * out} at image {@code b}'s place when {@code out} is given, else into a scratch array handed to
     * {@code then} ({@code [o, outH * outW]}), image by image, while it is in cache. Images are read
     * in place without padding, else through a padded copy.
     */
    static void forEachImage(
            ShiftedRowsKernel kernel,
            float[] x,
            float[] w,
            float[] bias,
            boolean relu,
            ConvShape s,
            float[] out,
            FilterLanesProduct.FinishedProduct then) {
        int o = s.o();
        int c = s.c();
        int pixels = s.pixels();
        int width = s.outW();
        boolean inPlace = s.padH() == 0 && s.padW() == 0;
        int xRow = s.w() + 2 * s.padW();
        int xPlane = DirectConv2d.paddedPlane(s);
        int image = c * s.h() * s.w();
        RowVectors vectors = new RowVectors(width);
        boolean finish = bias != null || relu;
        boolean fused = finish && c > 1; // the last channel's walk finishes the sums
        Conv2dKernels.forEachImageGroup(s, (long) s.n() * o * pixels * s.patch(), (g0, count) -> {
            float[] padded = inPlace ? null : Scratch.floats(Scratch.PADDED, c * xPlane);
            float[] product = out != null ? out : Scratch.floats(Scratch.DIRECT_PRODUCT, o * pixels);
            for (int b = g0; b < g0 + count; b++) {
                float[] in = x;
                int inOff = b * image;
                if (!inPlace) {
                    DirectConv2d.pad(x, b * image, s, padded, 0, c * xPlane);
                    in = padded;
                    inOff = 0;
                }
                int productOff = out != null ? b * o * pixels : 0;
                for (int f = 0; f < o; f += 2) {
                    int oA = productOff + f * pixels;
                    float biasA = bias == null ? 0f : bias[f];
                    float biasB = bias == null ? 0f : bias[f + 1];
                    for (int v = 0; v < vectors.count(); v++) {
                        int col = vectors.start(v);
                        for (int ch = 0; ch < (fused ? c - 1 : c); ch++) {
                            kernel.accumulate(
                                    w,
                                    (f * c + ch) * 9,
                                    ((f + 1) * c + ch) * 9,
                                    in,
                                    inOff + ch * xPlane,
                                    xRow,
                                    s.outH(),
                                    col,
                                    product,
                                    oA,
                                    oA + pixels,
                                    width,
                                    ch == 0);
                        }
                        if (fused) {
                            kernel.accumulateAndFinish(
                                    w,
                                    (f * c + c - 1) * 9,
                                    ((f + 1) * c + c - 1) * 9,
                                    in,
                                    inOff + (c - 1) * xPlane,
                                    xRow,
                                    s.outH(),
                                    col,
                                    product,
                                    oA,
                                    oA + pixels,
                                    width,
                                    bias != null,
                                    biasA,
                                    biasB,
                                    relu);
                        } else if (finish) {
                            kernel.finish(
                                    product, oA, oA + pixels, width, s.outH(), col, bias != null, biasA, biasB, relu);
                        }
                    }
                }
                if (then != null) {
                    then.accept(product, b);
                }
            }
        });
    }
}
