package dev.tauon.core.internal.kernel;

/**
 * Child-JVM main of {@link VectorKernelsNeedNoTypeProfileTest}: two-thread weight gradients of a
 * 64-filter 3x3 convolution on 16x16 images along the gathered transposed path, for two seconds and at
 * least 200 calls, long enough for C2 to compile its gathered kernel.
 */
public final class WeightGradLoopMain {

    private WeightGradLoopMain() {}

    public static void main(String[] args) {
        Parallel.setThreads(2);
        ConvShape s = new ConvShape(4, 64, 16, 16, 64, 3, 3, 1, 1, 1, 1);
        float[] x = TestData.uniform(1, s.n() * s.c() * s.h() * s.w());
        float[] g = TestData.uniform(3, s.n() * s.o() * s.pixels());
        float[] gw = new float[s.o() * s.patch()];
        if (!Conv2dKernels.transposedWeightGrad(SimdSupport.active(), s) || !Conv2dKernels.GATHERED_WEIGHT_GRAD) {
            throw new IllegalStateException("the loop's shape does not take the gathered path on "
                    + SimdSupport.active().name());
        }
        long end = System.nanoTime() + 2_000_000_000L;
        long limit = System.nanoTime() + 60_000_000_000L;
        int calls = 0;
        while ((System.nanoTime() < end || calls < 200) && System.nanoTime() < limit) {
            // The GEMM's transposed form, the filter-lanes tile aside (it would take this shape).
            Conv2dKernels.backwardWeight(SimdSupport.active(), x, g, gw, null, s, true);
            calls++;
        }
        System.out.println("provider=" + SimdSupport.active().name() + " calls=" + calls);
    }
}
