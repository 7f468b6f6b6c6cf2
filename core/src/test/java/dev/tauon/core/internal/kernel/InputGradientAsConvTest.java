package dev.tauon.core.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InputGradientAsConvTest {

    /** Shapes the rule sends this way: odd sizes, a rectangular kernel, an output larger than the input. */
    private static final ConvShape[] SHAPES = {
        new ConvShape(3, 9, 7, 5, 5, 3, 3, 1, 1, 1, 1), // "same" padding, odd sizes
        new ConvShape(2, 8, 6, 7, 3, 5, 3, 1, 1, 2, 1), // 5x3 kernel, "same" padding
        new ConvShape(2, 10, 5, 6, 4, 3, 3, 1, 1, 2, 2), // output 7x8 from 5x6: padding beyond "same"
        new ConvShape(5, 16, 4, 4, 20, 3, 3, 1, 1, 1, 1), // res256x4-like: small images, many filters
        new ConvShape(2, 8, 9, 9, 7, 1, 1, 1, 1, 0, 0), // 1x1 kernel: a plain product
    };

    static Stream<Arguments> cases() {
        return Providers.withIndices(SHAPES.length);
    }

    @ParameterizedTest(name = "{0} shape #{1}")
    @MethodSource("cases")
    void matchesNaiveReferenceOnOneAndTwoThreads(String provider, int shapeIndex) {
        FloatOps ops = Providers.get(provider);
        ConvShape s = SHAPES[shapeIndex];
        assertTrue(InputGradientAsConv.applies(s), "the rule no longer takes " + s);
        float[] w = TestData.uniform(2, s.o() * s.c() * s.kh() * s.kw());
        float[] g = TestData.uniform(4, s.n() * s.o() * s.outH() * s.outW());
        float[] one = nanFilled(s.n() * s.c() * s.h() * s.w());
        TestData.withThreads(1, () -> Conv2dKernels.backwardInput(ops, g, w, one, s));
        Approx.assertClose(NaiveConv.backwardInput(g, w, s), one, 1e-5, "input gradient " + ops.name() + " " + s);
        float[] two = nanFilled(one.length);
        TestData.withThreads(2, () -> Conv2dKernels.backwardInput(ops, g, w, two, s));
        assertArrayEquals(one, two, "1 and 2 threads, " + ops.name() + " " + s);
    }

    /** Every forward path the transposed convolution may take, on both providers: the same bits. */
    @Test
    void sameBitsOnEveryProviderAndForwardPath() {
        for (ConvShape s : SHAPES) {
            float[] w = TestData.uniform(5, s.o() * s.c() * s.kh() * s.kw());
            float[] g = TestData.uniform(6, s.n() * s.o() * s.outH() * s.outW());
            float[] expected = null;
            for (String provider : Providers.names().toList()) {
                FloatOps ops = Providers.get(provider);
                float[] gx = nanFilled(s.n() * s.c() * s.h() * s.w());
                Conv2dKernels.backwardInput(ops, g, w, gx, s);
                if (expected == null) {
                    expected = gx;
                }
                assertArrayEquals(expected, gx, provider + " " + s);
                float[] flipped = new float[w.length];
                InputGradientAsConv.flip(w, s, flipped);
                for (ConvForwardPath path : ConvForwardPath.values()) {
                    if ((path == ConvForwardPath.DIRECT && ops.directConvKernel() == null)
                            || (path == ConvForwardPath.DIRECT_FILTER_LANES
                                    && !FilterLanesProduct.supports(ops, InputGradientAsConv.transposed(s)))
                            || (path == ConvForwardPath.GATHERED && !GatheredConvForward.applies(ops))
                            || (path == ConvForwardPath.SHIFTED_ROWS
                                    && !ShiftedRowsForward.applies(ops, InputGradientAsConv.transposed(s)))) {
                        continue; // a path this provider has not got
                    }
                    float[] viaPath = nanFilled(gx.length);
                    Conv2dKernels.forward(
                            ops, g, flipped, null, viaPath, InputGradientAsConv.transposed(s), false, path);
                    assertArrayEquals(expected, viaPath, provider + " " + path + " " + s);
                }
            }
        }
    }

    @Test
    void flipSwapsChannelsAndReversesBothKernelAxes() {
        ConvShape s = new ConvShape(1, 2, 5, 5, 3, 2, 3, 1, 1, 1, 1);
        float[] w = new float[s.o() * s.c() * 6];
        for (int i = 0; i < w.length; i++) {
            w[i] = i;
        }
        float[] flipped = new float[w.length];
        InputGradientAsConv.flip(w, s, flipped);
        for (int oc = 0; oc < 3; oc++) {
            for (int ci = 0; ci < 2; ci++) {
                for (int ky = 0; ky < 2; ky++) {
                    for (int kx = 0; kx < 3; kx++) {
                        float original = w[((oc * 2 + ci) * 2 + ky) * 3 + kx];
                        assertEquals(original, flipped[((ci * 3 + oc) * 2 + (1 - ky)) * 3 + (2 - kx)]);
                    }
                }
            }
        }
    }

    @Test
    void transposedShapeGivesTheInputBack() {
        for (ConvShape s : SHAPES) {
            ConvShape t = InputGradientAsConv.transposed(s);
            assertEquals(s.h(), t.outH(), s.toString());
            assertEquals(s.w(), t.outW(), s.toString());
            assertEquals(s.c(), t.o(), s.toString());
            assertEquals(s.o(), t.c(), s.toString());
        }
    }

    /** The rule looks at the shape only: the CIFAR-10 CNN's unpadded layers and strided ones keep col2im. */
    @Test
    void ruleTakesSamePaddedStrideOneLayersWithEnoughChannels() {
        assertTrue(InputGradientAsConv.applies(new ConvShape(64, 64, 32, 32, 64, 3, 3, 1, 1, 1, 1)));
        assertTrue(InputGradientAsConv.applies(new ConvShape(64, 256, 4, 4, 256, 3, 3, 1, 1, 1, 1)));
        assertFalse(InputGradientAsConv.applies(new ConvShape(64, 32, 15, 15, 64, 3, 3, 1, 1, 0, 0)), "conv2");
        assertFalse(InputGradientAsConv.applies(new ConvShape(64, 64, 6, 6, 64, 3, 3, 1, 1, 0, 0)), "conv3");
        assertFalse(InputGradientAsConv.applies(new ConvShape(64, 3, 32, 32, 32, 3, 3, 1, 1, 1, 1)), "3 channels");
        assertFalse(InputGradientAsConv.applies(new ConvShape(8, 16, 16, 16, 16, 3, 3, 2, 2, 1, 1)), "stride 2");
        assertFalse(InputGradientAsConv.applies(new ConvShape(8, 16, 8, 8, 16, 3, 3, 1, 1, 3, 3)), "padding > k - 1");
    }

    private static float[] nanFilled(int length) {
        float[] a = new float[length];
        Arrays.fill(a, Float.NaN);
        return a;
    }
}
