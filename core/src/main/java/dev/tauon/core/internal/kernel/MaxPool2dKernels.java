package dev.tauon.core.internal.kernel;

import java.util.Arrays;

/**
 * 2-D max pooling with the argmax stored for the backward pass. Work is split by (image, channel)
 * plane: every window, and every argmax, lies inside one plane, so planes are independent.
 *
 * <p>Padding (PyTorch's implicit minus infinity) is never an argmax: a window is clipped to the
 * plane before its maximum is taken, so the result is the first maximum among its real inputs.
 */
public final class MaxPool2dKernels {

    private MaxPool2dKernels() {}

    /** out (overwritten) = window maxima; argmax[i] = flat index into x of the max of output i (first max on ties). */
    public static void forward(float[] x, float[] out, int[] argmax, PoolShape s) {
        forward(SimdSupport.active(), x, out, argmax, s);
    }

    static void forward(FloatOps ops, float[] x, float[] out, int[] argmax, PoolShape s) {
        String kernel = "MaxPool2dKernels.forward";
        s.check(kernel);
        int planes = s.n() * s.c();
        int inPlane = s.h() * s.w();
        int outH = s.outH();
        int outW = s.outW();
        int outPlane = outH * outW;
        Checks.length(kernel, "x", x, (long) planes * inPlane, s);
        Checks.length(kernel, "out", out, (long) planes * outPlane, s);
        Checks.length(kernel, "argmax", argmax, (long) planes * outPlane, s);
        long work = (long) planes * outPlane * s.kh() * s.kw();
        boolean twoByTwo = s.kh() == 2 && s.kw() == 2 && s.padH() == 0 && s.padW() == 0;
        int[] tops = twoByTwo ? WindowOffsets.of(1, 0, s.outH(), s.outW(), s.strideH(), s.strideW(), s.w()) : null;
        Parallel.forRange(planes, 1, work, (q0, q1) -> {
            if (twoByTwo) {
                forwardTwoByTwo(ops, x, out, argmax, s, tops, q0, q1);
                return;
            }
            for (int q = q0; q < q1; q++) {
                int in = q * inPlane;
                int o = q * outPlane;
                for (int oy = 0; oy < outH; oy++) {
                    // The window clipped to the plane: padding is minus infinity, which never beats a real input.
                    int yLo = s.firstRow(oy);
                    int yHi = s.endRow(oy);
                    for (int ox = 0; ox < outW; ox++, o++) {
                        int xLo = s.firstColumn(ox);
                        int xHi = s.endColumn(ox);
                        int best = in + yLo * s.w() + xLo;
                        float max = x[best];
                        for (int y = yLo; y < yHi; y++) {
                            int row = in + y * s.w();
                            for (int i = row + xLo; i < row + xHi; i++) {
                                float v = x[i];
                                // Written without branches on data: on random inputs a branch here mispredicts about
                                // once per window and made the loop 5x slower. Math.max compiles to vmaxss+blend.
                                boolean take = replaces(v, max);
                                best = take ? i : best;
                                max = Math.max(max, v);
                            }
                        }
                        out[o] = x[best];
                        argmax[o] = best;
                    }
                }
            }
        });
    }

    /**
     * Whether a window's {@code later} value takes the place of the maximum so far: only when strictly
     * greater (the first maximum wins ties), or a NaN over a number (the first NaN wins, so that it
     * propagates). Every scalar max-pooling loop chooses by it, so all choose the same element.
     */
    public static boolean replaces(float later, float max) {
        return later > max | (later != later & max == max);
    }

    /**
     * {@link FloatOps#maxPool2x2ChannelsLast} for channels {@code ch0} to {@code channels - 1}: the
     * scalar loop, and the vector provider's tail.
     */
    public static void channelsLastFrom(
            int ch0, float[] src, int srcOff, int channels, int outW, int poolH, int poolW, float[] dst) {
        for (int py = 0; py < poolH; py++) {
            for (int px = 0; px < poolW; px++) {
                int top = srcOff + (2 * py * outW + 2 * px) * channels;
                int to = (py * poolW + px) * channels;
                for (int ch = ch0; ch < channels; ch++) {
                    float max = src[top + ch];
                    float b = src[top + channels + ch];
                    float c = src[top + outW * channels + ch];
                    float d = src[top + (outW + 1) * channels + ch];
                    max = replaces(b, max) ? b : max;
                    max = replaces(c, max) ? c : max;
                    max = replaces(d, max) ? d : max;
                    dst[to + ch] = max;
                }
            }
        }
    }

    /** The common 2x2 window, one plane at a time through the SIMD provider. */
    private static void forwardTwoByTwo(
            FloatOps ops, float[] x, float[] out, int[] argmax, PoolShape s, int[] tops, int q0, int q1) {
        int w = s.w();
        int outH = s.outH();
        int outW = s.outW();
        for (int q = q0; q < q1; q++) {
            ops.maxPool2x2Plane(
                    x, q * s.h() * w, w, s.strideH(), s.strideW(), outH, outW, tops, out, argmax, q * outH * outW);
        }
    }

    /** gradX is overwritten: zero, then gradOut[i] added at argmax[i]. */
    public static void backward(float[] gradOut, int[] argmax, float[] gradX, PoolShape s) {
        String kernel = "MaxPool2dKernels.backward";
        s.check(kernel);
        int planes = s.n() * s.c();
        int inPlane = s.h() * s.w();
        int outPlane = s.outH() * s.outW();
        Checks.length(kernel, "gradOut", gradOut, (long) planes * outPlane, s);
        Checks.length(kernel, "argmax", argmax, (long) planes * outPlane, s);
        Checks.length(kernel, "gradX", gradX, (long) planes * inPlane, s);
        Parallel.forRange(planes, 1, (long) planes * (inPlane + outPlane), (q0, q1) -> {
            for (int q = q0; q < q1; q++) {
                int lo = q * inPlane;
                int hi = lo + inPlane;
                // Zeroed plane by plane, so the plane is still in L1 when its maxima are added.
                Arrays.fill(gradX, lo, hi, 0f);
                for (int i = q * outPlane; i < (q + 1) * outPlane; i++) {
                    int at = argmax[i];
                    // Checked because threads own whole planes: an index outside its plane would race.
                    if (at < lo || at >= hi) {
                        throw new IllegalArgumentException(kernel + ": argmax[" + i + "] = " + at
                                + " is outside its input plane [" + lo + ", " + hi + ") for " + s);
                    }
                    gradX[at] += gradOut[i];
                }
            }
        });
    }
}
