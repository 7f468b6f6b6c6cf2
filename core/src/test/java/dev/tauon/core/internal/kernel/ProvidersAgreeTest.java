package dev.tauon.core.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The plain-loop and Vector API providers give the same bits for every operation a provider
 * supplies, so a model trains to the same weights with or without {@code --add-modules
 * jdk.incubator.vector}. Everything else in the kernels is shared code.
 */
class ProvidersAgreeTest {

    private final FloatOps plain = Providers.get("plain");
    private final FloatOps vector = Providers.get("vector");

    @Test
    void gemm() {
        int[][] sizes = {{1, 1, 1}, {5, 17, 3}, {17, 33, 31}, {33, 65, 257}, {64, 1000, 27}, {9, 70, 600}, {3, 2100, 5}
        };
        float[][] alphaBeta = {{1f, 0f}, {0.7f, 0.3f}, {-1.5f, 1f}};
        for (int[] s : sizes) {
            for (int t = 0; t < 4; t++) {
                for (float[] ab : alphaBeta) {
                    boolean transA = (t & 1) != 0;
                    boolean transB = (t & 2) != 0;
                    int m = s[0];
                    int n = s[1];
                    int k = s[2];
                    float[] a = TestData.uniform(31, m * k);
                    float[] b = TestData.uniform(32, k * n);
                    float[] p = TestData.uniform(33, m * n);
                    float[] v = p.clone();
                    int lda = transA ? m : k;
                    int ldb = transB ? k : n;
                    Gemm.gemm(plain, transA, transB, m, n, k, ab[0], a, 0, lda, b, 0, ldb, ab[1], p, 0, n);
                    Gemm.gemm(vector, transA, transB, m, n, k, ab[0], a, 0, lda, b, 0, ldb, ab[1], v, 0, n);
                    assertArrayEquals(
                            p,
                            v,
                            "m=" + m + " n=" + n + " k=" + k + " transA=" + transA + " transB=" + transB + " alpha="
                                    + ab[0] + " beta=" + ab[1]);
                }
            }
        }
    }

    /**
     * Checks the vector sum of the machine it runs on: one 16-lane accumulator with AVX-512, two
     * 8-lane ones with AVX2; with other widths the vector sum is the plain loop.
     */
    @Test
    void sum() {
        float[] a = TestData.uniform(34, 60_000);
        for (int length = 0; length <= 300; length++) {
            assertSameBits(plain.sum(a, 7, length), vector.sum(a, 7, length), "length " + length);
        }
        assertSameBits(plain.sum(a, 0, 57_600), vector.sum(a, 0, 57_600), "length 57600");
        float[] special = {Float.NaN, Float.POSITIVE_INFINITY, -0f, 1e30f, -1e30f};
        for (int i = 0; i < special.length; i++) {
            float[] s = TestData.uniform(35, 40);
            s[i * 7] = special[i];
            assertSameBits(plain.sum(s, 0, 40), vector.sum(s, 0, 40), "with " + special[i]);
        }
    }

    @Test
    void elementwise() {
        float[] src = TestData.uniform(36, 1000);
        float[] p = TestData.uniform(37, 1000);
        float[] v = p.clone();
        plain.add(src, 3, p, 1, 990);
        vector.add(src, 3, v, 1, 990);
        assertArrayEquals(p, v);
        float[] g = TestData.uniform(38, 1000);
        plain.reluBackward(src, g, p, 0, 1000);
        vector.reluBackward(src, g, v, 0, 1000);
        assertArrayEquals(p, v);
    }

    @Test
    void convolutionAndPooling() {
        ConvShape[] shapes = {
            new ConvShape(4, 3, 32, 32, 32, 3, 3, 1, 1, 0, 0), // conv1 of the CIFAR-10 CNN at batch 4
            new ConvShape(20, 32, 6, 6, 64, 3, 3, 1, 1, 0, 0), // conv3-like: grouped weight gradient
            new ConvShape(3, 2, 9, 8, 5, 3, 3, 2, 2, 1, 1),
        };
        for (ConvShape s : shapes) {
            float[] x = TestData.uniform(39, s.n() * s.c() * s.h() * s.w());
            float[] w = TestData.uniform(40, s.o() * s.c() * s.kh() * s.kw());
            float[] bias = TestData.uniform(41, s.o());
            float[] g = TestData.uniform(42, s.n() * s.o() * s.outH() * s.outW());
            float[][] p = conv(plain, s, x, w, bias, g);
            float[][] v = conv(vector, s, x, w, bias, g);
            String[] names = {"forward", "input gradient", "weight gradient", "bias gradient"};
            for (int i = 0; i < p.length; i++) {
                assertArrayEquals(p[i], v[i], names[i] + " of " + s);
            }
        }
        PoolShape[] pools = {
            new PoolShape(4, 32, 30, 30, 2, 2, 2, 2),
            new PoolShape(4, 32, 30, 30, 3, 3, 2, 2, 1, 1), // padded: the general path
        };
        for (PoolShape pool : pools) {
            float[] x = TestData.uniform(43, pool.n() * pool.c() * pool.h() * pool.w());
            float[] p = new float[pool.n() * pool.c() * pool.outH() * pool.outW()];
            float[] v = new float[p.length];
            int[] pa = new int[p.length];
            int[] va = new int[p.length];
            MaxPool2dKernels.forward(plain, x, p, pa, pool);
            MaxPool2dKernels.forward(vector, x, v, va, pool);
            assertArrayEquals(p, v, "max pooling " + pool);
            assertArrayEquals(pa, va, "max pooling's argmax " + pool);
        }
    }

    private static float[][] conv(FloatOps ops, ConvShape s, float[] x, float[] w, float[] bias, float[] g) {
        float[] out = new float[g.length];
        float[] gx = new float[x.length];
        float[] gw = new float[w.length];
        float[] gb = new float[s.o()];
        Conv2dKernels.forward(ops, x, w, bias, out, s, false);
        Conv2dKernels.backwardInput(ops, g, w, gx, s);
        Conv2dKernels.backwardWeight(ops, x, g, gw, gb, s);
        return new float[][] {out, gx, gw, gb};
    }

    private static void assertSameBits(float expected, float actual, String what) {
        assertEquals(
                Float.floatToRawIntBits(expected),
                Float.floatToRawIntBits(actual),
                what + ": plain " + expected + ", vector " + actual);
    }
}
