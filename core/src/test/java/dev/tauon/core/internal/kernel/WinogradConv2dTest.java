package dev.tauon.core.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WinogradConv2dTest {

    /** Shapes the rule takes: odd sizes (partial tiles on both edges), no padding, padding beyond "same", tiny images. */
    private static final ConvShape[] SHAPES = {
        new ConvShape(3, 128, 5, 7, 130, 3, 3, 1, 1, 1, 1), // "same", odd height and width
        new ConvShape(2, 131, 6, 9, 128, 3, 3, 1, 1, 0, 0), // unpadded: 4x7 output, a partial tile column
        new ConvShape(2, 129, 3, 4, 133, 3, 3, 1, 1, 2, 1), // padding 2 and 1: output 5x4 from 3x4
        new ConvShape(5, 128, 4, 4, 128, 3, 3, 1, 1, 1, 1), // res256x4-like: four tiles an image
        new ConvShape(1, 128, 1, 1, 128, 3, 3, 1, 1, 1, 1), // a 1x1 image: one tile, three of its pixels dropped
        new ConvShape(2, 64, 5, 5, 256, 3, 3, 1, 1, 1, 1), // 64 to 256 channels: a mean of 102
        new ConvShape(2, 64, 16, 16, 64, 3, 3, 1, 1, 1, 1), // res64x16, two images: a mean of 64 on 256 pixels
        new ConvShape(2, 96, 11, 41, 96, 3, 3, 1, 1, 1, 1), // planes read in place, rows of 21 tiles
        new ConvShape(1, 100, 10, 34, 100, 3, 3, 1, 1, 0, 0), // planes read in place, unpadded: 8x32 output
        new ConvShape(2, 96, 13, 16, 96, 3, 3, 1, 1, 1, 1), // planes read in place, 7 rows of 8 tiles
    };

    static Stream<Arguments> cases() {
        return Providers.withIndices(SHAPES.length);
    }

    @ParameterizedTest(name = "{0} shape #{1}")
    @MethodSource("cases")
    void matchesNaiveReferenceOnOneAndTwoThreads(String provider, int shapeIndex) {
        FloatOps ops = Providers.get(provider);
        ConvShape s = SHAPES[shapeIndex];
        assertTrue(WinogradConv2d.applies(s), "the rule no longer takes " + s);
        float[] x = TestData.uniform(11, s.n() * s.c() * s.h() * s.w());
        float[] w = TestData.uniform(12, s.o() * s.patch());
        float[] bias = TestData.uniform(13, s.o());
        float[] one = ForwardPathCheck.filled(s.n() * s.o() * s.pixels());
        TestData.withThreads(1, () -> Conv2dKernels.forward(ops, x, w, bias, one, s, false));
        // Within 1e-5 of the largest output, as the other paths' tests; the transforms' rounding stays
        // far inside that (about 1e-6 here), a wrong tap or transform entry far outside it.
        Approx.assertClose(NaiveConv.forward(x, w, bias, s), one, 1e-5, "Winograd forward " + ops.name() + " " + s);
        float[] two = ForwardPathCheck.filled(one.length);
        TestData.withThreads(2, () -> Conv2dKernels.forward(ops, x, w, bias, two, s, false));
        assertArrayEquals(one, two, "1 and 2 threads, " + ops.name() + " " + s);
    }

    /** Both providers give the same bits, with bias and ReLU too (the products are the GEMM's, which agree). */
    @Test
    void sameBitsOnEveryProviderWithBiasAndRelu() {
        for (ConvShape s : SHAPES) {
            float[] x = TestData.uniform(21, s.n() * s.c() * s.h() * s.w());
            float[] w = TestData.uniform(22, s.o() * s.patch());
            float[] bias = TestData.uniform(23, s.o());
            float[] expected = null;
            for (String provider : Providers.names().toList()) {
                float[] out = ForwardPathCheck.filled(s.n() * s.o() * s.pixels());
                Conv2dKernels.forward(Providers.get(provider), x, w, bias, out, s, true);
                if (expected == null) {
                    expected = out;
                    double[] reference = NaiveConv.forward(x, w, bias, s);
                    for (int i = 0; i < reference.length; i++) {
                        reference[i] = Math.max(reference[i], 0);
                    }
                    Approx.assertClose(reference, out, 1e-5, "Winograd forward with ReLU " + s);
                }
                assertArrayEquals(expected, out, provider + " " + s);
            }
        }
    }

    /** Convolution, ReLU and pooling in one call give what the two kernels give one after the other. */
    @Test
    void fusedPoolingAgreesWithForwardThenPool() {
        ConvShape s = new ConvShape(3, 128, 6, 7, 128, 3, 3, 1, 1, 1, 1);
        PoolShape p = new PoolShape(s.n(), s.o(), s.outH(), s.outW(), 2, 2, 2, 2);
        float[] x = TestData.uniform(31, s.n() * s.c() * s.h() * s.w());
        float[] w = TestData.uniform(32, s.o() * s.patch());
        float[] bias = TestData.uniform(33, s.o());
        float[] y = new float[s.n() * s.o() * s.pixels()];
        Conv2dKernels.forward(x, w, bias, y, s, true);
        float[] pooled = new float[s.n() * s.o() * p.outH() * p.outW()];
        int[] argmax = new int[pooled.length];
        MaxPool2dKernels.forward(y, pooled, argmax, p);
        float[] fused = new float[pooled.length];
        int[] fusedArgmax = new int[pooled.length];
        Conv2dKernels.forwardReluMaxPool(x, w, bias, fused, fusedArgmax, s, true);
        assertArrayEquals(pooled, fused);
        assertArrayEquals(argmax, fusedArgmax);
    }

    @ParameterizedTest(name = "{0} shape #{1}")
    @MethodSource("cases")
    void weightGradientMatchesNaiveReferenceOnOneAndTwoThreads(String provider, int shapeIndex) {
        FloatOps ops = Providers.get(provider);
        ConvShape s = SHAPES[shapeIndex];
        float[] x = TestData.uniform(51, s.n() * s.c() * s.h() * s.w());
        float[] g = TestData.uniform(52, s.n() * s.o() * s.pixels());
        float[] one = ForwardPathCheck.filled(s.o() * s.patch());
        float[] biasOne = ForwardPathCheck.filled(s.o());
        TestData.withThreads(1, () -> Conv2dKernels.backwardWeight(ops, x, g, one, biasOne, s));
        Approx.assertClose(
                NaiveConv.backwardWeight(x, g, s), one, 1e-5, "Winograd weight gradient " + ops.name() + " " + s);
        Approx.assertClose(NaiveConv.backwardBias(g, s), biasOne, 1e-6, "bias gradient " + s);
        float[] two = ForwardPathCheck.filled(one.length);
        float[] biasTwo = ForwardPathCheck.filled(s.o());
        TestData.withThreads(2, () -> Conv2dKernels.backwardWeight(ops, x, g, two, biasTwo, s));
        assertArrayEquals(one, two, "1 and 2 threads, " + ops.name() + " " + s);
        assertArrayEquals(biasOne, biasTwo);
    }

    /** A batch large enough to be summed in several chunks and groups: still the reference, and one result for both providers. */
    @Test
    void weightGradientOverChunksAndGroupsAgreesAcrossProviders() {
        ConvShape s = new ConvShape(24, 96, 24, 24, 96, 3, 3, 1, 1, 1, 1); // 144 tiles an image, 2 images a chunk
        assertTrue(Conv2dKernels.weightGradChunks(s) > 1, "several chunks");
        int perChunk = (s.n() + Conv2dKernels.weightGradChunks(s) - 1) / Conv2dKernels.weightGradChunks(s);
        assertTrue(WinogradWeightGradient.imagesPerGroup(144, perChunk) < perChunk, "several groups a chunk");
        float[] x = TestData.uniform(61, s.n() * s.c() * s.h() * s.w());
        float[] g = TestData.uniform(62, s.n() * s.o() * s.pixels());
        float[] expected = null;
        for (String provider : Providers.names().toList()) {
            float[] gw = ForwardPathCheck.filled(s.o() * s.patch());
            Conv2dKernels.backwardWeight(Providers.get(provider), x, g, gw, null, s);
            if (expected == null) {
                expected = gw;
                // Against im2col's weight gradient (checked against the naive sum in Conv2dKernelsTest),
                // which is quick at this size where the naive sum is not.
                float[] lowered = new float[gw.length];
                Conv2dKernels.backwardWeight(Providers.get(provider), x, g, lowered, null, s, false);
                double[] reference = new double[lowered.length];
                for (int i = 0; i < lowered.length; i++) {
                    reference[i] = lowered[i];
                }
                Approx.assertClose(reference, gw, 1e-5, "Winograd weight gradient " + s);
            }
            assertArrayEquals(expected, gw, provider + " " + s);
        }
    }

    /** The input gradient of a wide layer is a forward convolution the rule takes; it still matches the reference. */
    @Test
    void inputGradientOfAWideLayerGoesThisWay() {
        ConvShape s = new ConvShape(2, 128, 5, 6, 136, 3, 3, 1, 1, 1, 1);
        assertTrue(InputGradientAsConv.applies(s));
        assertTrue(WinogradConv2d.applies(InputGradientAsConv.transposed(s)));
        float[] w = TestData.uniform(41, s.o() * s.patch());
        float[] g = TestData.uniform(42, s.n() * s.o() * s.pixels());
        float[] gx = ForwardPathCheck.filled(s.n() * s.c() * s.h() * s.w());
        Conv2dKernels.backwardInput(Providers.get("plain"), g, w, gx, s);
        Approx.assertClose(NaiveConv.backwardInput(g, w, s), gx, 1e-5, "input gradient " + s);
    }

    /**
     * Reading the filters rotated (the input gradient's way, without a flipped copy) gives the bits of
     * the flipped copy's forward pass, on padded and unpadded shapes with unequal channel counts.
     */
    @Test
    void rotatedFiltersGiveTheFlippedCopysBits() {
        for (ConvShape s : new ConvShape[] {SHAPES[1], SHAPES[2], SHAPES[5]}) {
            ConvShape t = InputGradientAsConv.transposed(s);
            float[] w = TestData.uniform(51, s.o() * s.patch());
            float[] g = TestData.uniform(52, s.n() * s.o() * s.pixels());
            float[] flipped = new float[w.length];
            InputGradientAsConv.flip(w, s, flipped);
            FloatOps ops = Providers.get("plain");
            float[] copied = ForwardPathCheck.filled(s.n() * s.c() * s.h() * s.w());
            WinogradConv2d.forward(ops, g, flipped, null, copied, t, false);
            float[] rotated = ForwardPathCheck.filled(copied.length);
            WinogradConv2d.forward(ops, g, w, true, null, rotated, t, false);
            assertArrayEquals(copied, rotated, "rotated against flipped, " + s);
            Approx.assertClose(NaiveConv.backwardInput(g, w, s), rotated, 1e-5, "input gradient " + s);
        }
    }

    /**
     * The rule looks at the shape only: 3x3, stride 1, a harmonic mean of the channel counts of 96 or
     * more, or of 64 or more with 256 output pixels an image.
     */
    @Test
    void ruleTakesWideThreeByThreeStrideOneLayers() {
        assertTrue(WinogradConv2d.applies(new ConvShape(64, 256, 8, 8, 256, 3, 3, 1, 1, 1, 1)), "res256x8");
        assertTrue(WinogradConv2d.applies(new ConvShape(64, 256, 4, 4, 256, 3, 3, 1, 1, 1, 1)), "res256x4");
        assertTrue(WinogradConv2d.applies(new ConvShape(8, 128, 9, 9, 128, 3, 3, 1, 1, 0, 0)), "unpadded");
        assertTrue(WinogradConv2d.applies(new ConvShape(64, 64, 16, 16, 256, 3, 3, 1, 1, 1, 1)), "64 to 256");
        assertTrue(WinogradConv2d.applies(new ConvShape(64, 256, 16, 16, 64, 3, 3, 1, 1, 1, 1)), "256 to 64");
        assertTrue(
                WinogradConv2d.applies(new ConvShape(4, 96, 8, 8, 96, 3, 3, 1, 1, 1, 1)),
                "96 to 96 at 8x8: the wide bound");
        assertFalse(WinogradConv2d.applies(new ConvShape(4, 95, 8, 8, 96, 3, 3, 1, 1, 1, 1)), "95 to 96 at 8x8");
        assertFalse(
                WinogradConv2d.applies(new ConvShape(4, 64, 8, 8, 128, 3, 3, 1, 1, 1, 1)),
                "64 to 128 at 8x8: a mean of 85 on 64 pixels");
        assertTrue(WinogradConv2d.applies(new ConvShape(64, 64, 32, 32, 64, 3, 3, 1, 1, 1, 1)), "res64x32");
        assertTrue(WinogradConv2d.applies(new ConvShape(64, 64, 16, 16, 64, 3, 3, 1, 1, 1, 1)), "res64x16");
        assertTrue(
                WinogradConv2d.applies(new ConvShape(4, 48, 18, 18, 96, 3, 3, 1, 1, 0, 0)),
                "48 to 96 at 16x16: both bounds");
        assertFalse(
                WinogradConv2d.applies(new ConvShape(4, 48, 18, 18, 95, 3, 3, 1, 1, 0, 0)),
                "48 to 95 at 16x16: under 64");
        assertFalse(
                WinogradConv2d.applies(new ConvShape(4, 64, 17, 18, 64, 3, 3, 1, 1, 0, 0)),
                "64 to 64 at 15x16: too few pixels");
        assertFalse(WinogradConv2d.applies(new ConvShape(64, 64, 6, 6, 64, 3, 3, 1, 1, 0, 0)), "conv3");
        assertFalse(WinogradConv2d.applies(new ConvShape(64, 32, 15, 15, 64, 3, 3, 1, 1, 0, 0)), "conv2");
        assertFalse(WinogradConv2d.applies(new ConvShape(8, 256, 8, 8, 256, 3, 3, 2, 2, 1, 1)), "stride 2");
        assertFalse(WinogradConv2d.applies(new ConvShape(8, 256, 8, 8, 256, 5, 5, 1, 1, 2, 2)), "5x5");
        assertFalse(WinogradConv2d.applies(new ConvShape(8, 256, 8, 8, 256, 1, 1, 1, 1, 0, 0)), "1x1");
    }
}
