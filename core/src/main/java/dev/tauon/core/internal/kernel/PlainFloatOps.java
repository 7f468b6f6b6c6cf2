package dev.tauon.core.internal.kernel;

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
}
