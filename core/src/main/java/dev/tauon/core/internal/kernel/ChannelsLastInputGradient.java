package dev.tauon.core.internal.kernel;

import java.util.Arrays;

/**
 * The im2col input gradient with its matrix transposed: one row per output pixel, holding every
 * kernel tap's {@code c} channels side by side ({@code [pixel][ky][kx][ci]}), so that col2im adds
 * whole runs of {@code c} floats into a channels-last copy of the image gradient, which is then
 * turned back into planes.
 *
 * <p>Why: col2im on the usual {@code [ci][ky][kx] x pixels} matrix adds rows as short as the
 * output is wide (4 floats for conv3 of the CIFAR-10 CNN), one float at a time, each add reading
 * what an overlapping row just stored; it took 60% of conv3's input gradient. Here each add is a
 * vector run of {@code c} floats, and the runs of one tap never overlap.
 *
 * <p>The same bits as {@link Conv2dKernels#backwardInput}'s im2col path: each element of the
 * product is the same dot product over the filters (the GEMM sums every element over its depth in
 * the same order, whichever operand holds the pixels), and each element of the image gradient
 * starts at +0 and takes its terms in increasing tap order, as col2im adds its rows. So the choice
 * ({@link #applies}) may follow speed alone.
 */
final class ChannelsLastInputGradient {

    /**
     * Input channels below this keep col2im: a run of 3 channels (conv1 of the CIFAR-10 CNN) is
     * shorter than one vector.
     */
    static final int MIN_CHANNELS = 16;

    private ChannelsLastInputGradient() {}

    /**
     * Whether the input gradient of {@code s} is added up channels last: for providers with vector
     * kernels (with the plain one conv2's product ran 18% slower in this orientation, conv2's
     * input gradient 231, 256 -> 201, 196 calls/s), 16 channels or more, and an image's product
     * within half of this machine's L2 ({@link #imagesPerGroup}). A choice that leaves the bits as
     * they are.
     */
    static boolean applies(FloatOps ops, ConvShape s) {
        return ops.directConvKernel() != null && s.c() >= MIN_CHANNELS && imagesPerGroup(s, CacheSizes.host()) > 0;
    }

    /**
     * Images multiplied at once: {@link Conv2dKernels#imagesPerGemm}, fewer if their product would
     * not fit in half of L2, where the adds that follow read it (0 when one image's does not).
     * Measured on Zen 5 (1 MiB L2), input gradients direct against this: 64 channels at 16x16
     * unpadded (451 KiB an image) 307-318 -> 343-371 calls/s, at 32x32 (2 MiB) 71-78 -> 69-70.
     */
    static int imagesPerGroup(ConvShape s, CacheSizes caches) {
        long image = (long) s.pixels() * s.patch() * Float.BYTES;
        return (int) Math.min(Conv2dKernels.imagesPerGemm(s), caches.l2() / 2 / image);
    }

    /** gradX (overwritten) = the input gradient of {@code s}; see {@link Conv2dKernels#backwardInput}. */
    static void backwardInput(FloatOps ops, float[] gradOut, float[] w, float[] gradX, ConvShape s) {
        int k = s.patch();
        int p = s.pixels();
        int o = s.o();
        int image = s.c() * s.h() * s.w();
        float[] tapMajor = tapMajorWeights(ops, w, s);
        int group = Math.max(1, imagesPerGroup(s, CacheSizes.host()));
        Conv2dKernels.forEachImageGroup(s, group, (long) s.n() * o * p * k, (g0, count) -> {
            int rows = count * p;
            float[] product = Scratch.floats(Scratch.COL_GRAD, rows * k);
            if (count == 1) {
                Gemm.gemmOnCaller(
                        ops, true, false, p, k, o, 1f, gradOut, g0 * o * p, p, tapMajor, 0, k, 0f, product, 0, k);
            } else {
                float[] gathered = Scratch.floats(Scratch.GATHERED, o * rows);
                for (int i = 0; i < count; i++) {
                    Conv2dKernels.gather(gradOut, g0 + i, o, p, gathered, i * p, rows);
                }
                Gemm.gemmOnCaller(
                        ops, true, false, rows, k, o, 1f, gathered, 0, rows, tapMajor, 0, k, 0f, product, 0, k);
            }
            float[] channelsLast = Scratch.floats(Scratch.CHANNELS_LAST, image);
            for (int i = 0; i < count; i++) {
                Arrays.fill(channelsLast, 0, image, 0f);
                raiseAdd(ops, product, i * p * k, s, channelsLast);
                ops.transpose(channelsLast, 0, s.h() * s.w(), s.c(), gradX, (g0 + i) * image);
            }
        });
    }

    /** The OIHW weight as {@code [o][ky][kx][ci]}: the B of the product, each filter's {@code c x taps} transposed. */
    private static float[] tapMajorWeights(FloatOps ops, float[] w, ConvShape s) {
        int taps = s.kh() * s.kw();
        int filter = s.c() * taps;
        float[] tapMajor = Scratch.floats(Scratch.TAP_MAJOR_WEIGHTS, w.length);
        for (int oc = 0; oc < s.o(); oc++) {
            ops.transpose(w, oc * filter, s.c(), taps, tapMajor, oc * filter);
        }
        return tapMajor;
    }

    /**
     * Adds one image's rows of the product (from {@code product[at]}, one row of {@code kh*kw*c}
     * per output pixel) into the channels-last image gradient {@code [h][w][c]}: taps in increasing
     * order, each over every output pixel whose window it reaches inside the image.
     */
    private static void raiseAdd(FloatOps ops, float[] product, int at, ConvShape s, float[] channelsLast) {
        int c = s.c();
        int k = s.patch();
        for (int ky = 0; ky < s.kh(); ky++) {
            for (int kx = 0; kx < s.kw(); kx++) {
                int tap = (ky * s.kw() + kx) * c;
                int oxFrom = Im2col.firstInside(kx, s.padW(), s.strideW(), s.outW());
                int oxTo = Im2col.endInside(kx, s.padW(), s.strideW(), s.w(), s.outW());
                if (oxFrom >= oxTo) {
                    continue;
                }
                for (int oy = 0; oy < s.outH(); oy++) {
                    int iy = oy * s.strideH() - s.padH() + ky;
                    if (iy >= 0 && iy < s.h()) {
                        int ix = oxFrom * s.strideW() - s.padW() + kx;
                        ops.addRuns(
                                product,
                                at + (oy * s.outW() + oxFrom) * k + tap,
                                k,
                                channelsLast,
                                (iy * s.w() + ix) * c,
                                s.strideW() * c,
                                oxTo - oxFrom,
                                c);
                    }
                }
            }
        }
    }
}
