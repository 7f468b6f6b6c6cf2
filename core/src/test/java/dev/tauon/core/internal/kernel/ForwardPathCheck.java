package dev.tauon.core.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;

/** The check every forward path of the convolution must pass: the bits of the im2col path. */
final class ForwardPathCheck {

    private ForwardPathCheck() {}

    /**
     * {@link #assertGivesTheLoweredBits} on random inputs: the image from {@code seed} with special
     * values among it ({@link #withSpecialValues}), the weights from {@code seed + 1}, the bias from
     * {@code seed + 2}.
     */
    static void assertGivesTheLoweredBits(FloatOps ops, ConvShape s, long seed, ConvForwardPath path) {
        assertGivesTheLoweredBits(
                ops,
                s,
                image(seed, s),
                TestData.uniform(seed + 1, s.o() * s.patch()),
                TestData.uniform(seed + 2, s.o()),
                path);
    }

    /** {@link #assertPoolsTheLoweredBits} on the random inputs {@link #assertGivesTheLoweredBits(FloatOps, ConvShape, long, ConvForwardPath)} takes. */
    static void assertPoolsTheLoweredBits(FloatOps ops, ConvShape s, long seed, ConvForwardPath path) {
        assertPoolsTheLoweredBits(
                ops,
                s,
                image(seed, s),
                TestData.uniform(seed + 1, s.o() * s.patch()),
                TestData.uniform(seed + 2, s.o()),
                path);
    }

    private static float[] image(long seed, ConvShape s) {
        return withSpecialValues(TestData.uniform(seed, s.n() * s.c() * s.h() * s.w()));
    }

    /**
     * {@code path} against {@link ConvForwardPath#LOWERED} on {@code ops}, with and without bias and
     * ReLU, on 1 and 2 threads: the same bits, every output element written (outputs start as NaN).
     */
    private static void assertGivesTheLoweredBits(
            FloatOps ops, ConvShape s, float[] x, float[] w, float[] bias, ConvForwardPath path) {
        int size = s.n() * s.o() * s.pixels();
        for (float[] b : new float[][] {bias, null}) {
            for (boolean relu : new boolean[] {false, true}) {
                float[] lowered = filled(size);
                Conv2dKernels.forward(ops, x, w, b, lowered, s, relu, ConvForwardPath.LOWERED);
                for (int threads : new int[] {1, 2}) {
                    float[] other = filled(size);
                    TestData.withThreads(threads, () -> Conv2dKernels.forward(ops, x, w, b, other, s, relu, path));
                    String what = path + " on " + ops.name() + ", " + s
                            + (b == null ? " without bias" : " with bias") + (relu ? ", ReLU" : "") + ", "
                            + threads + " threads";
                    assertArrayEquals(lowered, other, what);
                }
            }
        }
    }

    /**
     * {@link Conv2dKernels#forwardReluMaxPool} along {@code path} against the lowered convolution then
     * max pooling, with and without bias, on 1 and 2 threads, argmax indexed and not: the same pooled
     * bits and the same argmax.
     */
    private static void assertPoolsTheLoweredBits(
            FloatOps ops, ConvShape s, float[] x, float[] w, float[] bias, ConvForwardPath path) {
        PoolShape p = new PoolShape(s.n(), s.o(), s.outH(), s.outW(), 2, 2, 2, 2);
        int pooledSize = s.n() * s.o() * p.outH() * p.outW();
        for (float[] b : new float[][] {bias, null}) {
            float[] y = new float[s.n() * s.o() * s.pixels()];
            Conv2dKernels.forward(ops, x, w, b, y, s, true, ConvForwardPath.LOWERED);
            float[] expected = new float[pooledSize];
            int[] expectedArgmax = new int[pooledSize];
            MaxPool2dKernels.forward(ops, y, expected, expectedArgmax, p);
            for (int threads : new int[] {1, 2}) {
                float[] pooled = filled(pooledSize);
                int[] argmax = new int[pooledSize];
                Arrays.fill(argmax, -1);
                TestData.withThreads(
                        threads, () -> Conv2dKernels.forwardReluMaxPool(ops, x, w, b, pooled, argmax, s, path, true));
                String what =
                        path + ", " + s + (b == null ? " without bias" : " with bias") + ", " + threads + " threads";
                assertArrayEquals(expected, pooled, what);
                assertArrayEquals(expectedArgmax, argmax, what);
                float[] unindexed = filled(pooledSize); // what inference computes: no argmax wanted
                TestData.withThreads(
                        threads,
                        () -> Conv2dKernels.forwardReluMaxPool(ops, x, w, b, unindexed, argmax, s, path, false));
                assertArrayEquals(expected, unindexed, what + ", argmax not indexed");
            }
        }
    }

    /** {@code x} with a NaN, infinities and negative zeros among its values: the paths must agree on them too. */
    static float[] withSpecialValues(float[] x) {
        x[x.length / 3] = Float.NaN;
        x[x.length / 2] = Float.POSITIVE_INFINITY;
        x[x.length - 1] = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < x.length; i += 7) {
            x[i] = -0f;
        }
        return x;
    }

    /** An output array of NaN, so that an element a kernel forgets to write fails the comparison. */
    static float[] filled(int size) {
        float[] v = new float[size];
        Arrays.fill(v, Float.NaN);
        return v;
    }
}
