package dev.tauon.core.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AvgPool2dKernelsTest {

    static PoolShape[] shapes() {
        return new PoolShape[] {
            new PoolShape(2, 3, 8, 8, 2, 2, 2, 2),
            new PoolShape(1, 1, 7, 9, 3, 2, 2, 3), // odd sizes, rectangular window, leftover rows/columns
            new PoolShape(3, 2, 5, 5, 3, 3, 1, 1), // overlapping windows: gradients add up
            new PoolShape(1, 1, 1, 1, 1, 1, 1, 1),
            new PoolShape(2, 3, 8, 8, 3, 3, 2, 2, 1, 1), // padding counted in the average
            new PoolShape(1, 2, 5, 7, 2, 2, 2, 2, 1, 1),
            new PoolShape(2, 1, 6, 5, 5, 3, 1, 2, 2, 0), // padding on one axis only
            new PoolShape(1, 1, 1, 1, 2, 2, 1, 1, 1, 1), // every window is three quarters padding
            new PoolShape(2, 4, 32, 32, 32, 32, 1, 1), // global: a window as large as the plane
            new PoolShape(64, 8, 30, 30, 3, 3, 2, 2, 1, 1), // large enough to be split between threads
        };
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void matchesReference(PoolShape s) {
        float[] x = TestData.uniform(21, s.n() * s.c() * s.h() * s.w());
        int outs = s.n() * s.c() * s.outH() * s.outW();
        float[] out = TestData.uniform(22, outs); // garbage: forward must overwrite it
        AvgPool2dKernels.forward(x, out, s);
        float[] g = TestData.uniform(23, outs);
        double[] expectedOut = new double[outs];
        double[] expectedGrad = new double[x.length];
        int o = 0;
        for (int q = 0; q < s.n() * s.c(); q++) {
            for (int oy = 0; oy < s.outH(); oy++) {
                for (int ox = 0; ox < s.outW(); ox++, o++) {
                    expectedOut[o] = NaivePool.average(x, s, q, oy, ox);
                    for (int ky = 0; ky < s.kh(); ky++) {
                        for (int kx = 0; kx < s.kw(); kx++) {
                            int i = NaivePool.index(s, q, oy, ox, ky, kx);
                            if (i >= 0) {
                                expectedGrad[i] += (double) g[o] / (s.kh() * s.kw());
                            }
                        }
                    }
                }
            }
        }
        Approx.assertClose(expectedOut, out, 1e-6, "forward " + s);
        float[] gx = TestData.uniform(24, x.length); // garbage: backward must overwrite it
        AvgPool2dKernels.backward(g, gx, s);
        Approx.assertClose(expectedGrad, gx, 1e-6, "backward " + s);
    }

    /** count_include_pad: a corner window of a padded 2x2 image of ones averages one real input with three zeros. */
    @Test
    void paddingCountsAsZeros() {
        float[] out = new float[9];
        AvgPool2dKernels.forward(new float[] {1, 1, 1, 1}, out, new PoolShape(1, 1, 2, 2, 2, 2, 1, 1, 1, 1));
        assertArrayEquals(new float[] {0.25f, 0.5f, 0.25f, 0.5f, 1f, 0.5f, 0.25f, 0.5f, 0.25f}, out);
        float[] gx = new float[4];
        AvgPool2dKernels.backward(
                new float[] {4, 0, 0, 0, 0, 0, 0, 0, 8}, gx, new PoolShape(1, 1, 2, 2, 2, 2, 1, 1, 1, 1));
        assertArrayEquals(new float[] {1, 0, 0, 2}, gx);
    }

    @Test
    void oneAndTwoThreadsAreBitwiseIdentical() {
        PoolShape s = new PoolShape(64, 8, 30, 30, 3, 3, 2, 2, 1, 1);
        float[] x = TestData.uniform(25, s.n() * s.c() * s.h() * s.w());
        int outs = s.n() * s.c() * s.outH() * s.outW();
        float[] g = TestData.uniform(26, outs);
        float[][] outputs = new float[2][];
        float[][] gradients = new float[2][];
        for (int t = 1; t <= 2; t++) {
            float[] out = new float[outs];
            float[] gx = new float[x.length];
            TestData.withThreads(t, () -> {
                AvgPool2dKernels.forward(x, out, s);
                AvgPool2dKernels.backward(g, gx, s);
            });
            outputs[t - 1] = out;
            gradients[t - 1] = gx;
        }
        assertArrayEquals(outputs[0], outputs[1]);
        assertArrayEquals(gradients[0], gradients[1]);
    }

    @Test
    void rejectsIllegalArguments() {
        PoolShape s = new PoolShape(1, 1, 4, 4, 2, 2, 2, 2);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> AvgPool2dKernels.forward(new float[16], new float[3], s));
        assertTrue(e.getMessage().contains("AvgPool2dKernels.forward: out has 3 elements, needs 4"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class, () -> AvgPool2dKernels.backward(new float[4], new float[15], s));
        assertTrue(
                e.getMessage().contains("AvgPool2dKernels.backward: gradX has 15 elements, needs 16"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> AvgPool2dKernels.forward(
                        new float[16], new float[4], new PoolShape(1, 1, 4, 4, 2, 2, 2, 2, 2, 0)));
        assertTrue(e.getMessage().contains("padding 2x0 must be >= 0 and at most half the window 2x2"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> AvgPool2dKernels.forward(new float[16], new float[4], new PoolShape(1, 1, 4, 4, 5, 1, 1, 1)));
        assertTrue(e.getMessage().contains("window 5x1 larger than the padded input 4x4"), e.getMessage());
    }
}
