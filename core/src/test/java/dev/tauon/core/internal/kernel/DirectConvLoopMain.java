package dev.tauon.core.internal.kernel;

/**
 * Child-JVM main of {@link VectorKernelsNeedNoTypeProfileTest}: two-thread forward passes, with
 * bias and ReLU, of a 64-filter 3x3 convolution on 16x16 images along a direct path ({@code DIRECT}, or the one the
 * system property {@code tauon.test.convPath} names), for two seconds and at least 200 calls, long
 * enough for C2 to compile its tile kernel.
 */
public final class DirectConvLoopMain {

    /** The path the loop takes: this tile's unless a system property names another (the filter-lanes tile's). */
    private static final ConvForwardPath PATH =
            ConvForwardPath.valueOf(System.getProperty("tauon.test.convPath", ConvForwardPath.DIRECT.name()));

    private DirectConvLoopMain() {}

    public static void main(String[] args) {
        Parallel.setThreads(2);
        ConvShape s = new ConvShape(4, 64, 16, 16, 64, 3, 3, 1, 1, 1, 1);
        float[] x = TestData.uniform(1, s.n() * s.c() * s.h() * s.w());
        float[] w = TestData.uniform(2, s.o() * s.patch());
        float[] out = new float[s.n() * s.o() * s.pixels()];
        float[] bias = TestData.uniform(3, s.o()); // with bias and ReLU, so their pass compiles too
        if (!DirectConv2d.applies(SimdSupport.active(), s)) {
            throw new IllegalStateException("the loop's shape does not take the direct path on "
                    + SimdSupport.active().name());
        }
        long end = System.nanoTime() + 2_000_000_000L;
        long limit = System.nanoTime() + 60_000_000_000L;
        int calls = 0;
        while ((System.nanoTime() < end || calls < 200) && System.nanoTime() < limit) {
            Conv2dKernels.forward(SimdSupport.active(), x, w, bias, out, s, true, PATH);
            calls++;
        }
        System.out.println("provider=" + SimdSupport.active().name() + " calls=" + calls);
    }
}
