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
}
