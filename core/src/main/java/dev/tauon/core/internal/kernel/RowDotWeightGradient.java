package dev.tauon.core.internal.kernel;

import java.util.Arrays;

/**
 * The weight gradient of a 3x3, stride-1 convolution of few input channels (an RGB image's first
 * layer: conv1 of the CIFAR-10 CNN) as dot products along output rows, with no im2col matrix and
 * no packed copy.
 *
 * <p>Through GEMM such a layer is a thin product (32 filters x 27 taps) with a long sum (every
 * output pixel of the batch), and packing the 27 gathered taps of every pixel cost more than the
 * product itself (docs/performance.md, issue 12). Here each weight is instead the sum, over output
 * pixels, of the output gradient times the input beside it: two runs of contiguous floats per
 * output row, which the kernel multiplies where they lie.
 *
 * <p>Order of the sums, which depends on the shape only: the batch is cut into the chunks of
 * {@link Conv2dKernels#weightGradChunks}. Within a chunk, each weight keeps {@link RowDotKernel#LANES}
 * partial sums; each output row is covered by vectors of 16 columns ({@link RowVectors}: the last
 * one ends at the row's end, its lanes that repeat columns of the vector before take a zero
 * gradient), lane {@code l} of every row of every vector of every image going, in that order
 * (image, then vector, then row), into partial sum {@code l}. The 16 partial sums are then added
 * pairwise ({@link #addLanes}), and the chunks' results in chunk order. This is another order than
 * the GEMM paths', so other bits than they give; the same on every machine, thread count and
 * provider.
 *
 * <p>A masked lane multiplies a zero gradient by an input value: zero for finite input, so it
 * changes no sum's value. An image with an infinite or NaN input goes through {@link
 * #accumulateSkippingInfinities}, so that 0 x infinity does not turn weights into NaN.
 */
final class RowDotWeightGradient {

    /**
     * At most this many input channels (an RGB image), the case measured (conv1). Wider inputs keep
     * the GEMM path, where each packed element serves more taps; they were not measured this way.
     */
    static final int MAX_CHANNELS = 3;

    /** At least one whole vector of output columns: narrower rows would be mostly padding. */
    static final int MIN_OUT_WIDTH = RowDotKernel.LANES;

    private static final int LANES = RowDotKernel.LANES;

    private RowDotWeightGradient() {}

    /** Whether {@link Conv2dKernels#backwardWeight} takes this path for {@code s}: a rule on the shape alone. */
    static boolean applies(ConvShape s) {
        return s.kh() == 3
                && s.kw() == 3
                && s.strideH() == 1
                && s.strideW() == 1
                && s.c() <= MAX_CHANNELS
                && s.outW() >= MIN_OUT_WIDTH;
    }

    /**
     * gradW (overwritten) = the weight gradient of {@code s}, which {@link #applies} to, and gradBias
     * (overwritten; nothing when null) as {@code Conv2dKernels.backwardBias} computes it, the
     * same bits: each image's plane sums are taken right after the kernel has read its gradient,
     * instead of in a pass of their own over the whole batch's gradient. Arrays already checked.
     */
    static void backwardWeight(FloatOps ops, float[] x, float[] gradOut, float[] gradW, float[] gradBias, ConvShape s) {
        RowDotKernel kernel = ops.rowDotKernel();
        int o = s.o();
        int c = s.c();
        int size = o * c * 9;
        RowVectors vectors = new RowVectors(s.outW());
        boolean padded = s.padH() > 0 || s.padW() > 0; // else the input is read where it lies
        int xRow = s.w() + 2 * s.padW();
        int xPlane = DirectConv2d.paddedPlane(s);
        int image = c * s.h() * s.w();
        int gImage = o * s.pixels();
        int perChunk = Conv2dKernels.imagesPerChunk(s);
        int count = (s.n() + perChunk - 1) / perChunk;
        float[] partials = count == 1 ? gradW : Scratch.floats(Scratch.PARTIALS, count * size);
        float[] planeSums = gradBias == null ? null : new float[s.n() * o];
        Parallel.forRange(count, 1, (long) s.n() * s.pixels() * size, (c0, c1) -> {
            float[] lanes = Scratch.floats(Scratch.ROW_DOT_LANES, size * LANES);
            float[] copy = padded ? Scratch.floats(Scratch.GROUP_PADDED, c * xPlane) : null;
            for (int chunk = c0; chunk < c1; chunk++) {
                Arrays.fill(lanes, 0, size * LANES, 0f);
                for (int b = chunk * perChunk, end = Math.min(s.n(), b + perChunk); b < end; b++) {
                    float[] in = x;
                    int inOff = b * image;
                    if (padded) {
                        DirectConv2d.pad(x, b * image, s, copy, 0, c * xPlane);
                        in = copy;
                        inOff = 0;
                    }
                    boolean finite = finite(ops, x, b * image, image);
                    for (int v = 0; v < vectors.count(); v++) {
                        if (finite) {
                            kernel.accumulate(
                                    o,
                                    c,
                                    gradOut,
                                    b * gImage,
                                    s.pixels(),
                                    s.outW(),
                                    in,
                                    inOff,
                                    xPlane,
                                    xRow,
                                    s.outH(),
                                    vectors,
                                    v,
                                    lanes);
                        } else {
                            accumulateSkippingInfinities(
                                    o, c, gradOut, b * gImage, s, in, inOff, xPlane, xRow, vectors, v, lanes);
                        }
                    }
                    if (planeSums != null) {
                        Conv2dKernels.planeSums(ops, gradOut, b, s, planeSums);
                    }
                }
                for (int weight = 0; weight < size; weight++) {
                    partials[chunk * size + weight] = addLanes(lanes, weight * LANES);
                }
            }
        });
        if (count > 1) {
            Conv2dKernels.addPartials(ops, partials, count, size, gradW);
        }
        if (gradBias != null) {
            Conv2dKernels.biasFromPlaneSums(planeSums, s.n(), o, gradBias);
        }
    }

    /** The 16 partial sums at {@code lanes[at ...]} added pairwise: lane l with l + 8, then + 4, + 2, + 1. */
    static float addLanes(float[] lanes, int at) {
        float s0 = lanes[at] + lanes[at + 8];
        float s1 = lanes[at + 1] + lanes[at + 9];
        float s2 = lanes[at + 2] + lanes[at + 10];
        float s3 = lanes[at + 3] + lanes[at + 11];
        float s4 = lanes[at + 4] + lanes[at + 12];
        float s5 = lanes[at + 5] + lanes[at + 13];
        float s6 = lanes[at + 6] + lanes[at + 14];
        float s7 = lanes[at + 7] + lanes[at + 15];
        return ((s0 + s4) + (s2 + s6)) + ((s1 + s5) + (s3 + s7));
    }

    /**
     * Whether {@code a[from, from + length)} is all finite. Its sum is finite when every element is
     * (unless it overflows, which the exact check then settles): one vectorised pass for the usual case.
     */
    static boolean finite(FloatOps ops, float[] a, int from, int length) {
        return Float.isFinite(ops.sum(a, from, length)) || DirectConv2d.allFinite(a, from, length);
    }

    /**
     * {@link RowDotKernel#accumulate}, scalar, except that a masked lane whose input is infinite or
     * NaN is left out instead of multiplying +0 by it: the products and order of the kernel wherever
     * the kernel's result is not NaN. It only serves images with a non-finite input, so that 0 x
     * infinity does not turn the reference's infinities into NaN.
     */
    private static void accumulateSkippingInfinities(
            int o,
            int c,
            float[] g,
            int gOff,
            ConvShape s,
            float[] x,
            int xOff,
            int xPlane,
            int xRow,
            RowVectors vectors,
            int v,
            float[] lanes) {
        int width = s.outW();
        for (int f = 0; f < o; f++) {
            for (int ch = 0; ch < c; ch++) {
                for (int tap = 0; tap < 9; tap++) {
                    int at = ((f * c + ch) * 9 + tap) * LANES;
                    for (int r = 0; r < s.outH(); r++) {
                        int gr = gOff + f * s.pixels() + r * width;
                        int xr = xOff + ch * xPlane + (r + tap / 3) * xRow + tap % 3;
                        for (int l = 0; l < LANES; l++) {
                            int col = vectors.start(v) + l;
                            float in = x[xr + col];
                            if (l >= vectors.masked(v)) {
                                lanes[at + l] = Math.fma(g[gr + col], in, lanes[at + l]);
                            } else if (Float.isFinite(in)) {
                                lanes[at + l] = Math.fma(0f, in, lanes[at + l]);
                            }
                        }
                    }
                }
            }
        }
    }
}
