package dev.tauon.core.kernel;

import java.util.Arrays;

/**
 * 2-D convolution (NCHW input, OIHW weight) lowered to GEMM with im2col.
 *
 * <p>Forward and input gradient run one image per task: that image's im2col matrix (at most a few
 * hundred KiB for CIFAR-sized layers) stays in the thread's L2 while its GEMM reads it. The weight
 * gradient is a sum over the batch, so to keep results independent of the thread count it is one
 * GEMM whose k dimension runs over (image, pixel) in a fixed order; GEMM then splits the output
 * between threads, never the sum.
 */
public final class Conv2dKernels {

  /** Floats of im2col matrix lowered at once for the weight gradient (16 MiB): bounds the scratch memory. */
  static final int GROUP_FLOATS = 1 << 22;

  private Conv2dKernels() {}

  /** out (overwritten) = conv(x, w) + bias; bias may be null. */
  public static void forward(float[] x, float[] w, float[] bias, float[] out, ConvShape s) {
    forward(SimdSupport.active(), x, w, bias, out, s);
  }

  static void forward(FloatOps ops, float[] x, float[] w, float[] bias, float[] out, ConvShape s) {
    String kernel = "Conv2dKernels.forward";
    checkCommon(kernel, x, w, s);
    Checks.length(kernel, "out", out, (long) s.n() * s.o() * s.pixels(), s);
    if (bias != null) {
      Checks.length(kernel, "bias", bias, s.o(), s);
    }
    int k = s.patch();
    int p = s.pixels();
    int o = s.o();
    long work = (long) s.n() * o * p * k;
    Parallel.forRange(s.n(), 1, work, (b0, b1) -> {
      float[] col = Scratch.floats(Scratch.IM2COL, k * p);
      for (int b = b0; b < b1; b++) {
        int outOff = b * o * p;
        float beta = 0f;
        if (bias != null) {
          for (int oc = 0; oc < o; oc++) {
            Arrays.fill(out, outOff + oc * p, outOff + (oc + 1) * p, bias[oc]);
          }
          beta = 1f;
        }
        Im2col.lower(x, b * s.c() * s.h() * s.w(), s, col, 0, p);
        Gemm.gemm(ops, false, false, o, p, k, 1f, w, 0, k, col, 0, p, beta, out, outOff, p);
      }
    });
  }

  /** gradX (overwritten) = gradient of the loss w.r.t. x given gradOut. */
  public static void backwardInput(float[] gradOut, float[] w, float[] gradX, ConvShape s) {
    backwardInput(SimdSupport.active(), gradOut, w, gradX, s);
  }

  static void backwardInput(FloatOps ops, float[] gradOut, float[] w, float[] gradX, ConvShape s) {
    String kernel = "Conv2dKernels.backwardInput";
    s.check(kernel);
    Checks.length(kernel, "gradOut", gradOut, (long) s.n() * s.o() * s.pixels(), s);
    Checks.length(kernel, "w", w, (long) s.o() * s.patch(), s);
    Checks.length(kernel, "gradX", gradX, (long) s.n() * s.c() * s.h() * s.w(), s);
    int k = s.patch();
    int p = s.pixels();
    int o = s.o();
    int image = s.c() * s.h() * s.w();
    long work = (long) s.n() * o * p * k;
    Parallel.forRange(s.n(), 1, work, (b0, b1) -> {
      float[] colGrad = Scratch.floats(Scratch.COL_GRAD, k * p);
      for (int b = b0; b < b1; b++) {
        Gemm.gemm(ops, true, false, k, p, o, 1f, w, 0, k, gradOut, b * o * p, p, 0f, colGrad, 0, p);
        Arrays.fill(gradX, b * image, (b + 1) * image, 0f);
        Im2col.raiseAdd(colGrad, 0, p, s, gradX, b * image);
      }
    });
  }

  /** gradW (overwritten), gradBias (overwritten, may be null). */
  public static void backwardWeight(float[] x, float[] gradOut, float[] gradW, float[] gradBias, ConvShape s) {
    backwardWeight(SimdSupport.active(), x, gradOut, gradW, gradBias, s);
  }

  static void backwardWeight(FloatOps ops, float[] x, float[] gradOut, float[] gradW, float[] gradBias, ConvShape s) {
    String kernel = "Conv2dKernels.backwardWeight";
    checkCommon(kernel, x, gradW, s);
    Checks.length(kernel, "gradOut", gradOut, (long) s.n() * s.o() * s.pixels(), s);
    if (gradBias != null) {
      Checks.length(kernel, "gradBias", gradBias, s.o(), s);
    }
    int k = s.patch();
    int p = s.pixels();
    int o = s.o();
    int image = s.c() * s.h() * s.w();
    // The group size depends on the shape only, never on the thread count: it fixes the summation order.
    int group = (int) Math.max(1, Math.min(s.n(), GROUP_FLOATS / ((long) k * p)));
    int width = group * p;
    float[] col = Scratch.floats(Scratch.GROUP_COL, k * width);
    float[] grad = Scratch.floats(Scratch.GROUP_GRAD, o * width);
    for (int g0 = 0; g0 < s.n(); g0 += group) {
      int count = Math.min(group, s.n() - g0);
      int first = g0;
      int cols = count * p;
      Parallel.forRange(count, 1, (long) count * (k + o) * p, (i0, i1) -> {
        for (int i = i0; i < i1; i++) {
          Im2col.lower(x, (first + i) * image, s, col, i * p, cols);
          for (int oc = 0; oc < o; oc++) {
            System.arraycopy(gradOut, ((first + i) * o + oc) * p, grad, oc * cols + i * p, p);
          }
        }
      });
      Gemm.gemm(ops, false, true, o, k, cols, 1f, grad, 0, cols, col, 0, cols, g0 == 0 ? 0f : 1f, gradW, 0, k);
    }
    if (gradBias != null) {
      Parallel.forRange(o, 1, (long) s.n() * o * p, (o0, o1) -> {
        for (int oc = o0; oc < o1; oc++) {
          double sum = 0; // in double: it runs over the whole batch, in one fixed order
          for (int b = 0; b < s.n(); b++) {
            int at = (b * o + oc) * p;
            for (int i = 0; i < p; i++) {
              sum += gradOut[at + i];
            }
          }
          gradBias[oc] = (float) sum;
        }
      });
    }
  }

  private static void checkCommon(String kernel, float[] x, float[] w, ConvShape s) {
    s.check(kernel);
    Checks.length(kernel, "x", x, (long) s.n() * s.c() * s.h() * s.w(), s);
    Checks.length(kernel, "w", w, (long) s.o() * s.patch(), s);
  }
}
