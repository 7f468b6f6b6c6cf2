package dev.tauon.core.kernel;

/** The provider used when the Vector API is not readable: plain Java loops C2 auto-vectorises. */
public final class PlainFloatOps implements FloatOps {

  @Override
  public String name() {
    return "plain";
  }

  @Override
  public GemmBlockKernel newGemmBlockKernel() {
    return new PlainGemmBlockKernel();
  }
}
