package dev.tauon.core.internal.kernel;

/**
 * The chunked weight gradient ({@link Conv2dKernels#backwardWeight}) with the {@link
 * FilterLanesTileKernel}: each chunk's partial gradient, transposed ({@code [taps, filters]}), is
 * the product of the im2col matrix read from the padded images (an unpadded layer's images where
 * they lie in the input; taps as the tile's rows, six at a time) with the output gradient turned
 * channels last (filters across the lanes), its depth the chunk's pixels. The same groups of images, the same k blocks and the same fma order as the GEMM
 * of the transposed form ({@code col * gradOut^T}, A gathered), so the same bits; the partials are
 * then added in chunk order as there.
 *
 * <p>Why: the GEMM kernel holds 8 taps by 32 filters and gathers each of the 8 taps through two
 * offset tables per k step; here a k step loads four vectors of 64 filters and six taps at one
 * pixel's offset, for 24 fmas.
 */
final class FilterLanesWeightGradient {

    private FilterLanesWeightGradient() {}

    /**
     * Whether {@code ops} has the kernel and {@code s} suits it: the filters in whole tiles, the taps
     * in whole tiles of rows (an even channel count for a 3x3 kernel), a batch split into chunks, and
     * a group's padded images within a quarter of this machine's L2 ({@link #fitsTheCache}).
     */
    static boolean applies(FloatOps ops, ConvShape s) {
        return FilterLanesProduct.supports(ops, s)
                && s.patch() % ops.filterLanesKernel().pixels() == 0
                && Conv2dKernels.weightGradChunks(s) > 1
                && fitsTheCache(s, CacheSizes.host());
    }

    /**
     * Whether a group's padded images take at most a quarter of {@code caches}' L2: each pass reads
     * six taps of every channel at every pixel of its run, all over the images. Measured (Zen 5, 1
     * MiB L2): 83 KiB (64 channels at 16x16) 4-8% faster than the GEMM, 296 KiB (at 32x32) 13%
     * slower. A machine-dependent choice that leaves the bits as they are.
     */
    static boolean fitsTheCache(ConvShape s, CacheSizes caches) {
        int perChunk = Conv2dKernels.imagesPerChunk(s);
        long group = Conv2dKernels.imagesPerGroup(s, Conv2dKernels.CHUNK_GROUP_FLOATS, perChunk);
        return group * s.c() * DirectConv2d.paddedPlane(s) * Float.BYTES <= caches.l2() / 4;
    }

    /** gradW (overwritten), as {@link Conv2dKernels#backwardWeight} computes it chunk by chunk. */
    static void backwardWeight(FloatOps ops, float[] x, float[] gradOut, float[] gradW, ConvShape s) {
        FilterLanesTileKernel kernel = ops.filterLanesKernel();
        int k = s.patch();
        int p = s.pixels();
        int o = s.o();
        int size = o * k;
        int filters = kernel.filters();
        int image = s.c() * s.h() * s.w();
        int perChunk = Conv2dKernels.imagesPerChunk(s);
        int count = (s.n() + perChunk - 1) / perChunk;
        int group = Conv2dKernels.imagesPerGroup(s, Conv2dKernels.CHUNK_GROUP_FLOATS, perChunk);
        float[] partials = Scratch.floats(Scratch.PARTIALS, count * size);
        int[] taps = DirectConv2d.tapOffsets(s);
        int paddedImage = s.c() * DirectConv2d.paddedPlane(s);
        // Pixel i*p + oy*outW + ox of a group starts there in the group's padded images.
        int[] pixels = WindowOffsets.of(
                group, paddedImage, s.outH(), s.outW(), s.strideH(), s.strideW(), s.w() + 2 * s.padW());
        boolean inPlace = s.padH() == 0 && s.padW() == 0; // the padded images would be x's own
        Conv2dKernels.forEachChunkGroup(s, group, (c, g0, images, first) -> {
            int cols = images * p;
            float[] source = inPlace ? x : Scratch.floats(Scratch.GROUP_PADDED, group * paddedImage);
            float[] grad = Scratch.floats(Scratch.GROUP_GRAD, o * group * p);
            int[] at = inPlace ? Scratch.ints(Scratch.SHIFTED_OFFSETS, cols) : pixels;
            for (int j = 0; inPlace && j < cols; j++) {
                at[j] = g0 * image + pixels[j]; // the group's images from image g0 on, paddedImage == image apart
            }
            for (int i = 0; i < images; i++) {
                if (!inPlace) {
                    DirectConv2d.pad(x, (g0 + i) * image, s, source, i * paddedImage, paddedImage);
                }
                for (int b = 0; b < o / filters; b++) { // [o / filters, cols, filters]
                    kernel.toChannelsLast(
                            gradOut, ((g0 + i) * o + b * filters) * p, p, p, grad, (b * cols + i * p) * filters);
                }
            }
            FilterLanesProduct.multiply(kernel, grad, source, at, cols, taps, o, partials, c * size, first);
        });
        float[] sum = Scratch.floats(Scratch.TRANSPOSED, size);
        Conv2dKernels.addPartials(ops, partials, count, size, sum);
        Conv2dKernels.transpose(sum, 0, k, o, gradW, 0);
    }
}
