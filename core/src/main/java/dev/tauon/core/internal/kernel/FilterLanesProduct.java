package dev.tauon.core.internal.kernel;

import java.util.Arrays;

/**
 * One image's product for {@link DirectConv2d}'s forward pass computed by a {@link
 * FilterLanesTileKernel}: the weights packed as {@code [o / filters, k, filters]}, the product
 * computed channels last ({@code [pixels, o]}) a few output pixels at a time, then turned into the
 * filter-major {@code [o, outH * outW]} layout of the output. Images with few pixels go through
 * the tiles a few at a time ({@link #imagesPerProduct}). The same sums in the same k blocks as
 * the other tile (each k block from zero, later blocks added with {@code tile + c}), so the same
 * bits.
 */
final class FilterLanesProduct {

    private FilterLanesProduct() {}

    /**
     * Whether the path is taken for {@code s}: {@link #supports}, stride 1 (the only stride measured),
     * and an image for every thread, as {@link DirectConv2d} needs.
     */
    static boolean applies(FloatOps ops, ConvShape s) {
        return supports(ops, s) && s.strideH() == 1 && s.strideW() == 1 && s.n() >= Parallel.threads();
    }

    /**
     * Whether {@code s} has no padding (its images are read in place) and the pixels the last tile
     * repeats are at most an eighth of the output: the small outputs where this tile beats the
     * gathered path though the positions tile does not pay. Measured (docs/performance.md, sixteenth
     * round): conv3 of the CIFAR-10 CNN (6x6 to 4x4, 16 pixels, 18 computed) 1.1-1.6x the gathered
     * path; padded 4x4 outputs of 256 filters (a copy per image) 0.8-0.95x, so they stay gathered.
     */
    static boolean readsInPlaceWithLittleWaste(FloatOps ops, ConvShape s) {
        int step = ops.filterLanesKernel().pixels();
        int computed = (s.pixels() + step - 1) / step * step;
        return s.padH() == 0 && s.padW() == 0 && 8L * (computed - s.pixels()) <= s.pixels();
    }

    /** Whether {@code ops} has the kernel and the filters of {@code s} come in whole tiles of it: what the path needs to be right. */
    static boolean supports(FloatOps ops, ConvShape s) {
        FilterLanesTileKernel kernel = ops.filterLanesKernel();
        return kernel != null && s.o() % kernel.filters() == 0;
    }

    /**
     * Where each output pixel's window starts in the padded image ({@code oy * wp + ox}), in whole
     * tiles of {@code kernel}: the last tile repeats the last pixel, computed again and not kept. For
     * {@code images} images side by side, {@code imageStride} apart: image {@code j}'s pixels follow
     * image {@code j - 1}'s, each {@code j * imageStride} further on.
     */
    static int[] pixelOffsets(ConvShape s, FilterLanesTileKernel kernel, int images, int imageStride) {
        int[] one = WindowOffsets.of(1, 0, s.outH(), s.outW(), 1, 1, s.w() + 2 * s.padW());
        int pixels = images * one.length;
        int tiles = (pixels + kernel.pixels() - 1) / kernel.pixels();
        int[] offsets = new int[tiles * kernel.pixels()];
        for (int i = 0; i < pixels; i++) {
            offsets[i] = i / one.length * imageStride + one[i % one.length];
        }
        Arrays.fill(offsets, pixels, offsets.length, offsets[pixels - 1]);
        return offsets;
    }

    /**
     * Images whose pixels one product takes together: where an image has fewer than {@link
     * #FEW_TILES} tiles and its pixels do not fill the last, the fewest images whose pixels fill
     * whole tiles; else one. conv3 of the CIFAR-10 CNN (16 pixels, tiles of 6) computed 18 positions
     * an image, and each pass over an image's three tiles loaded and stored their sums for 96 taps:
     * three images make 48 pixels, eight tiles (docs/performance.md, "Issue 12, twenty-fourth
     * round"). Which tile computes a pixel changes none of its sums, so this changes no bit.
     */
    static int imagesPerProduct(ConvShape s, int step) {
        int pixels = s.pixels();
        if (pixels % step == 0 || pixels >= FEW_TILES * step) {
            return 1;
        }
        int divisor = step; // gcd(pixels, step) = gcd(step, pixels % step), by Euclid
        for (int rest = pixels % step; rest != 0; ) {
            int next = divisor % rest;
            divisor = rest;
            rest = next;
        }
        return step / divisor;
    }

    /** Tiles an image below which {@link #imagesPerProduct} puts images together. */
    static final int FEW_TILES = 8;

    /** {@code packed[(b*k + p)*filters + f] = w[(b*filters + f)*k + p]}: each block of filters tap by tap. */
    static float[] packWeights(FilterLanesTileKernel kernel, float[] w, ConvShape s) {
        int k = s.patch();
        int filters = kernel.filters();
        float[] packed = Scratch.floats(Scratch.DIRECT_WEIGHTS, s.o() * k);
        for (int b = 0; b < s.o() / filters; b++) {
            kernel.toChannelsLast(w, b * filters * k, k, k, packed, b * k * filters);
        }
        return packed;
    }

    /**
     * Every image's product, finished: filter {@code oc}'s output pixel {@code i} of image {@code b}
     * is {@code max(sum + bias[oc], 0)} (bias and ReLU as the caller asks, applied as {@link
     * Conv2dKernels#addBiasAndRelu} applies them), the sum over taps of {@link #multiply}. Written
     * filter-major ({@code [o, outH * outW]}) into {@code out} at image {@code b}'s place when {@code
     * out} is given; otherwise into a scratch array handed to {@code then}, image by image, while it
     * is in cache. Images are read in place where the convolution has no padding (the padded copy
     * would be the image itself), else through a padded copy.
     */
    static void forEachImage(
            FilterLanesTileKernel kernel,
            float[] x,
            float[] w,
            float[] bias,
            boolean relu,
            ConvShape s,
            float[] out,
            FinishedProduct then) {
        forEachImage(kernel, x, w, bias, relu, s, out, then, null);
    }

    /**
     * {@link #forEachImage(FilterLanesTileKernel, float[], float[], float[], boolean, ConvShape,
     * float[], FinishedProduct)}, or, when {@code channelsLastThen} is given, each image's finished
     * product handed over channels last ({@code [pixels, o]} at an offset), not turned filter-major.
     */
    static void forEachImage(
            FilterLanesTileKernel kernel,
            float[] x,
            float[] w,
            float[] bias,
            boolean relu,
            ConvShape s,
            float[] out,
            FinishedProduct then,
            ChannelsLastProduct channelsLastThen) {
        int o = s.o();
        int k = s.patch();
        int pixels = s.pixels();
        float[] weights = packWeights(kernel, w, s);
        int[] taps = DirectConv2d.tapOffsets(s);
        boolean inPlace = s.padH() == 0 && s.padW() == 0;
        int paddedLength = s.c() * DirectConv2d.paddedPlane(s);
        int image = s.c() * s.h() * s.w();
        int together = imagesPerProduct(s, kernel.pixels());
        int[][] offsets = new int[together + 1][]; // offsets[j]: j images side by side
        for (int j = 1; j <= together; j++) {
            offsets[j] = pixelOffsets(s, kernel, j, inPlace ? image : paddedLength);
        }
        Conv2dKernels.forEachImageGroup(s, (long) s.n() * o * pixels * k, (g0, count) -> {
            float[] padded = inPlace ? null : Scratch.floats(Scratch.PADDED, together * paddedLength);
            // Handed over channels last, no filter-major product is made: no scratch for one.
            float[] product =
                    out != null || channelsLastThen != null ? out : Scratch.floats(Scratch.DIRECT_PRODUCT, o * pixels);
            float[] channelsLast = Scratch.floats(Scratch.CHANNELS_LAST, offsets[together].length * o);
            // In place, image b's taps start b * image further on in x.
            int[] koff = inPlace ? Scratch.ints(Scratch.SHIFTED_OFFSETS, k) : taps;
            for (int b0 = g0; b0 < g0 + count; b0 += together) {
                int images = Math.min(together, g0 + count - b0);
                if (inPlace) {
                    for (int p = 0; p < k; p++) {
                        koff[p] = b0 * image + taps[p];
                    }
                } else {
                    for (int j = 0; j < images; j++) {
                        DirectConv2d.pad(x, (b0 + j) * image, s, padded, j * paddedLength, paddedLength);
                    }
                }
                multiply(
                        kernel,
                        weights,
                        inPlace ? x : padded,
                        koff,
                        k,
                        offsets[images],
                        o,
                        channelsLast,
                        0,
                        true,
                        bias,
                        relu);
                for (int j = 0; j < images; j++) {
                    int b = b0 + j;
                    if (channelsLastThen != null) {
                        channelsLastThen.accept(channelsLast, j * pixels * o, b);
                        continue;
                    }
                    int productOff = out != null ? b * o * pixels : 0;
                    kernel.toFilterRows(channelsLast, j * pixels * o, o, pixels, product, productOff);
                    if (then != null) {
                        then.accept(product, b);
                    }
                }
            }
        });
    }

    /** What is done with image {@code b}'s finished product ({@code [o, outH * outW]}) before the next image's. */
    interface FinishedProduct {
        void accept(float[] product, int b);
    }

    /** What is done with image {@code b}'s finished product channels last ({@code [outH * outW, o]} from {@code off}). */
    interface ChannelsLastProduct {
        void accept(float[] channelsLast, int off, int b);
    }

    /** {@link #multiply(FilterLanesTileKernel, float[], float[], int[], int, int[], int, float[], int, boolean, float[], boolean)} with neither bias nor ReLU. */
    static void multiply(
            FilterLanesTileKernel kernel,
            float[] packed,
            float[] x,
            int[] koff,
            int depth,
            int[] at,
            int columns,
            float[] c,
            int cOff,
            boolean overwrite) {
        multiply(kernel, packed, x, koff, depth, at, columns, c, cOff, overwrite, null, false);
    }

    /**
     * {@code c[cOff + i * columns + j]} for {@code i < at.length}, {@code j < columns}: the sum over
     * {@code p < depth} of {@code packed}'s element {@code (p, j)} times {@code x[koff[p] + at[i]]},
     * in {@link PackedGemm#KC} blocks of p as {@link PackedGemm} sums them: each block from zero, the
     * first stored when {@code overwrite}, every other added ({@code block + c}). {@code packed}
     * holds {@code columns / filters()} blocks of {@code [depth, filters()]}. Each k block is taken
     * {@link #tapsPerPass} steps at a time over all the rows' tiles, so that those steps' weights
     * stay in L1 while every tile reads them; a tile's sums are stored between passes and continued
     * from there, the same fma chain. Then column {@code j}'s {@code bias[j]} (when given) is added
     * to each total and ReLU applied (when {@code relu}), as {@link Conv2dKernels#addBiasAndRelu}
     * does, in the pass that adds the last k block ({@link FilterLanesTileKernel#addSums}).
     */
    static void multiply(
            FilterLanesTileKernel kernel,
            float[] packed,
            float[] x,
            int[] koff,
            int depth,
            int[] at,
            int columns,
            float[] c,
            int cOff,
            boolean overwrite,
            float[] bias,
            boolean relu) {
        int filters = kernel.filters();
        int step = kernel.pixels();
        int rows = at.length;
        int pass = tapsPerPass(filters);
        float[] blockSums = Scratch.floats(Scratch.DIRECT_TILE, rows * columns); // a block added to c
        for (int b = 0; b < columns / filters; b++) {
            for (int pc = 0; pc < depth; pc += PackedGemm.KC) {
                int blockEnd = Math.min(pc + PackedGemm.KC, depth);
                boolean stored = overwrite && pc == 0;
                float[] sums = stored ? c : blockSums;
                int sumsOff = stored ? cOff : 0;
                for (int p0 = pc; p0 < blockEnd; p0 += pass) {
                    int kc = Math.min(pass, blockEnd - p0);
                    int wo = (b * depth + p0) * filters;
                    for (int i = 0; i < rows; i += step) {
                        int co = sumsOff + i * columns + b * filters;
                        if (inTwoRuns(at, i, step)) {
                            kernel.tileRuns(kc, packed, wo, x, koff, p0, at[i], at[i + 3], sums, co, columns, p0 > pc);
                        } else {
                            kernel.tile(kc, packed, wo, x, koff, p0, at, i, sums, co, columns, p0 > pc);
                        }
                    }
                }
                float[] blockBias = blockEnd == depth ? bias : null; // bias and ReLU finish the last block
                boolean blockRelu = blockEnd == depth && relu;
                if (!stored || blockBias != null || blockRelu) {
                    kernel.addSums(
                            stored ? null : blockSums, c, cOff, b * filters, columns, rows, blockBias, blockRelu);
                }
            }
        }
    }

    /** Whether tile {@code i}'s six offsets are two runs of three ({@link FilterLanesTileKernel#tileRuns}). */
    static boolean inTwoRuns(int[] at, int i, int step) {
        return step == 6
                && i + 6 <= at.length
                && at[i + 1] == at[i] + 1
                && at[i + 2] == at[i] + 2
                && at[i + 4] == at[i + 3] + 1
                && at[i + 5] == at[i + 3] + 2;
    }

    /**
     * Taps per pass over an image's tiles: their weights fill half of this machine's L1d (96 taps of
     * 64 filters in 48 KiB), at most a k block. A machine-dependent choice that changes no sum's
     * order, only where a tile's sums are stored and continued.
     */
    static int tapsPerPass(int filters) {
        long taps = CacheSizes.host().l1Data() / 2 / ((long) filters * Float.BYTES);
        return (int) Math.max(8, Math.min(PackedGemm.KC, taps));
    }
}
