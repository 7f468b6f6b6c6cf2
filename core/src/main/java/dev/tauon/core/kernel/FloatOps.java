package dev.tauon.core.kernel;

/**
 * A SIMD provider: the part of the kernels whose speed depends on how the inner loops are
 * vectorised. Chosen once at start-up by {@link SimdSupport}; implementations are either the
 * Vector API ({@code dev.tauon.core.simd.VectorApiOps}) or plain loops shaped for C2's
 * auto-vectoriser ({@link PlainFloatOps}).
 *
 * <p>Service interface for the kernels, not for applications.
 */
public interface FloatOps {

  /** A short name for logs and benchmark reports, e.g. {@code "vector"} or {@code "plain"}. */
  String name();

  /** A fresh, single-thread GEMM block kernel with its own packing buffers. */
  GemmBlockKernel newGemmBlockKernel();

  /** {@code dst[dstOff + i] += src[srcOff + i]} for {@code i < length}; the arrays may be the same but the ranges must not overlap. */
  void add(float[] src, int srcOff, float[] dst, int dstOff, int length);

  /** The sum of {@code a[off : off+length]}, always in the same order for the same length. */
  float sum(float[] a, int off, int length);
}
