package dev.tauon.core.internal.kernel;

import java.util.Arrays;

/**
 * {@link ChannelsLastInputGradient}'s sums one kernel tap at a time, with no product matrix: for
 * tap {@code (ky, kx)} and a block of {@link TapTileKernel#channels} input channels, a {@link
 * TapTileKernel} computes a few output pixels' dot products over the filters (the output gradient
 * read in place, filter-major) and adds them into the channels-last image gradient at the input
 * pixels the tap reaches, while they are in registers. The im2col-shaped product (an image's
 * {@code pixels x taps x c}, 190 KiB for conv2 of the CIFAR-10 CNN), its packing and the pass that
 * adds it up are gone.
 *
 * <p>The same bits as the im2col path: each dot product is the GEMM's (every filter in increasing
 * order, from zero, one k block: {@link #supports}), and each image-gradient element starts at +0
 * and takes its taps' terms in increasing tap order (the taps are the outer loop), as col2im adds
 * its rows.
 */
final class TapByTapInputGradient {

    private TapByTapInputGradient() {}

    /**
     * Whether {@code ops} has a tile for the input channels of {@code s}, and {@code s} is what the
     * path computes right: a tile's worth of output pixels, no padding (every tap of every output
     * pixel lands inside the image, so a tile's rows are all added), and the filters in one {@link
     * PackedGemm#KC} block (the GEMM's dot products are then single fma chains).
     */
    static boolean supports(FloatOps ops, ConvShape s) {
        TapTileKernel kernel = ops.tapTileKernel(s.c());
        return kernel != null
                && s.pixels() >= kernel.pixels()
                && s.padH() == 0
                && s.padW() == 0
                && s.o() <= PackedGemm.KC;
    }

    /** gradX (overwritten) = the input gradient of {@code s}; see {@link Conv2dKernels#backwardInput}. */
    static void backwardInput(FloatOps ops, float[] gradOut, float[] w, float[] gradX, ConvShape s) {
        TapTileKernel kernel = ops.tapTileKernel(s.c());
        int lanes = kernel.channels();
        int o = s.o();
        int c = s.c();
        int taps = s.kh() * s.kw();
        int p = s.pixels();
        int image = c * s.h() * s.w();
        float[] packed = packWeights(w, s, lanes);
        int step = kernel.pixels();
        int[] inputRows = inputRows(s);
        Conv2dKernels.forEachImageGroup(s, (long) s.n() * o * p * c * taps, (g0, count) -> {
            float[] channelsLast = Scratch.floats(Scratch.CHANNELS_LAST, image);
            int[] filterRows = Scratch.ints(Scratch.FILTER_ROWS, o);
            for (int b = g0; b < g0 + count; b++) {
                for (int oc = 0; oc < o; oc++) {
                    filterRows[oc] = (b * o + oc) * p;
                }
                Arrays.fill(channelsLast, 0, image, 0f);
                for (int tap = 0; tap < taps; tap++) {
                    int tapOffset = ((tap / s.kw()) * s.w() + tap % s.kw()) * c;
                    for (int cb = 0; cb < c; cb += lanes) {
                        int wo = (tap * c + cb) * o;
                        for (int i = 0; i < p; i += step) {
                            // The last tile ends at the last pixel, overlapping the one before.
                            int first = Math.min(i, p - step);
                            kernel.addTile(
                                    o,
                                    packed,
                                    wo,
                                    gradOut,
                                    filterRows,
                                    first,
                                    channelsLast,
                                    inputRows,
                                    tapOffset + cb,
                                    i - first);
                        }
                    }
                }
                ops.transpose(channelsLast, 0, s.h() * s.w(), c, gradX, b * image);
            }
        });
    }

    /**
     * The OIHW weight packed for the tile: {@code packed[(tap * c + cb) * o + oc * lanes + f] =
     * w[(oc * c + cb + f) * taps + tap]}, for each tap and block of {@code lanes} channels the
     * filters' weights as the tile's depth.
     */
    static float[] packWeights(float[] w, ConvShape s, int lanes) {
        int o = s.o();
        int c = s.c();
        int taps = s.kh() * s.kw();
        float[] packed = Scratch.floats(Scratch.TAP_MAJOR_WEIGHTS, w.length);
        for (int tap = 0; tap < taps; tap++) {
            for (int cb = 0; cb < c; cb += lanes) {
                for (int oc = 0; oc < o; oc++) {
                    int to = (tap * c + cb) * o + oc * lanes;
                    for (int f = 0; f < lanes; f++) {
                        packed[to + f] = w[(oc * c + cb + f) * taps + tap];
                    }
                }
            }
        }
        return packed;
    }

    /**
     * Where each output pixel's window starts in the channels-last image gradient (tap {@code (0,
     * 0)}): {@code ((oy * strideH) * w + ox * strideW) * c}; tap {@code (ky, kx)} is {@code (ky * w +
     * kx) * c} further on.
     */
    static int[] inputRows(ConvShape s) {
        int[] rows = new int[s.pixels()];
        for (int oy = 0; oy < s.outH(); oy++) {
            for (int ox = 0; ox < s.outW(); ox++) {
                rows[oy * s.outW() + ox] = (oy * s.strideH() * s.w() + ox * s.strideW()) * s.c();
            }
        }
        return rows;
    }
}
