package dev.tauon.core.internal.kernel;

/**
 * A stride-1 convolution's input gradient computed as a forward convolution: the output gradient
 * convolved with the weights flipped in both spatial axes and with input and output channels
 * swapped, padded by {@code kh - 1 - padH} and {@code kw - 1 - padW}. Element {@code (ci, y, x)}
 * of the input gradient is {@code sum over (oc, ky, kx)} of {@code w[oc, ci, ky, kx] *
 * gradOut[oc, y + padH - ky, x + padW - kx]}, which is exactly that convolution.
 *
 * <p>Why: the im2col form multiplies over the filters only (64 for a 64-filter layer) and then
 * scatters each product row into the gradient (col2im), so its GEMM's depth is short and its output
 * is written once per tap. As a convolution the depth is every (filter, tap) pair (576 for the same
 * layer), the product is the gradient itself, and every forward path (direct, gathered, im2col)
 * serves it. Its sums run over (filter, tap) in the forward pass's order, a different order from
 * col2im's; so it is chosen by the shape alone ({@link #applies}), never by the machine or the
 * provider, and the forward paths agree to the bit among themselves.
 */
final class InputGradientAsConv {

    /**
     * Input channels below this keep the im2col path: they are the transposed convolution's filters,
     * and a few filters fill few rows of a register tile (conv1 of the CIFAR-10 CNN, 3 channels, would
     * compute 3 of 6 or 8 rows).
     */
    static final int MIN_CHANNELS = 8;

    private InputGradientAsConv() {}

    /**
     * Whether the input gradient of {@code s} is computed this way: a shape-only rule (it fixes the
     * sums' order). The output must be at least as large as the input ("same" padding or more): the
     * transposed convolution does {@code h * w / (outH * outW)} times the forward pass's
     * multiply-adds, the extra ones on the zeros it pads the output gradient with, 2.25x for conv3 of
     * the CIFAR-10 CNN (4x4 from 6x6), whose input gradient ran 0.6-0.9x as fast this way.
     */
    static boolean applies(ConvShape s) {
        return s.strideH() == 1
                && s.strideW() == 1
                && s.padH() <= s.kh() - 1
                && s.padW() <= s.kw() - 1
                && s.outH() >= s.h()
                && s.outW() >= s.w()
                && s.c() >= MIN_CHANNELS;
    }

    /** The forward convolution whose output is the input gradient of {@code s}: input [n, o, outH, outW], c filters. */
    static ConvShape transposed(ConvShape s) {
        return new ConvShape(
                s.n(),
                s.o(),
                s.outH(),
                s.outW(),
                s.c(),
                s.kh(),
                s.kw(),
                1,
                1,
                s.kh() - 1 - s.padH(),
                s.kw() - 1 - s.padW());
    }

    /** gradX (overwritten) = the gradient with respect to the input, for a shape that {@link #applies}. */
    static void backwardInput(FloatOps ops, float[] gradOut, float[] w, float[] gradX, ConvShape s) {
        ConvShape t = transposed(s);
        if (WinogradConv2d.applies(t)) { // it reads the filters rotated: no flipped copy
            WinogradConv2d.forward(ops, gradOut, w, true, null, gradX, t, false);
            return;
        }
        float[] flipped = Scratch.floats(Scratch.FLIPPED_WEIGHTS, w.length);
        flip(w, s, flipped);
        Conv2dKernels.forward(ops, gradOut, flipped, null, gradX, t, false);
    }

    /** {@code flipped[ci, oc, ky, kx] = w[oc, ci, kh-1-ky, kw-1-kx]}: the OIHW weight of {@link #transposed}. */
    static void flip(float[] w, ConvShape s, float[] flipped) {
        int kh = s.kh();
        int kw = s.kw();
        int taps = kh * kw;
        for (int oc = 0; oc < s.o(); oc++) {
            for (int ci = 0; ci < s.c(); ci++) {
                int from = (oc * s.c() + ci) * taps;
                int to = (ci * s.o() + oc) * taps;
                for (int t = 0; t < taps; t++) {
                    flipped[to + taps - 1 - t] = w[from + t]; // (ky, kx) -> (kh-1-ky, kw-1-kx) reverses the taps
                }
            }
        }
    }
}
