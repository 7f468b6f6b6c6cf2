package dev.tauon.core.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The quantised layers' float-input path (quantisation fused into the lowering, prepared
 * {@link Int8Weights}, fused ReLU) against the int8-input path it replaces, per provider; long sums
 * that leave the float-exact range; and the two elementwise provider methods against their
 * definitions, tails included.
 */
class Int8FloatPathTest {

    private static final float SCALE = 0.03f;

    /** Floats around the int8 range of {@link #SCALE}, with ties, clamped values, NaN, infinities and -0. */
    private static float[] inputs(long seed, int size) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] special = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, 4.5f, 5f, -3.9f, 1e9f};
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = i % 17 == 3
                    ? special[i % special.length]
                    : i % 5 == 0 ? (random.nextInt(-140, 141) + 0.5f) * SCALE : (float) random.nextDouble(-4.5, 4.5);
        }
        return x;
    }

    private static byte[] quantized(float[] x) {
        byte[] q = new byte[x.length];
        Int8Quantize.quantize(x, 0, x.length, SCALE, q, 0);
        return q;
    }

    private static float[] relu(float[] v) {
        float[] r = v.clone();
        for (int i = 0; i < r.length; i++) {
            r[i] = Math.max(r[i], 0f);
        }
        return r;
    }

    @ParameterizedTest
    @MethodSource("dev.tauon.core.internal.kernel.Providers#names")
    void convolutionFromFloatsMatchesTheInt8Path(String provider) {
        FloatOps ops = Providers.get(provider);
        ConvShape[] shapes = {
            new ConvShape(3, 3, 9, 8, 5, 3, 3, 1, 1, 0, 0),
            new ConvShape(40, 2, 4, 4, 3, 3, 3, 1, 1, 1, 1),
            new ConvShape(2, 120, 5, 4, 3, 3, 3, 2, 1, 1, 0)
        };
        for (ConvShape s : shapes) {
            int k = s.patch();
            float[] x = inputs(1, s.n() * s.c() * s.h() * s.w());
            byte[] w = Int8GemmTest.int8(2, s.o() * k);
            int[] bias = {-40_000_000, 77, 20_000_000};
            float[] scale = {0.5f, 0.001f, 3e-7f, 0.25f, 1.5f};
            int[] b = Arrays.copyOf(bias, s.o());
            float[] expected = new float[s.n() * s.o() * s.pixels()];
            Int8Conv2d.forward(ops, quantized(x), w, k, b, scale, expected, s);
            for (boolean fuseRelu : new boolean[] {false, true}) {
                float[] out = new float[expected.length];
                Int8Conv2d.forward(ops, x, SCALE, Int8Weights.of(w, k, s.o(), k, b, scale, fuseRelu), out, s);
                assertArrayEquals(fuseRelu ? relu(expected) : expected, out, provider + " relu=" + fuseRelu + " " + s);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.tauon.core.internal.kernel.Providers#names")
    void denseFromFloatsMatchesTheInt8Path(String provider) {
        FloatOps ops = Providers.get(provider);
        for (int[] size : new int[][] {{1, 70, 9}, {37, 5, 33}, {3, 1100, 4}}) {
            int n = size[0];
            int k = size[1];
            int units = size[2];
            float[] x = inputs(3, n * k);
            byte[] w = Int8GemmTest.int8(4, units * k);
            int[] bias = new int[units];
            float[] scale = new float[units];
            for (int j = 0; j < units; j++) {
                bias[j] = j % 2 == 0 ? 31 * j - 500 : 30_000_001 * (j % 3 - 1);
                scale[j] = 0.01f * (j + 1);
            }
            float[] expected = new float[n * units];
            Int8Dense.forward(ops, quantized(x), k, n, k, w, k, units, bias, scale, expected);
            for (boolean fuseRelu : new boolean[] {false, true}) {
                float[] out = new float[n * units];
                Int8Dense.forward(ops, x, SCALE, n, Int8Weights.of(w, k, units, k, bias, scale, fuseRelu), out);
                assertArrayEquals(
                        fuseRelu ? relu(expected) : expected, out, provider + " relu=" + fuseRelu + " k=" + k);
            }
        }
    }

    /**
     * All products at 127 * 127: past {@link Int8Gemm#EXACT_K} products the running sum leaves the
     * integers a float holds (2^24), so this needs the int chunks, in the convolution and the dense layer.
     */
    @ParameterizedTest
    @MethodSource("dev.tauon.core.internal.kernel.Providers#names")
    void sumsBeyondTheFloatExactRangeAreExact(String provider) {
        FloatOps ops = Providers.get(provider);
        ConvShape s = new ConvShape(2, 131, 3, 3, 2, 3, 3, 1, 1, 0, 0);
        int k = s.patch();
        byte[] x = new byte[2 * 131 * 9];
        Arrays.fill(x, (byte) 127);
        byte[] w = new byte[2 * k];
        Arrays.fill(w, 0, k, (byte) 127);
        Arrays.fill(w, k, 2 * k, (byte) -127);
        // a bias of about the sum brings the output back to where a float shows every integer
        int[] bias = {-19_000_000, 19_000_000};
        float[] unit = {1f, 1f};
        float[] out = new float[4];
        Int8Conv2d.forward(ops, x, w, k, bias, unit, out, s);
        int sum = k * Int8Gemm.MAX_PRODUCT;
        assertEquals(19_016_091, sum);
        assertArrayEquals(new float[] {16_091, -16_091, 16_091, -16_091}, out, provider);
        float[] dense = new float[4];
        Int8Dense.forward(ops, x, k, 2, k, w, k, 2, bias, unit, dense);
        assertArrayEquals(new float[] {16_091, -16_091, 16_091, -16_091}, dense, provider);
        int[] c = new int[2];
        Int8Gemm.gemm(ops, w, 0, k, 2, x, 0, k, 1, k, c, 0, 1, 1);
        assertArrayEquals(new int[] {sum, -sum}, c, provider);
    }

    @ParameterizedTest
    @MethodSource("dev.tauon.core.internal.kernel.Providers#names")
    void levelsAreTheInt8QuantisationOnEveryLengthAndOffset(String provider) {
        FloatOps ops = Providers.get(provider);
        float[] x = inputs(5, 300);
        byte[] q = quantized(x);
        for (int length : new int[] {0, 1, 15, 16, 17, 63, 100, 283}) {
            float[] dst = new float[length + 5];
            ops.int8Levels(x, 17, length, SCALE, dst, 3);
            for (int i = 0; i < length; i++) {
                float level = dst[3 + i];
                assertEquals(q[17 + i], level, provider + " " + x[17 + i] + " at " + i);
                assertEquals(0, Float.floatToRawIntBits(level) & 0x8000_0000 & (level == 0 ? -1 : 0), "+0, not -0");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.tauon.core.internal.kernel.Providers#names")
    void rescaleIsTheIntAddAndOneRounding(String provider) {
        FloatOps ops = Providers.get(provider);
        SplittableRandom random = new SplittableRandom(6);
        float[] sums = new float[200];
        for (int i = 0; i < sums.length; i++) {
            sums[i] = random.nextInt(-(1 << 24) + 1, 1 << 24);
        }
        for (int bias : new int[] {0, -3, 1 << 24, -(1 << 24) - 1, 33_000_001, -1_999_999_999}) {
            for (float floor : new float[] {Float.NEGATIVE_INFINITY, 0f}) {
                for (int length : new int[] {1, 16, 31, 190}) {
                    float[] out = new float[length + 2];
                    ops.int8Rescale(sums, 7, bias, 0.37f, floor, out, 2, length);
                    for (int i = 0; i < length; i++) {
                        float expected = Math.max(((int) sums[7 + i] + bias) * 0.37f, floor);
                        assertEquals(expected, out[2 + i], provider + " bias " + bias + " floor " + floor + " at " + i);
                    }
                }
            }
        }
    }
}
