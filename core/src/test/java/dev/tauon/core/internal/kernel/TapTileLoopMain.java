package dev.tauon.core.internal.kernel;

/**
 * Child-JVM main of {@link VectorKernelsNeedNoTypeProfileTest}: two-thread input gradients along
 * {@link TapByTapInputGradient} of an unpadded 3x3 convolution with the input channels the system
 * property {@code tauon.test.channels} names (64 for the wide tile, 32 for the narrow one), for two
 * seconds and at least 200 calls, long enough for C2 to compile the tile.
 */
public final class TapTileLoopMain {

    private TapTileLoopMain() {}

    public static void main(String[] args) {
        Parallel.setThreads(2);
        int channels = Integer.getInteger("tauon.test.channels", 64);
        ConvShape s = new ConvShape(4, channels, 15, 15, 64, 3, 3, 1, 1, 0, 0);
        float[] g = TestData.uniform(1, s.n() * s.o() * s.pixels());
        float[] w = TestData.uniform(2, s.o() * s.patch());
        float[] gradX = new float[s.n() * s.c() * s.h() * s.w()];
        if (!TapByTapInputGradient.supports(SimdSupport.active(), s)) {
            throw new IllegalStateException("the loop's shape has no tap tile on "
                    + SimdSupport.active().name());
        }
        long end = System.nanoTime() + 2_000_000_000L;
        long limit = System.nanoTime() + 60_000_000_000L;
        int calls = 0;
        while ((System.nanoTime() < end || calls < 200) && System.nanoTime() < limit) {
            TapByTapInputGradient.backwardInput(SimdSupport.active(), g, w, gradX, s);
            calls++;
        }
        System.out.println("provider=" + SimdSupport.active().name() + " calls=" + calls);
    }
}
