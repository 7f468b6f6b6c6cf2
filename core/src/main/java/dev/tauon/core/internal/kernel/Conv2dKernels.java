package dev.tauon.core.internal.kernel;

import java.util.Arrays;

/**
 * 2-D convolution (NCHW input, OIHW weight) lowered to GEMM with im2col.
 *
 * <p>Forward and input gradient give each task one image, or a group of small images (see
 * {@link #TARGET_COLUMNS}): the group's im2col matrix (a few hundred KiB for CIFAR-sized layers)
 * stays in the thread's L2 while its GEMM reads it. The weight
 * gradient is a sum over the batch: it is split into chunks of images whose boundaries depend on the
 * shape only (see {@link #weightGradChunks}), each chunk's partial gradient is one GEMM whose k
 * dimension runs over (image, pixel) in a fixed order, and the partials are added in chunk order;
 * so results never depend on the thread count.
 */
public final class Conv2dKernels {

    /**
     * Forward and input gradient lower several small images into one GEMM until it has about this
     * many columns: a 4x4 output alone would fill half of one 32-column panel and pay for packing the
     * weights on every image, and 169 columns (13x13) waste most of their last panel. 512 measured
     * faster than 256 for the CIFAR-10 layers (conv2 forward 129 vs 116 GFLOP/s on one thread).
     * Results do not depend on it: each output element is one dot product.
     */
    static final int TARGET_COLUMNS = 512;

    /**
     * Floats of im2col matrix lowered at once for the weight gradient (4 MiB: stays in L3 while
     * the GEMM reads it). Measured for conv2 of the CIFAR-10 CNN: 16 MiB groups gave 83, 4 MiB 104
     * GFLOP/s on one thread.
     */
    static final int GROUP_FLOATS = 1 << 20;

    /**
     * Upper bound on the chunks the weight gradient's batch sum is split into (see
     * {@link #weightGradChunks}); enough for 16 threads.
     */
    static final int MAX_CHUNKS = 16;

    /**
     * Floats of partial weight gradients at most (8 MiB). Large weights (256 x 2304 for a 256->256
     * 3x3 layer) then get one or two chunks: their GEMM has output tiles enough for every thread.
     */
    static final int PARTIAL_FLOATS = 1 << 21;

    /**
     * Floats of im2col matrix one thread lowers at once inside a chunk (1 MiB, so it stays in L2 while
     * the GEMM reads it). It depends on the shape only: it decides where the GEMM's sum restarts.
     */
    static final int CHUNK_GROUP_FLOATS = 1 << 18;

    /**
     * Whether the weight gradient of a chunk reads its im2col matrix from the padded images through
     * offset tables instead of lowering it: as A in the transposed form, packed as B in the direct
     * one (the same values in the same order, so the same bits). {@code
     * -Dtauon.conv.gatheredWeightGrad=false} lowers, for measuring.
     */
    static final boolean GATHERED_WEIGHT_GRAD =
            Boolean.parseBoolean(System.getProperty("tauon.conv.gatheredWeightGrad", "true"));

    /**
     * Whether the weight gradient may take the filter-lanes tile ({@link FilterLanesWeightGradient});
     * {@code -Dtauon.conv.filterLanesWeightGrad=false} keeps the GEMM, for measuring (the same bits).
     */
    static final boolean FILTER_LANES_WEIGHT_GRAD =
            Boolean.parseBoolean(System.getProperty("tauon.conv.filterLanesWeightGrad", "true"));

    /**
     * Whether the im2col input gradient may add its product up channels last ({@link
     * ChannelsLastInputGradient}); {@code -Dtauon.conv.channelsLastInputGrad=false} keeps col2im on
     * planes, for measuring (the same bits).
     */
    static final boolean CHANNELS_LAST_INPUT_GRAD =
            Boolean.parseBoolean(System.getProperty("tauon.conv.channelsLastInputGrad", "true"));

    /** Whether the input gradient may take {@link TapByTapInputGradient}; {@code -Dtauon.conv.tapByTapInputGrad=false} does not. */
    static final boolean TAP_BY_TAP_INPUT_GRAD =
            Boolean.parseBoolean(System.getProperty("tauon.conv.tapByTapInputGrad", "true"));

    private Conv2dKernels() {}

    /** out (overwritten) = conv(x, w) + bias; bias may be null. */
    public static void forward(float[] x, float[] w, float[] bias, float[] out, ConvShape s) {
        forward(SimdSupport.active(), x, w, bias, out, s, false);
    }

    /**
     * out (overwritten) = conv(x, w) + bias, then {@code max(out, 0)} when {@code relu}: applied to
     * each group of images right after its GEMM, while the group's output is still in cache.
     */
    public static void forward(float[] x, float[] w, float[] bias, float[] out, ConvShape s, boolean relu) {
        forward(SimdSupport.active(), x, w, bias, out, s, relu);
    }

    /**
     * By Winograd's F(2x2, 3x3) where the shape-only rule of {@link WinogradConv2d} takes it (another
     * order of sums), else along the fastest of the paths that agree to the bit ({@link ConvForwardPath}).
     */
    static void forward(FloatOps ops, float[] x, float[] w, float[] bias, float[] out, ConvShape s, boolean relu) {
        if (WinogradConv2d.applies(s)) {
            checkArrays("Conv2dKernels.forward", s, "x", x, "w", w, "out", out, "bias", bias);
            WinogradConv2d.forward(ops, x, w, bias, out, s, relu);
            return;
        }
        forward(ops, x, w, bias, out, s, relu, ConvForwardPath.of(ops, s));
    }

    /**
     * {@code forward(x, w, bias, y, s, true)} followed by 2x2 max pooling with stride 2 and no
     * padding of {@code y} ({@link MaxPool2dKernels#forward}): {@code pooled} ({@code [n, o, outH/2,
     * outW/2]}) and {@code argmax} (indices into {@code y}, which is never stored) overwritten, with
     * the same values and the same argmax as the two kernels one after the other. Where the forward
     * pass reads straight from the input ({@link DirectConv2d}), each image is pooled from its product
     * while that is in cache, and the convolution's output (conv1 of the CIFAR-10 CNN: 7.4 MB a batch
     * of 64) is neither written nor read back; otherwise it is the two kernels. When {@code
     * indexArgmax} is false (nothing will need the gradient), {@code argmax} is only the kernels'
     * scratch and is left holding whatever positions they used.
     */
    public static void forwardReluMaxPool(
            float[] x, float[] w, float[] bias, float[] pooled, int[] argmax, ConvShape s, boolean indexArgmax) {
        forwardReluMaxPool(
                SimdSupport.active(),
                x,
                w,
                bias,
                pooled,
                argmax,
                s,
                WinogradConv2d.applies(s) ? ConvForwardPath.LOWERED : ConvForwardPath.of(SimdSupport.active(), s),
                indexArgmax);
    }

    /**
     * {@link #forwardReluMaxPool} pooling from the product of a direct path, or after the two kernels
     * for the other paths (Winograd's shapes come with {@code LOWERED}: the two kernels).
     */
    static void forwardReluMaxPool(
            FloatOps ops,
            float[] x,
            float[] w,
            float[] bias,
            float[] pooled,
            int[] argmax,
            ConvShape s,
            ConvForwardPath path,
            boolean indexArgmax) {
        String kernel = "Conv2dKernels.forwardReluMaxPool";
        s.check(kernel);
        if (s.outH() < 2 || s.outW() < 2) {
            throw new IllegalArgumentException(kernel + ": output " + s.outH() + "x" + s.outW()
                    + " is smaller than the 2x2 pooling window, for " + s);
        }
        PoolShape p = new PoolShape(s.n(), s.o(), s.outH(), s.outW(), 2, 2, 2, 2);
        Checks.length(kernel, "x", x, (long) s.n() * s.c() * s.h() * s.w(), s);
        Checks.length(kernel, "w", w, (long) s.o() * s.patch(), s);
        if (bias != null) {
            Checks.length(kernel, "bias", bias, s.o(), s);
        }
        Checks.length(kernel, "pooled", pooled, (long) s.n() * s.o() * p.outH() * p.outW(), p);
        Checks.length(kernel, "argmax", argmax, (long) s.n() * s.o() * p.outH() * p.outW(), p);
        if (path == ConvForwardPath.DIRECT
                || path == ConvForwardPath.DIRECT_FILTER_LANES
                || path == ConvForwardPath.SHIFTED_ROWS) {
            DirectConv2d.forwardReluMaxPool(ops, x, w, bias, pooled, argmax, s, path, indexArgmax);
            return;
        }
        float[] y = new float[s.n() * s.o() * s.pixels()];
        forward(ops, x, w, bias, y, s, true);
        MaxPool2dKernels.forward(ops, y, pooled, argmax, p);
    }

    /** {@link #forward} along {@code path} (tests check every path gives the same bits). */
    static void forward(
            FloatOps ops,
            float[] x,
            float[] w,
            float[] bias,
            float[] out,
            ConvShape s,
            boolean relu,
            ConvForwardPath path) {
        checkArrays("Conv2dKernels.forward", s, "x", x, "w", w, "out", out, "bias", bias);
        if (path == ConvForwardPath.SHIFTED_ROWS) {
            ShiftedRowsForward.forEachImage(ops.shiftedRowsKernel(), x, w, bias, relu, s, out, null);
            return;
        }
        if (path == ConvForwardPath.DIRECT || path == ConvForwardPath.DIRECT_FILTER_LANES) {
            DirectConv2d.forward(ops, x, w, bias, out, s, relu, path == ConvForwardPath.DIRECT_FILTER_LANES);
            return;
        }
        if (path == ConvForwardPath.GATHERED) {
            GatheredConvForward.forward(ops, x, w, bias, out, s, relu);
            return;
        }
        int k = s.patch();
        int p = s.pixels();
        int o = s.o();
        int image = s.c() * s.h() * s.w();
        forEachImageGroup(s, (long) s.n() * o * p * k, (g0, count) -> {
            int cols = count * p;
            float[] col = Scratch.floats(Scratch.COLUMNS, k * cols);
            for (int i = 0; i < count; i++) {
                Im2col.lower(x, (g0 + i) * image, s, col, i * p, cols);
            }
            if (count == 1) {
                Gemm.gemm(ops, false, false, o, p, k, 1f, w, 0, k, col, 0, p, 0f, out, g0 * o * p, p);
            } else {
                float[] product = Scratch.floats(Scratch.GATHERED, o * cols);
                Gemm.gemm(ops, false, false, o, cols, k, 1f, w, 0, k, col, 0, cols, 0f, product, 0, cols);
                for (int i = 0; i < count; i++) {
                    scatter(product, i * p, cols, out, g0 + i, o, p);
                }
            }
            for (int at = g0 * o * p, end = (g0 + count) * o * p; at < end; at += p) {
                addBiasAndRelu(out, at, at + p, bias, (at / p) % o, relu);
            }
        });
    }

    /** gradX (overwritten) = gradient of the loss w.r.t. x given gradOut. */
    public static void backwardInput(float[] gradOut, float[] w, float[] gradX, ConvShape s) {
        backwardInput(SimdSupport.active(), gradOut, w, gradX, s);
    }

    /**
     * As a forward convolution of the output gradient where the shape allows ({@link
     * InputGradientAsConv}, a shape-only rule: it sums in another order), else in col2im's order:
     * added up channels last ({@link ChannelsLastInputGradient}), directly ({@link DirectConv2d}) or
     * through im2col and col2im, whichever the provider, shape and caches favour (the same bits).
     */
    static void backwardInput(FloatOps ops, float[] gradOut, float[] w, float[] gradX, ConvShape s) {
        checkArrays("Conv2dKernels.backwardInput", s, "gradX", gradX, "w", w, "gradOut", gradOut, null, null);
        if (InputGradientAsConv.applies(s)) {
            InputGradientAsConv.backwardInput(ops, gradOut, w, gradX, s);
            return;
        }
        if (TAP_BY_TAP_INPUT_GRAD && TapByTapInputGradient.supports(ops, s)) {
            TapByTapInputGradient.backwardInput(ops, gradOut, w, gradX, s);
            return;
        }
        if (CHANNELS_LAST_INPUT_GRAD && ChannelsLastInputGradient.applies(ops, s)) {
            ChannelsLastInputGradient.backwardInput(ops, gradOut, w, gradX, s);
            return;
        }
        backwardInput(
                ops, gradOut, w, gradX, s, DirectConv2d.appliesToInputGradient(ops, s) && DirectConv2d.allFinite(w));
    }

    /**
     * {@link #backwardInput} in col2im's order, added straight into the padded gradient ({@link
     * DirectConv2d}) or through im2col, as {@code direct} says (tests check both give the same bits).
     */
    static void backwardInput(FloatOps ops, float[] gradOut, float[] w, float[] gradX, ConvShape s, boolean direct) {
        checkArrays("Conv2dKernels.backwardInput", s, "gradX", gradX, "w", w, "gradOut", gradOut, null, null);
        if (direct) {
            DirectConv2d.backwardInput(ops, gradOut, w, gradX, s);
            return;
        }
        col2imInputGradient(ops, gradOut, w, gradX, s);
    }

    /** The input gradient as {@code W^T * gradOut} added back into planes by col2im ({@link Im2col#raiseAdd}). */
    static void col2imInputGradient(FloatOps ops, float[] gradOut, float[] w, float[] gradX, ConvShape s) {
        int k = s.patch();
        int p = s.pixels();
        int o = s.o();
        int image = s.c() * s.h() * s.w();
        forEachImageGroup(s, (long) s.n() * o * p * k, (g0, count) -> {
            int cols = count * p;
            float[] colGrad = Scratch.floats(Scratch.COL_GRAD, k * cols);
            if (count == 1) {
                Gemm.gemm(ops, true, false, k, p, o, 1f, w, 0, k, gradOut, g0 * o * p, p, 0f, colGrad, 0, p);
            } else {
                float[] gathered = Scratch.floats(Scratch.GATHERED, o * cols);
                for (int i = 0; i < count; i++) {
                    gather(gradOut, g0 + i, o, p, gathered, i * p, cols);
                }
                Gemm.gemm(ops, true, false, k, cols, o, 1f, w, 0, k, gathered, 0, cols, 0f, colGrad, 0, cols);
            }
            Arrays.fill(gradX, g0 * image, (g0 + count) * image, 0f);
            for (int i = 0; i < count; i++) {
                Im2col.raiseAdd(ops, colGrad, i * p, cols, s, gradX, (g0 + i) * image);
            }
        });
    }

    /** gradW (overwritten), gradBias (overwritten, may be null). */
    public static void backwardWeight(float[] x, float[] gradOut, float[] gradW, float[] gradBias, ConvShape s) {
        backwardWeight(SimdSupport.active(), x, gradOut, gradW, gradBias, s);
    }

    /**
     * By Winograd's transform where the forward pass takes it ({@link WinogradWeightGradient}, the
     * same shape-only rule), as dot products along output rows for 3x3 layers of few input channels
     * ({@link RowDotWeightGradient}, a shape-only rule too), else through im2col's GEMM in the faster
     * of its two forms, or with the filter-lanes tile where the provider has it and the shape fills
     * it ({@link FilterLanesWeightGradient}: the GEMM's bits).
     */
    static void backwardWeight(FloatOps ops, float[] x, float[] gradOut, float[] gradW, float[] gradBias, ConvShape s) {
        if (WinogradConv2d.applies(s)) {
            checkWeightGradArrays(x, gradOut, gradW, gradBias, s);
            WinogradWeightGradient.backwardWeight(ops, x, gradOut, gradW, s);
            backwardBias(ops, gradOut, gradBias, s);
            return;
        }
        if (RowDotWeightGradient.applies(s)) {
            checkWeightGradArrays(x, gradOut, gradW, gradBias, s);
            RowDotWeightGradient.backwardWeight(ops, x, gradOut, gradW, gradBias, s);
            return;
        }
        if (FILTER_LANES_WEIGHT_GRAD && FilterLanesWeightGradient.applies(ops, s)) {
            checkWeightGradArrays(x, gradOut, gradW, gradBias, s);
            FilterLanesWeightGradient.backwardWeight(ops, x, gradOut, gradW, s);
            backwardBias(ops, gradOut, gradBias, s);
            return;
        }
        backwardWeight(ops, x, gradOut, gradW, gradBias, s, transposedWeightGrad(ops, s));
    }

    /** {@link #backwardWeight} in the form {@code transposed} names (tests check both give the same bits). */
    static void backwardWeight(
            FloatOps ops,
            float[] x,
            float[] gradOut,
            float[] gradW,
            float[] gradBias,
            ConvShape s,
            boolean transposed) {
        checkWeightGradArrays(x, gradOut, gradW, gradBias, s);
        int chunks = weightGradChunks(s);
        if (chunks == 1) {
            backwardWeightOneSum(ops, x, gradOut, gradW, s, transposed);
        } else {
            backwardWeightChunked(ops, x, gradOut, gradW, s, transposed);
        }
        backwardBias(ops, gradOut, gradBias, s);
    }

    private static void checkWeightGradArrays(
            float[] x, float[] gradOut, float[] gradW, float[] gradBias, ConvShape s) {
        checkArrays(
                "Conv2dKernels.backwardWeight", s, "x", x, "gradW", gradW, "gradOut", gradOut, "gradBias", gradBias);
    }

    /** gradBias (overwritten; nothing when null) = the output gradient summed per filter. */
    private static void backwardBias(FloatOps ops, float[] gradOut, float[] gradBias, ConvShape s) {
        if (gradBias == null) {
            return;
        }
        int o = s.o();
        float[] sums = new float[s.n() * o];
        Parallel.forRange(s.n(), 1, (long) s.n() * o * s.pixels(), (b0, b1) -> {
            for (int b = b0; b < b1; b++) {
                planeSums(ops, gradOut, b, s, sums);
            }
        });
        biasFromPlaneSums(sums, s.n(), o, gradBias);
    }

    /** {@code sums[b * o + f]} (overwritten) = the sum of image {@code b}'s output gradient plane of filter {@code f}, for every filter. */
    static void planeSums(FloatOps ops, float[] gradOut, int b, ConvShape s, float[] sums) {
        int o = s.o();
        int p = s.pixels();
        for (int f = 0; f < o; f++) {
            sums[b * o + f] = ops.sum(gradOut, (b * o + f) * p, p);
        }
    }

    /**
     * gradBias (overwritten) = each filter's plane sums added in double (they run over the whole
     * batch), in image order: one order whatever the thread count or where the sums were taken.
     */
    static void biasFromPlaneSums(float[] sums, int n, int o, float[] gradBias) {
        for (int f = 0; f < o; f++) {
            double sum = 0;
            for (int b = 0; b < n; b++) {
                sum += sums[b * o + f];
            }
            gradBias[f] = (float) sum;
        }
    }

    /**
     * Chunks of whole images the weight gradient's sum over the batch is split into: a power of two,
     * at most {@link #MAX_CHUNKS} and the batch, with at least one GEMM k block ({@link PackedGemm#KC}
     * columns) per chunk on average, and partial gradients (chunks x the weight's size) of at most
     * {@link #PARTIAL_FLOATS}. It depends on the shape only, never on the thread count or the
     * machine: it fixes the summation order.
     */
    static int weightGradChunks(ConvShape s) {
        long size = (long) s.o() * s.patch();
        long bound = Math.min(
                Math.min(s.n(), MAX_CHUNKS),
                Math.min((long) s.n() * s.pixels() / PackedGemm.KC, PARTIAL_FLOATS / size));
        return Integer.highestOneBit((int) Math.max(1, bound));
    }

    /**
     * Images in each of {@link #weightGradChunks} chunks (the last may hold fewer): chunk {@code i}
     * sums images {@code [i * perChunk, min(n, (i + 1) * perChunk))}. Every chunked weight gradient
     * (im2col, Winograd, row-dot) cuts the batch this way.
     */
    static int imagesPerChunk(ConvShape s) {
        int chunks = weightGradChunks(s);
        return (s.n() + chunks - 1) / chunks;
    }

    /**
     * One GEMM whose k dimension runs over (image, pixel), lowered in groups; GEMM splits the output
     * between threads. For shapes whose weight is large next to the batch, where output tiles alone
     * keep every thread busy.
     */
    private static void backwardWeightOneSum(
            FloatOps ops, float[] x, float[] gradOut, float[] gradW, ConvShape s, boolean transposed) {
        int k = s.patch();
        int p = s.pixels();
        int o = s.o();
        int image = s.c() * s.h() * s.w();
        int group = imagesPerGroup(s, GROUP_FLOATS, s.n());
        int width = group * p;
        float[] col = Scratch.floats(Scratch.GROUP_COL, k * width);
        float[] grad = Scratch.floats(Scratch.GROUP_GRAD, o * width);
        float[] sum = transposed ? Scratch.floats(Scratch.TRANSPOSED, k * o) : gradW;
        for (int g0 = 0; g0 < s.n(); g0 += group) {
            int count = Math.min(group, s.n() - g0);
            int first = g0;
            int cols = count * p;
            Parallel.forRange(count, 1, (long) count * (k + o) * p, (i0, i1) -> {
                for (int i = i0; i < i1; i++) {
                    Im2col.lower(x, (first + i) * image, s, col, i * p, cols);
                    gather(gradOut, first + i, o, p, grad, i * p, cols);
                }
            });
            weightGradProduct(ops, false, transposed, o, k, cols, grad, col, g0 == 0 ? 0f : 1f, sum, 0);
        }
        if (transposed) {
            transpose(sum, k, o, gradW);
        }
    }

    /**
     * Each chunk of images gets its own partial gradient, computed by one thread (lowering and GEMM
     * back to back, so the lowered group is still in that thread's cache); the partials are then
     * added in chunk order. A thin weight gradient (conv1's is 32 x 27) thus runs on every thread.
     */
    private static void backwardWeightChunked(
            FloatOps ops, float[] x, float[] gradOut, float[] gradW, ConvShape s, boolean transposed) {
        int k = s.patch();
        int p = s.pixels();
        int o = s.o();
        int size = o * k;
        int image = s.c() * s.h() * s.w();
        int perChunk = imagesPerChunk(s);
        int count = (s.n() + perChunk - 1) / perChunk;
        int group = imagesPerGroup(s, CHUNK_GROUP_FLOATS, perChunk);
        float[] partials = Scratch.floats(Scratch.PARTIALS, count * size);
        boolean gathered = GATHERED_WEIGHT_GRAD;
        int[] taps = gathered ? DirectConv2d.tapOffsets(s) : null;
        int paddedImage = s.c() * DirectConv2d.paddedPlane(s);
        // Column i*pixels + oy*outW + ox of the group's im2col matrix starts there in the padded images.
        int[] pixels = gathered
                ? WindowOffsets.of(
                        group, paddedImage, s.outH(), s.outW(), s.strideH(), s.strideW(), s.w() + 2 * s.padW())
                : null;
        forEachChunkGroup(s, group, (c, g0, images, first) -> {
            int cols = images * p;
            float[] col = gathered ? null : Scratch.floats(Scratch.GROUP_COL, k * group * p);
            float[] padded = gathered ? Scratch.floats(Scratch.GROUP_PADDED, group * paddedImage) : null;
            float[] grad = Scratch.floats(Scratch.GROUP_GRAD, o * group * p);
            for (int i = 0; i < images; i++) {
                if (gathered) {
                    DirectConv2d.pad(x, (g0 + i) * image, s, padded, i * paddedImage, paddedImage);
                } else {
                    Im2col.lower(x, (g0 + i) * image, s, col, i * p, cols);
                }
                gather(gradOut, g0 + i, o, p, grad, i * p, cols);
            }
            if (gathered && !transposed) {
                // The direct product with the im2col matrix packed from the padded images as B.
                PackedGemm.multiplyGatheredB(
                        Gemm.blockKernel(ops),
                        o,
                        k,
                        cols,
                        grad,
                        cols,
                        padded,
                        pixels,
                        taps,
                        partials,
                        c * size,
                        k,
                        first,
                        GemmBlocking.MC,
                        GemmBlocking.NC);
            } else if (gathered) {
                // The transposed product with the im2col matrix read from the padded images as A.
                PackedGemm.multiplyGatheredA(
                        Gemm.blockKernel(ops),
                        k,
                        o,
                        cols,
                        padded,
                        taps,
                        pixels,
                        grad,
                        cols,
                        partials,
                        c * size,
                        o,
                        first,
                        GemmBlocking.MC);
            } else {
                weightGradProduct(ops, true, transposed, o, k, cols, grad, col, first ? 0f : 1f, partials, c * size);
            }
        });
        float[] sum = transposed ? Scratch.floats(Scratch.TRANSPOSED, size) : gradW;
        addPartials(ops, partials, count, size, sum); // in either layout
        if (transposed) {
            transpose(sum, k, o, gradW);
        }
    }

    /** One group of a chunk's images: chunk {@code chunk}, images {@code [g0, g0 + images)}, {@code first} for the chunk's first group. */
    @FunctionalInterface
    interface ChunkGroupBody {
        void run(int chunk, int g0, int images, boolean first);
    }

    /**
     * Runs {@code body} on every group of at most {@code group} images of every chunk of {@link
     * #imagesPerChunk} images, a chunk's groups in order on one thread, the chunks split between the
     * threads: each chunk's partial sum is the same whatever the thread count.
     */
    static void forEachChunkGroup(ConvShape s, int group, ChunkGroupBody body) {
        int perChunk = imagesPerChunk(s);
        int count = (s.n() + perChunk - 1) / perChunk;
        long work = (long) s.n() * s.o() * s.pixels() * s.patch();
        Parallel.forRange(count, 1, work, (c0, c1) -> {
            for (int c = c0; c < c1; c++) {
                int end = Math.min(s.n(), (c + 1) * perChunk);
                for (int g0 = c * perChunk; g0 < end; g0 += group) {
                    body.run(c, g0, Math.min(group, end - g0), g0 == c * perChunk);
                }
            }
        });
    }

    /**
     * sum (overwritten) = the {@code count} partial sums of {@code size} floats each in {@code
     * partials}, added in chunk order, element by element: one order whatever the thread count.
     */
    static void addPartials(FloatOps ops, float[] partials, int count, int size, float[] sum) {
        Parallel.forRange(size, 16, (long) count * size, (e0, e1) -> {
            System.arraycopy(partials, e0, sum, e0, e1 - e0);
            for (int c = 1; c < count; c++) {
                ops.add(partials, c * size + e0, sum, e0, e1 - e0);
            }
        });
    }

    /**
     * One group's share of the weight gradient: {@code C = beta * C + grad * col^T} ({@code o x k}),
     * or in the transposed form {@code C = beta * C + col * grad^T} ({@code k x o}); grad is
     * {@code o x cols} and col {@code k x cols}, both row-major. {@code onCaller} keeps the GEMM on
     * the calling thread (for callers that already run one task per thread).
     */
    private static void weightGradProduct(
            FloatOps ops,
            boolean onCaller,
            boolean transposed,
            int o,
            int k,
            int cols,
            float[] grad,
            float[] col,
            float beta,
            float[] c,
            int cOff) {
        int m = transposed ? k : o;
        int n = transposed ? o : k;
        float[] a = transposed ? col : grad;
        float[] b = transposed ? grad : col;
        if (onCaller) {
            Gemm.gemmOnCaller(ops, false, true, m, n, cols, 1f, a, 0, cols, b, 0, cols, beta, c, cOff, n);
        } else {
            Gemm.gemm(ops, false, true, m, n, cols, 1f, a, 0, cols, b, 0, cols, beta, c, cOff, n);
        }
    }

    /**
     * Whether the weight gradient is computed transposed, {@code gradW^T = col * gradOut^T}. Either way
     * the GEMM packs its B operand with a transposing copy; transposed, that copy is of the output
     * gradient (filters x pixels) instead of the im2col matrix (patch x pixels), fewer floats when
     * the filters are fewer than a patch's elements (conv2 of the CIFAR-10 CNN: 64 against 288), and
     * the im2col matrix becomes A, read in place when the filters fill at most
     * {@link GemmBlocking#UNPACKED_A_MAX_PANELS} column panels. Where A would be packed instead (256
     * filters, or a kernel that always packs A, as the plain provider's does), that interleaving copy
     * of the im2col matrix cost more than the transposed form saved (measured in
     * docs/performance.md), so the direct form stays. Both forms multiply the same pairs in the same k
     * order into one accumulator per element, so they give the same bits ({@link GemmBlockKernel});
     * the choice only decides speed.
     */
    static boolean transposedWeightGrad(FloatOps ops, ConvShape s) {
        int width = Gemm.columnPanelWidth(ops);
        int panels = (s.o() + width - 1) / width;
        return s.o() < s.patch() && Gemm.readsAInPlace(ops) && panels <= GemmBlocking.UNPACKED_A_MAX_PANELS;
    }

    /** dst[j * rows + i] = src[i * cols + j]: a rows x cols matrix into its cols x rows transpose. */
    private static void transpose(float[] src, int rows, int cols, float[] dst) {
        transpose(src, 0, rows, cols, dst, 0);
    }

    /** {@link #transpose} of the matrix at {@code src[srcOff ...]} into {@code dst[dstOff ...]}. */
    static void transpose(float[] src, int srcOff, int rows, int cols, float[] dst, int dstOff) {
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                dst[dstOff + j * rows + i] = src[srcOff + i * cols + j];
            }
        }
    }

    /** Images lowered together when one group may hold {@code floats} floats of im2col matrix (at least 1, at most {@code max}). */
    static int imagesPerGroup(ConvShape s, int floats, int max) {
        return (int) Math.max(1, Math.min(max, floats / ((long) s.patch() * s.pixels())));
    }

    /** What a convolution pass does with one group of images: {@code count} images from image {@code first}. */
    @FunctionalInterface
    interface ImageGroupBody {
        void run(int first, int count);
    }

    /**
     * Runs {@code body} on the images of {@code s} in groups of {@link #imagesPerGemm}, the groups
     * split between the kernel threads (never a group between two threads), so each group's
     * arithmetic is the same whatever the thread count.
     */
    static void forEachImageGroup(ConvShape s, long work, ImageGroupBody body) {
        forEachImageGroup(s, imagesPerGemm(s), work, body);
    }

    /** {@link #forEachImageGroup} in groups of {@code group} images (a caller that sized tables by it passes it). */
    static void forEachImageGroup(ConvShape s, int group, long work, ImageGroupBody body) {
        Parallel.forRange(s.n(), group, work, (b0, b1) -> {
            for (int g0 = b0; g0 < b1; g0 += group) {
                body.run(g0, Math.min(group, b1 - g0));
            }
        });
    }

    /**
     * Images lowered into one GEMM: enough output pixels to fill the micro-kernel's column panels
     * ({@link #TARGET_COLUMNS}), then evened out so that every kernel thread gets as many groups as
     * the others. Without that, a 3x3 output at batch 64 made one group of 56 images and one of 8,
     * and one thread did seven times the other's work. No result depends on it (each output element
     * is one dot product, whatever the group), so it may follow the thread count.
     */
    static int imagesPerGemm(ConvShape s) {
        return evenImageGroups(s.n(), s.pixels(), TARGET_COLUMNS);
    }

    /**
     * {@link #imagesPerGemm} for {@code n} images of {@code columns} GEMM columns each and a target of
     * {@code target} columns a group.
     */
    static int evenImageGroups(int n, int columns, int target) {
        if (n == 0) {
            return 1;
        }
        int group = Math.max(1, Math.min(n, target / columns));
        int threads = Parallel.threads();
        int perThread = ceilDiv(n, group * threads); // groups each thread runs
        return ceilDiv(n, perThread * threads);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** Copies image {@code b}'s [o, p] block of an NCHW-like array into columns {@code colOff ...} of a [o, ld] matrix. */
    static void gather(float[] src, int b, int o, int p, float[] dst, int colOff, int ld) {
        for (int oc = 0; oc < o; oc++) {
            System.arraycopy(src, (b * o + oc) * p, dst, oc * ld + colOff, p);
        }
    }

    /** The inverse of {@link #gather}: columns {@code colOff ...} of a [o, ld] matrix into image {@code b}'s [o, p] block. */
    private static void scatter(float[] src, int colOff, int ld, float[] dst, int b, int o, int p) {
        for (int oc = 0; oc < o; oc++) {
            System.arraycopy(src, oc * ld + colOff, dst, (b * o + oc) * p, p);
        }
    }

    /**
     * The forward pass's epilogue on {@code a[from, to)}, one filter's outputs: plus that filter's
     * bias (nothing when {@code bias} is null: adding +0 would turn -0 into +0), then {@code
     * Math.max(v, 0f)} when {@code relu}, as the relu op computes it. Every forward path (im2col, the
     * direct one, the one fused with pooling) applies it through here, so all give the same bits.
     */
    static void addBiasAndRelu(float[] a, int from, int to, float[] bias, int filter, boolean relu) {
        if (bias != null) {
            float value = bias[filter];
            if (relu) {
                for (int i = from; i < to; i++) {
                    a[i] = Math.max(a[i] + value, 0f);
                }
            } else {
                for (int i = from; i < to; i++) {
                    a[i] += value;
                }
            }
        } else if (relu) {
            for (int i = from; i < to; i++) {
                a[i] = Math.max(a[i], 0f);
            }
        }
    }

    /**
     * Checks the shape and, under the names the caller gives them, the lengths of the input-sized,
     * weight-sized and output-sized arrays and of the optional per-filter one.
     */
    private static void checkArrays(
            String kernel,
            ConvShape s,
            String inName,
            float[] in,
            String wName,
            float[] w,
            String outName,
            float[] out,
            String perFilterName,
            float[] perFilter) {
        s.check(kernel);
        Checks.length(kernel, inName, in, (long) s.n() * s.c() * s.h() * s.w(), s);
        Checks.length(kernel, wName, w, (long) s.o() * s.patch(), s);
        Checks.length(kernel, outName, out, (long) s.n() * s.o() * s.pixels(), s);
        if (perFilter != null) {
            Checks.length(kernel, perFilterName, perFilter, s.o(), s);
        }
    }
}
