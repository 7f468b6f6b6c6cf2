package dev.tauon.core.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The int8 convolution and dense layer against the float reference on integer-valued data (exact in
 * double), with bias and per-channel scale; providers and thread counts give the same bits.
 */
class Int8Conv2dTest {

    private static final ConvShape[] SHAPES = {
        new ConvShape(2, 3, 7, 6, 5, 3, 3, 1, 1, 1, 1),
        new ConvShape(1, 2, 9, 9, 4, 3, 2, 2, 3, 0, 1),
        new ConvShape(3, 5, 5, 5, 6, 1, 1, 1, 1, 0, 0),
        new ConvShape(2, 4, 6, 6, 3, 5, 5, 2, 2, 2, 2)
    };

    private static float[] floats(byte[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = v[i];
        }
        return f;
    }

    @ParameterizedTest
    @MethodSource("dev.tauon.core.internal.kernel.Providers#names")
    void convolutionMatchesTheFloatReference(String provider) {
        FloatOps ops = Providers.get(provider);
        for (ConvShape s : SHAPES) {
            int k = s.patch();
            int ldw = Int8Gemm.paddedLength(k);
            byte[] x = Int8GemmTest.int8(5, s.n() * s.c() * s.h() * s.w());
            byte[] wRows = Int8GemmTest.int8(6, s.o() * k);
            byte[] w = new byte[s.o() * ldw];
            for (int oc = 0; oc < s.o(); oc++) {
                System.arraycopy(wRows, oc * k, w, oc * ldw, k);
            }
            int[] bias = new int[s.o()];
            float[] scale = new float[s.o()];
            float[] fbias = new float[s.o()];
            for (int oc = 0; oc < s.o(); oc++) {
                bias[oc] = 1000 * oc - 1700;
                fbias[oc] = bias[oc];
                scale[oc] = 0.25f * (oc + 1);
            }
            float[] out = new float[s.n() * s.o() * s.pixels()];
            Int8Conv2d.forward(ops, x, w, ldw, bias, scale, out, s);
            double[] expected = NaiveConv.forward(floats(x), floats(wRows), fbias, s);
            for (int i = 0; i < out.length; i++) {
                int oc = (i / s.pixels()) % s.o();
                assertEquals((float) expected[i] * scale[oc], out[i], provider + " " + s + " at " + i);
            }
        }
    }

    @Test
    void oneAndTwoThreadsAndBothProvidersGiveTheSameBits() {
        ConvShape s = new ConvShape(5, 8, 12, 12, 16, 3, 3, 1, 1, 1, 1);
        int ldw = Int8Gemm.paddedLength(s.patch());
        byte[] x = Int8GemmTest.int8(7, 5 * 8 * 144);
        byte[] w = Int8GemmTest.int8(8, 16 * ldw);
        float[] scale = TestData.uniform(9, 16);
        float[][] out = new float[3][5 * 16 * 144];
        TestData.withThreads(1, () -> Int8Conv2d.forward(x, w, ldw, null, scale, out[0], s));
        TestData.withThreads(2, () -> Int8Conv2d.forward(x, w, ldw, null, scale, out[1], s));
        Int8Conv2d.forward(Providers.get("plain"), x, w, ldw, null, scale, out[2], s);
        assertArrayEquals(out[0], out[1]);
        assertArrayEquals(out[0], out[2]);
    }

    @ParameterizedTest
    @MethodSource("dev.tauon.core.internal.kernel.Providers#names")
    void denseMatchesTheSums(String provider) {
        FloatOps ops = Providers.get(provider);
        int n = 3;
        int k = 70;
        int units = 9;
        int ldx = 72;
        int ldw = 96;
        byte[] x = Int8GemmTest.int8(10, n * ldx);
        byte[] w = Int8GemmTest.int8(11, units * ldw);
        int[] bias = new int[units];
        float[] scale = new float[units];
        for (int j = 0; j < units; j++) {
            bias[j] = 37 * j - 100;
            scale[j] = 0.5f + j;
        }
        float[] out = new float[n * units];
        Int8Dense.forward(ops, x, ldx, n, k, w, ldw, units, bias, scale, out);
        for (int b = 0; b < n; b++) {
            for (int j = 0; j < units; j++) {
                int sum = bias[j];
                for (int p = 0; p < k; p++) {
                    sum += x[b * ldx + p] * w[j * ldw + p];
                }
                assertEquals(sum * scale[j], out[b * units + j], provider + " at " + b + "," + j);
            }
        }
    }

    @Test
    void quantizeRoundsTiesToEvenClampsAndZeroesNaN() {
        float[] x = {0.5f, 1.5f, -2.5f, 1000f, -1000f, Float.NaN, Float.NEGATIVE_INFINITY, 0.74f};
        byte[] q = new byte[x.length];
        Int8Quantize.quantize(x, 0, x.length, 0.5f, q, 0);
        assertArrayEquals(new byte[] {1, 3, -5, 127, -127, 0, -127, 1}, q);
        assertEquals(
                "Int8Quantize.quantize: scale must be positive and finite, was 0.0",
                assertThrows(IllegalArgumentException.class, () -> Int8Quantize.quantize(x, 0, 1, 0f, q, 0))
                        .getMessage());
    }

    @Test
    void badWeightsAreRefused() {
        ConvShape s = new ConvShape(1, 2, 4, 4, 3, 3, 3, 1, 1, 0, 0);
        assertEquals(
                "Int8Conv2d.forward: weight row stride 17 is shorter than a row, 18: " + s,
                assertThrows(
                                IllegalArgumentException.class,
                                () -> Int8Conv2d.forward(
                                        new byte[32], new byte[100], 17, null, new float[3], new float[12], s))
                        .getMessage());
        assertEquals(
                "Int8Conv2d.forward: scale has 2 elements, needs 3 for " + s,
                assertThrows(
                                IllegalArgumentException.class,
                                () -> Int8Conv2d.forward(
                                        new byte[32], new byte[100], 32, null, new float[2], new float[12], s))
                        .getMessage());
    }
}
