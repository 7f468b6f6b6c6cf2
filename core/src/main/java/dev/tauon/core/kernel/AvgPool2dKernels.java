package dev.tauon.core.kernel;

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
    String kernel = "AvgPool2dKernels.forward";
    s.check(kernel);
    int planes = s.n() * s.c();
    int inPlane = s.h() * s.w();
    int outH = s.outH();
    int outW = s.outW();
    int outPlane = outH * outW;
    Checks.length(kernel, "x", x, (long) planes * inPlane, s);
    Checks.length(kernel, "out", out, (long) planes * outPlane, s);
    double count = (double) s.kh() * s.kw();
    Parallel.forRange(planes, 1, (long) planes * outPlane * s.kh() * s.kw(), (q0, q1) -> {
      for (int q = q0; q < q1; q++) {
        int in = q * inPlane;
        int o = q * outPlane;
        for (int oy = 0; oy < outH; oy++) {
          int yLo = s.firstRow(oy);
          int yHi = s.endRow(oy);
          for (int ox = 0; ox < outW; ox++, o++) {
            int xLo = s.firstColumn(ox);
            int xHi = s.endColumn(ox);
            // In double: a global average pools a whole plane, and a float sum of thousands drifts.
            double sum = 0;
            for (int y = yLo; y < yHi; y++) {
              int row = in + y * s.w();
              for (int i = row + xLo; i < row + xHi; i++) {
                sum += x[i];
              }
            }
            out[o] = (float) (sum / count);
          }
        }
      }
    });
  }

  /** gradX is overwritten: zero, then gradOut[i] / (kh * kw) added to every real input of window i. */
  public static void backward(float[] gradOut, float[] gradX, PoolShape s) {
    String kernel = "AvgPool2dKernels.backward";
    s.check(kernel);
    int planes = s.n() * s.c();
    int inPlane = s.h() * s.w();
    int outH = s.outH();
    int outW = s.outW();
    int outPlane = outH * outW;
    Checks.length(kernel, "gradOut", gradOut, (long) planes * outPlane, s);
    Checks.length(kernel, "gradX", gradX, (long) planes * inPlane, s);
    float count = (float) s.kh() * s.kw();
    long work = (long) planes * (inPlane + (long) outPlane * s.kh() * s.kw());
    Parallel.forRange(planes, 1, work, (q0, q1) -> {
      Arrays.fill(gradX, q0 * inPlane, q1 * inPlane, 0f);
      for (int q = q0; q < q1; q++) {
        int in = q * inPlane;
        int o = q * outPlane;
        for (int oy = 0; oy < outH; oy++) {
          int yLo = s.firstRow(oy);
          int yHi = s.endRow(oy);
          for (int ox = 0; ox < outW; ox++, o++) {
            int xLo = s.firstColumn(ox);
            int xHi = s.endColumn(ox);
            float g = gradOut[o] / count;
            for (int y = yLo; y < yHi; y++) {
              int row = in + y * s.w();
              for (int i = row + xLo; i < row + xHi; i++) {
                gradX[i] += g;
              }
            }
          }
        }
      }
    });
  }
}
