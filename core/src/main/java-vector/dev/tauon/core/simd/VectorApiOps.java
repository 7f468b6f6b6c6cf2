package dev.tauon.core.simd;

import dev.tauon.core.kernel.FloatOps;
import dev.tauon.core.kernel.GemmBlockKernel;

/**
 * The provider backed by the incubating Vector API. Loaded reflectively by
 * {@code dev.tauon.core.kernel.SimdSupport} only when module {@code jdk.incubator.vector} is
 * readable, so no other class ever links against incubator types.
 */
public final class VectorApiOps implements FloatOps {

  @Override
  public String name() {
    return "vector";
  }

  @Override
  public GemmBlockKernel newGemmBlockKernel() {
    return new VectorGemmBlockKernel();
  }

  /** Float lanes per preferred vector (16 with AVX-512), for the start-up log line. */
  public static int lanes() {
    return VectorGemmBlockKernel.LANES;
  }
}
