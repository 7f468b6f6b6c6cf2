package dev.tauon.core.internal.kernel;

import java.lang.management.ManagementFactory;

/**
 * Child-JVM main of {@link MaxPool2dKernelsTest#twoByTwoKernelStopsAllocatingOnceCompiled}: the
 * provider's 2x2 plane kernel on one 30x30 plane (the CIFAR-10 CNN's first pooling; {@code
 * -Dtauon.test.poolWidth} another width, {@code -Dtauon.test.poolLayout=channelsLast} the pooling
 * of 16 channels last), called for two
 * seconds and at least 20,000 times so that C2 compiles it, then the bytes 100 more calls allocate.
 * A fresh JVM: in a long test run, other code's vector calls share the Vector API's own call sites,
 * and what they leave in the profiles is not this kernel's doing.
 */
public final class MaxPoolLoopMain {

    private MaxPoolLoopMain() {}

    public static void main(String[] args) {
        FloatOps ops = SimdSupport.active();
        int w = Integer.getInteger("tauon.test.poolWidth", 30); // 30: by rows; 12 (6 windows a row): gathered
        int side = w / 2;
        int[] tops = WindowOffsets.of(1, 0, side, side, 2, 2, w);
        float[] x = TestData.uniform(1, w * w);
        float[] out = new float[side * side];
        // -Dtauon.test.poolValues=true: the maxima alone, as inference asks for them (no argmax).
        int[] argmax = Boolean.getBoolean("tauon.test.poolValues") ? null : new int[out.length];
        // -Dtauon.test.poolLayout=channelsLast: the same plane as 16 channels last, maxima only.
        boolean channelsLast = "channelsLast".equals(System.getProperty("tauon.test.poolLayout"));
        float[] product = channelsLast ? TestData.uniform(2, 16 * w * w) : null;
        float[] pooled = new float[16 * side * side];
        Runnable call = channelsLast
                ? () -> ops.maxPool2x2ChannelsLast(product, 0, 16, w, side, side, pooled)
                : () -> ops.maxPool2x2Plane(x, 0, w, 2, 2, side, side, tops, out, argmax, 0);
        long end = System.nanoTime() + 2_000_000_000L;
        int calls = 0;
        while (System.nanoTime() < end || calls < 20_000) {
            call.run();
            calls++;
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long fewest = Long.MAX_VALUE;
        for (int round = 0; round < 20; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 100; i++) {
                call.run();
            }
            fewest = Math.min(fewest, threads.getCurrentThreadAllocatedBytes() - before);
        }
        System.out.println("provider=" + ops.name() + " calls=" + calls + " bytesPer100Calls=" + fewest);
    }
}
