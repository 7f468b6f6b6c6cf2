package dev.tauon.core.kernel;

import java.util.Arrays;

/**
 * 2-D max pooling with the argmax stored for the backward pass. Work is split by (image, channel)
 * plane: every window, and every argmax, lies inside one plane, so planes are independent.
 */
public final class MaxPool2dKernels {

  private MaxPool2dKernels() {}

  /** out (overwritten) = window maxima; argmax[i] = flat index into x of the max of output i (first max on ties). */
  public static void forward(float[] x, float[] out, int[] argmax, PoolShape s) {
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
    boolean twoByTwo = s.kh() == 2 && s.kw() == 2;
    Parallel.forRange(planes, 1, work, (q0, q1) -> {
      if (twoByTwo) {
        forwardTwoByTwo(x, out, argmax, s, q0, q1);
        return;
      }
      for (int q = q0; q < q1; q++) {
        int in = q * inPlane;
        int o = q * outPlane;
        for (int oy = 0; oy < outH; oy++) {
          for (int ox = 0; ox < outW; ox++, o++) {
            int top = in + oy * s.strideH() * s.w() + ox * s.strideW();
            int best = top;
            float max = x[top];
            for (int ky = 0; ky < s.kh(); ky++) {
              int row = top + ky * s.w();
              for (int i = row; i < row + s.kw(); i++) {
                float v = x[i];
                // Strictly greater keeps the first maximum; a NaN wins once so that it propagates.
                // Written without branches on data: on random inputs a branch here mispredicts about
                // once per window and made the loop 5x slower. Math.max compiles to vmaxss+blend.
                boolean take = v > max | (v != v & max == max);
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

  /** The common 2x2 window, unrolled; same results as the general loop. */
  private static void forwardTwoByTwo(float[] x, float[] out, int[] argmax, PoolShape s, int q0, int q1) {
    int w = s.w();
    int sh = s.strideH();
    int sw = s.strideW();
    int outH = s.outH();
    int outW = s.outW();
    for (int q = q0; q < q1; q++) {
      int in = q * s.h() * w;
      int o = q * outH * outW;
      for (int oy = 0; oy < outH; oy++) {
        int top = in + oy * sh * w;
        for (int ox = 0; ox < outW; ox++, o++, top += sw) {
          float a = x[top];
          float b = x[top + 1];
          float c = x[top + w];
          float d = x[top + w + 1];
          int best = top;
          float max = a;
          boolean take = b > max | (b != b & max == max);
          best = take ? top + 1 : best;
          max = Math.max(max, b);
          take = c > max | (c != c & max == max);
          best = take ? top + w : best;
          max = Math.max(max, c);
          take = d > max | (d != d & max == max);
          best = take ? top + w + 1 : best;
          out[o] = x[best];
          argmax[o] = best;
        }
      }
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
      Arrays.fill(gradX, q0 * inPlane, q1 * inPlane, 0f);
      for (int q = q0; q < q1; q++) {
        int lo = q * inPlane;
        int hi = lo + inPlane;
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
