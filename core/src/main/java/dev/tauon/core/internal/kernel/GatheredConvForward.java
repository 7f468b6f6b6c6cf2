package dev.tauon.core.internal.kernel;

/**
 * A convolution's forward pass as the transposed product {@code out^T = col^T * W^T}, with the
 * im2col matrix read from zero-padded copies of the images (one offset per output pixel, one per
 * kernel tap) instead of lowered: pixels are the GEMM's rows, filters its columns.
 *
 * <p>For small outputs with many filters (256 filters at 8x8 or 4x4) neither of the other paths
 * fits. {@link DirectConv2d} computes whole tiles of padded positions and throws away the ones
 * that fall in the padding, most of a 4x4 image's; im2col writes the lowered matrix out (2,304
 * rows of 7 or 8 floats a 256-channel image, each row a call) and packs it again. Here every
 * computed element is kept but the last row panel's, and the lowered matrix never exists.
 *
 * <p>Each output element is one accumulator per k block of {@link PackedGemm#KC}, summed from zero
 * in increasing k by the same kernel with its two operands in the other roles (an fma's product
 * does not depend on their order), the blocks added in order, then bias and ReLU by {@link
 * Conv2dKernels#addBiasAndRelu}: the same bits as the other two paths.
 */
final class GatheredConvForward {

    private GatheredConvForward() {}

    /**
     * Whether {@code ops}'s GEMM kernel can gather A in its registers ({@link
     * GemmBlockKernel#multiplyGatheredA} overridden, as {@link Gemm#readsAInPlace} says): the
     * Vector API one. The path was measured only there; the plain provider keeps lowering.
     */
    static boolean applies(FloatOps ops) {
        return Gemm.readsAInPlace(ops);
    }

    /** out (overwritten) = conv(x, w) + bias, then {@code max(out, 0)} when {@code relu}. */
    static void forward(FloatOps ops, float[] x, float[] w, float[] bias, float[] out, ConvShape s, boolean relu) {
        int k = s.patch();
        int p = s.pixels();
        int o = s.o();
        int image = s.c() * s.h() * s.w();
        int paddedImage = s.c() * DirectConv2d.paddedPlane(s);
        int[] taps = DirectConv2d.tapOffsets(s);
        int group = Conv2dKernels.imagesPerGemm(s);
        // Row i*pixels + oy*outW + ox of the group's transposed im2col matrix starts there in the padded images.
        int[] pixels = WindowOffsets.of(
                group, paddedImage, s.outH(), s.outW(), s.strideH(), s.strideW(), s.w() + 2 * s.padW());
        Conv2dKernels.forEachImageGroup(s, group, (long) s.n() * o * p * k, (g0, count) -> {
            float[] padded = Scratch.floats(Scratch.PADDED, count * paddedImage);
            for (int i = 0; i < count; i++) {
                DirectConv2d.pad(x, (g0 + i) * image, s, padded, i * paddedImage, paddedImage);
            }
            float[] product = Scratch.floats(Scratch.GATHERED, count * p * o);
            PackedGemm.multiplyGatheredA(
                    Gemm.blockKernel(ops),
                    count * p,
                    o,
                    k,
                    padded,
                    pixels,
                    taps,
                    w,
                    k,
                    product,
                    0,
                    o,
                    true,
                    GemmBlocking.MC);
            for (int i = 0; i < count; i++) { // each image's [pixels, filters] block into NCHW
                Conv2dKernels.transpose(product, i * p * o, p, o, out, (g0 + i) * o * p);
                for (int oc = 0; oc < o; oc++) {
                    int at = ((g0 + i) * o + oc) * p;
                    Conv2dKernels.addBiasAndRelu(out, at, at + p, bias, oc, relu);
                }
            }
        });
    }
}
