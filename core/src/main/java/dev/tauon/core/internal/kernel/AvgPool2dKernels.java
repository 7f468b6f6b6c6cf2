package dev.tauon.core.internal.kernel;

import java.util.Arrays;

/**
 * 2-D average pooling. Padding counts as zeros in the average (PyTorch's default
 * {@code count_include_pad=True}): every output is its window's sum over the real inputs divided by
 * the full window size {@code kh * kw}, borders included.
 *
 * <p>Work is split by (image, channel) plane, as in {@link MaxPool2dKernels}, and each plane is
 * computed in one fixed order, so any number of threads gives the same bits. The loops are plain
 * Java shared by both SIMD providers, so the providers agree too.
 */
public final class AvgPool2dKernels {

    private AvgPool2dKernels() {}

    /** out (overwritten) = window averages. */
    public static void forward(float[] x, float[] out, PoolShape s) {
        run("AvgPool2dKernels.forward", false, x, "x", out, "out", s);
    }

    /** gradX is overwritten: zero, then gradOut[i] / (kh * kw) added to every real input of window i. */
    public static void backward(float[] gradOut, float[] gradX, PoolShape s) {
        run("AvgPool2dKernels.backward", true, gradOut, "gradOut", gradX, "gradX", s);
    }

    /**
     * Both directions walk the same windows: forward averages {@code src} (the input) over each window
     * into {@code dst} (the output); backward spreads each element of {@code src} (the output's
     * gradient) over its window in {@code dst} (the input's gradient).
     */
    private static void run(
            String kernel, boolean backward, float[] src, String srcName, float[] dst, String dstName, PoolShape s) {
        s.check(kernel);
        int planes = s.n() * s.c();
        int inPlane = s.h() * s.w();
        int outW = s.outW();
        int outPlane = s.outH() * outW;
        Checks.length(kernel, srcName, src, (long) planes * (backward ? outPlane : inPlane), s);
        Checks.length(kernel, dstName, dst, (long) planes * (backward ? inPlane : outPlane), s);
        int count = s.kh() * s.kw();
        long work = (long) planes * (inPlane + (long) outPlane * count);
        Parallel.forRange(planes, 1, work, (q0, q1) -> {
            if (backward) {
                Arrays.fill(dst, q0 * inPlane, q1 * inPlane, 0f);
            }
            for (int q = q0; q < q1; q++) {
                int in = q * inPlane;
                int o = q * outPlane;
                for (int oy = 0; oy < s.outH(); oy++) {
                    int yLo = s.firstRow(oy);
                    int yHi = s.endRow(oy);
                    for (int ox = 0; ox < outW; ox++, o++) {
                        int xLo = s.firstColumn(ox);
                        int xHi = s.endColumn(ox);
                        if (backward) {
                            float g = src[o] / count;
                            for (int y = yLo; y < yHi; y++) {
                                int row = in + y * s.w();
                                for (int i = row + xLo; i < row + xHi; i++) {
                                    dst[i] += g;
                                }
                            }
                        } else {
                            // In double: a global average pools a whole plane, and a float sum of thousands drifts.
                            double sum = 0;
                            for (int y = yLo; y < yHi; y++) {
                                int row = in + y * s.w();
                                for (int i = row + xLo; i < row + xHi; i++) {
                                    sum += src[i];
                                }
                            }
                            dst[o] = (float) (sum / count);
                        }
                    }
                }
            }
        });
    }
}
