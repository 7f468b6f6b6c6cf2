package dev.tauon.core.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class MaxPool2dKernelsTest {

    private static final PoolShape[] SHAPES = {
        new PoolShape(2, 3, 8, 8, 2, 2, 2, 2),
        new PoolShape(1, 1, 7, 9, 3, 2, 2, 3), // odd sizes, rectangular window, leftover rows/columns
        new PoolShape(3, 2, 5, 5, 3, 3, 1, 1), // overlapping windows: gradients add up
        new PoolShape(1, 1, 1, 1, 1, 1, 1, 1),
        new PoolShape(64, 8, 30, 30, 2, 2, 2, 2), // large enough to be split between threads
        new PoolShape(2, 3, 13, 70, 2, 2, 2, 2), // 35 outputs a row: two full vectors and a masked tail
        new PoolShape(2, 3, 6, 26, 2, 2, 2, 2), // 13 outputs a row, by rows: vectors run into the next row
        new PoolShape(1, 2, 5, 56, 2, 2, 2, 2), // 28 a row, by rows: the last vector overlaps; a leftover input row
        new PoolShape(2, 3, 9, 9, 2, 2, 1, 1), // 2x2 with stride 1: the overlapping 2x2 path
        new PoolShape(1, 2, 6, 11, 2, 2, 3, 3), // 2x2 with stride 3
        new PoolShape(2, 3, 8, 8, 3, 3, 2, 2, 1, 1), // ResNet's stem pooling: 3x3, stride 2, padding 1
        new PoolShape(1, 2, 5, 7, 2, 2, 2, 2, 1, 1), // 2x2 with padding: the general path, not the 2x2 one
        new PoolShape(2, 1, 6, 5, 5, 3, 1, 2, 2, 0), // padding on one axis only, overlapping windows
        new PoolShape(1, 1, 1, 1, 2, 2, 1, 1, 1, 1), // a 1-pixel image padded on every side
        new PoolShape(64, 8, 30, 30, 3, 3, 2, 2, 1, 1), // padded and large enough to be split between threads
    };

    static Stream<Arguments> cases() {
        return Providers.names()
                .flatMap(p -> IntStream.range(0, SHAPES.length).mapToObj(i -> Arguments.of(p, SHAPES[i])));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void matchesReference(String provider, PoolShape s) {
        FloatOps ops = Providers.get(provider);
        float[] x = TestData.uniform(11, s.n() * s.c() * s.h() * s.w());
        for (int i = 0; i < x.length; i += 7) {
            x[i] = x[Math.max(0, i - 1)]; // ties: the first maximum must win
        }
        int outs = s.n() * s.c() * s.outH() * s.outW();
        float[] out = new float[outs];
        int[] argmax = new int[outs];
        MaxPool2dKernels.forward(ops, x, out, argmax, s);
        double[] expectedGrad = new double[x.length];
        float[] g = TestData.uniform(12, outs);
        int o = 0;
        for (int q = 0; q < s.n() * s.c(); q++) {
            for (int oy = 0; oy < s.outH(); oy++) {
                for (int ox = 0; ox < s.outW(); ox++, o++) {
                    int best = NaivePool.argmax(x, s, q, oy, ox);
                    assertEquals(best, argmax[o], "argmax of output " + o + " for " + s);
                    assertEquals(x[best], out[o], "max of output " + o);
                    expectedGrad[best] += g[o];
                }
            }
        }
        float[] gx = TestData.uniform(13, x.length); // garbage: backward must overwrite it
        MaxPool2dKernels.backward(g, argmax, gx, s);
        Approx.assertClose(expectedGrad, gx, 1e-6, "backward " + s);
    }

    @ParameterizedTest
    @MethodSource("dev.tauon.core.internal.kernel.Providers#names")
    void nanPropagates(String provider) {
        FloatOps ops = Providers.get(provider);
        PoolShape s = new PoolShape(1, 1, 2, 6, 2, 2, 2, 2);
        float[] out = new float[3];
        int[] argmax = new int[3];
        float nan = Float.NaN;
        MaxPool2dKernels.forward(ops, new float[] {1f, nan, 5f, 2f, 1f, 1f, 3f, nan, 7f, 2f, 1f, 2f}, out, argmax, s);
        assertTrue(Float.isNaN(out[0]));
        assertEquals(1, argmax[0]);
        assertEquals(7f, out[1]);
        assertEquals(8, argmax[1]);
        assertEquals(2f, out[2]);
        assertEquals(11, argmax[2]);
    }

    /**
     * Every 2x2 window over {-1, -0, +0, 1, NaN}: 625 windows in one row. The winner is the first
     * element, in row-major order, that is greater than all before it, a NaN winning over numbers:
     * ties (including -0 against +0) keep the earlier element, and its bits.
     */
    @ParameterizedTest
    @MethodSource("dev.tauon.core.internal.kernel.Providers#names")
    void everyTieAndNanPatternPicksTheFirstMaximum(String provider) {
        FloatOps ops = Providers.get(provider);
        float[] values = {-1f, -0f, 0f, 1f, Float.NaN};
        int windows = 625;
        int w = 2 * windows;
        float[] x = new float[2 * w];
        for (int j = 0; j < windows; j++) {
            int code = j;
            for (int e = 0; e < 4; e++, code /= 5) {
                x[(e / 2) * w + 2 * j + e % 2] = values[code % 5];
            }
        }
        float[] out = new float[windows];
        int[] argmax = new int[windows];
        MaxPool2dKernels.forward(ops, x, out, argmax, new PoolShape(1, 1, 2, w, 2, 2, 2, 2));
        for (int j = 0; j < windows; j++) {
            int[] at = {2 * j, 2 * j + 1, w + 2 * j, w + 2 * j + 1};
            int best = at[0];
            for (int e = 1; e < 4; e++) {
                float v = x[at[e]];
                if (v > x[best] || (Float.isNaN(v) && !Float.isNaN(x[best]))) {
                    best = at[e];
                }
            }
            String window = "window " + j + " " + Arrays.toString(new float[] {x[at[0]], x[at[1]], x[at[2]], x[at[3]]});
            assertEquals(best, argmax[j], window);
            assertEquals(Float.floatToRawIntBits(x[best]), Float.floatToRawIntBits(out[j]), window);
        }
    }

    /**
     * The maxima alone (a null argmax: a forward pass no backward pass follows) are the kernel's
     * maxima bit for bit, on every unpadded 2x2 shape above (by rows, gathered, strides 1 to 3), with
     * ties, signed zeros and NaNs among random inputs and planes one after another in one array.
     */
    @ParameterizedTest
    @MethodSource("dev.tauon.core.internal.kernel.Providers#names")
    void maximaAloneAreTheKernelsMaxima(String provider) {
        FloatOps ops = Providers.get(provider);
        float[] values = {-1f, -0f, 0f, 1f, Float.NaN};
        int checked = 0;
        for (PoolShape s : SHAPES) {
            if (s.kh() != 2 || s.kw() != 2 || s.padH() != 0 || s.padW() != 0) {
                continue;
            }
            float[] x = TestData.uniform(17, s.n() * s.c() * s.h() * s.w());
            for (int i = 0; i < x.length; i += 3) {
                x[i] = values[i % values.length]; // ties, signed zeros and NaNs among random values
            }
            int[] tops = WindowOffsets.of(1, 0, s.outH(), s.outW(), s.strideH(), s.strideW(), s.w());
            int plane = s.outH() * s.outW();
            float[] expected = new float[s.n() * s.c() * plane];
            float[] maxima = new float[expected.length];
            int[] argmax = new int[expected.length];
            for (int q = 0; q < s.n() * s.c(); q++) {
                int in = q * s.h() * s.w();
                ops.maxPool2x2Plane(
                        x, in, s.w(), s.strideH(), s.strideW(), s.outH(), s.outW(), tops, expected, argmax, q * plane);
                ops.maxPool2x2Plane(
                        x, in, s.w(), s.strideH(), s.strideW(), s.outH(), s.outW(), tops, maxima, null, q * plane);
            }
            for (int i = 0; i < expected.length; i++) {
                assertEquals(
                        Float.floatToRawIntBits(expected[i]),
                        Float.floatToRawIntBits(maxima[i]),
                        "output " + i + " of " + s);
            }
            checked++;
        }
        assertEquals(7, checked, "2x2 shapes checked");
    }

    /**
     * Pooling a channels-last product (inference's fused convolution) gives each channel's maxima as
     * pooling its plane does, bit for bit: 64 channels (whole vectors) and 20 (a tail), odd and even
     * widths, ties, signed zeros and NaNs among random values, the product at an offset.
     */
    @ParameterizedTest
    @MethodSource("dev.tauon.core.internal.kernel.Providers#names")
    void channelsLastMaximaAreThePlanesMaxima(String provider) {
        FloatOps ops = Providers.get(provider);
        float[] values = {-1f, -0f, 0f, 1f, Float.NaN};
        for (int[] shape : new int[][] {{64, 13, 13}, {20, 6, 7}, {64, 30, 30}}) {
            int channels = shape[0];
            int outH = shape[1];
            int outW = shape[2];
            int pixels = outH * outW;
            int off = 5;
            float[] channelsLast = TestData.uniform(23, off + pixels * channels);
            for (int i = 0; i < channelsLast.length; i += 3) {
                channelsLast[i] = values[i % values.length];
            }
            int poolH = outH / 2;
            int poolW = outW / 2;
            float[] pooled = new float[poolH * poolW * channels];
            ops.maxPool2x2ChannelsLast(channelsLast, off, channels, outW, poolH, poolW, pooled);
            int[] tops = WindowOffsets.of(1, 0, poolH, poolW, 2, 2, outW);
            for (int ch = 0; ch < channels; ch++) {
                float[] plane = new float[pixels];
                for (int i = 0; i < pixels; i++) {
                    plane[i] = channelsLast[off + i * channels + ch];
                }
                float[] expected = new float[poolH * poolW];
                ops.maxPool2x2Plane(plane, 0, outW, 2, 2, poolH, poolW, tops, expected, new int[expected.length], 0);
                for (int j = 0; j < expected.length; j++) {
                    assertEquals(
                            Float.floatToRawIntBits(expected[j]),
                            Float.floatToRawIntBits(pooled[j * channels + ch]),
                            "window " + j + " channel " + ch + " of " + Arrays.toString(shape));
                }
            }
        }
    }

    /** Padding stands for minus infinity but is never the answer: a window of real -inf and NaN picks among them. */
    @ParameterizedTest
    @MethodSource("dev.tauon.core.internal.kernel.Providers#names")
    void paddingIsNeverTheMaximum(String provider) {
        FloatOps ops = Providers.get(provider);
        float inf = Float.NEGATIVE_INFINITY;
        // 2x3 plane, 2x2 windows, stride 2, padding 1: windows over rows {-1, 0} and {1, 2}, columns {-1, 0} and {1,
        // 2}.
        float[] x = {inf, inf, inf, Float.NaN, 2f, 3f};
        float[] out = new float[4];
        int[] argmax = new int[4];
        MaxPool2dKernels.forward(ops, x, out, argmax, new PoolShape(1, 1, 2, 3, 2, 2, 2, 2, 1, 1));
        assertArrayEquals(new int[] {0, 1, 3, 5}, argmax);
        assertArrayEquals(new float[] {inf, inf, Float.NaN, 3f}, out);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void oneAndTwoThreadsAreBitwiseIdentical(boolean padded) {
        PoolShape s =
                padded ? new PoolShape(64, 8, 30, 30, 3, 3, 2, 2, 1, 1) : new PoolShape(64, 8, 30, 30, 3, 3, 1, 1);
        float[] x = TestData.uniform(14, s.n() * s.c() * s.h() * s.w());
        int outs = s.n() * s.c() * s.outH() * s.outW();
        float[] g = TestData.uniform(15, outs);
        float[][] results = new float[2][];
        int[][] argmaxes = new int[2][];
        for (int t = 1; t <= 2; t++) {
            float[] out = new float[outs];
            int[] argmax = new int[outs];
            float[] gx = new float[x.length];
            TestData.withThreads(t, () -> {
                MaxPool2dKernels.forward(x, out, argmax, s);
                MaxPool2dKernels.backward(g, argmax, gx, s);
            });
            float[] both = new float[outs + gx.length];
            System.arraycopy(out, 0, both, 0, outs);
            System.arraycopy(gx, 0, both, outs, gx.length);
            results[t - 1] = both;
            argmaxes[t - 1] = argmax;
        }
        assertArrayEquals(results[0], results[1]);
        assertArrayEquals(argmaxes[0], argmaxes[1]);
    }

    @Test
    void rejectsIllegalArguments() {
        PoolShape s = new PoolShape(1, 1, 4, 4, 2, 2, 2, 2);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> MaxPool2dKernels.forward(new float[16], new float[3], new int[4], s));
        assertTrue(e.getMessage().contains("MaxPool2dKernels.forward"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> MaxPool2dKernels.backward(new float[4], new int[] {0, 1, 2, 16}, new float[16], s));
        assertThrows(
                IllegalArgumentException.class,
                () -> MaxPool2dKernels.forward(
                        new float[16], new float[4], new int[4], new PoolShape(1, 1, 4, 4, 5, 2, 2, 2)));
        e = assertThrows(
                IllegalArgumentException.class,
                () -> MaxPool2dKernels.forward(
                        new float[16], new float[9], new int[9], new PoolShape(1, 1, 4, 4, 3, 3, 2, 2, 2, 1)));
        assertTrue(e.getMessage().contains("padding 2x1 must be >= 0 and at most half the window 3x3"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> MaxPool2dKernels.forward(
                        new float[1], new float[1], new int[1], new PoolShape(1, 1, 1, 1, 4, 4, 1, 1, 1, 1)));
        assertTrue(e.getMessage().contains("window 4x4 larger than the padded input 3x3"), e.getMessage());
    }

    /**
     * The 2x2 kernel must run in vector registers once C2 has compiled it. The first vector version
     * took its NaN masks through {@code test(IS_NAN)} and {@code andNot}, which JDK 17 and 25 run in
     * Java on 512-bit masks: every vector was boxed, 11 MB per pool of the CNN's first layer, 4x
     * slower (100 calls on one plane: 537,600 bytes). Measured in a fresh JVM ({@link MaxPoolLoopMain}),
     * with the argmax and for the maxima alone, on a 30-wide plane (by rows) and a 12-wide one
     * (gathered), and the channels-last pooling of inference's fused convolution.
     */
    @ParameterizedTest(name = "maxima alone {0}, width {1}, {2}")
    @CsvSource({
        "false, 30, planes",
        "true, 30, planes",
        "false, 12, planes",
        "true, 12, planes",
        "true, 30, channelsLast"
    })
    void twoByTwoKernelStopsAllocatingOnceCompiled(boolean valuesOnly, int width, String layout) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "needs a JVM started with --add-modules jdk.incubator.vector");
        String log = ChildJvm.run(
                MaxPoolLoopMain.class,
                java.util.List.of(
                        "--add-modules",
                        "jdk.incubator.vector",
                        "-Dtauon.test.poolValues=" + valuesOnly,
                        "-Dtauon.test.poolWidth=" + width,
                        "-Dtauon.test.poolLayout=" + layout));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("provider=vector .* bytesPer100Calls=(\\d+)")
                .matcher(log);
        assertTrue(m.find(), log);
        assertTrue(Long.parseLong(m.group(1)) <= 1024, "100 calls of the compiled 2x2 kernel allocated: " + log);
    }
}
