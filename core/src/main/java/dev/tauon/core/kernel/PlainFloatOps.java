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

  @Override
  public void add(float[] src, int srcOff, float[] dst, int dstOff, int length) {
    for (int i = 0; i < length; i++) {
      dst[dstOff + i] += src[srcOff + i];
    }
  }

  /** Four interleaved partial sums: one chain would wait on the add latency at every element. */
  @Override
  public float sum(float[] a, int off, int length) {
    float s0 = 0f;
    float s1 = 0f;
    float s2 = 0f;
    float s3 = 0f;
    int i = 0;
    for (; i + 4 <= length; i += 4) {
      s0 += a[off + i];
      s1 += a[off + i + 1];
      s2 += a[off + i + 2];
      s3 += a[off + i + 3];
    }
    for (; i < length; i++) {
      s0 += a[off + i];
    }
    return (s0 + s1) + (s2 + s3);
  }
}
