package dev.tauon.core.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DirectConv2dTest {

    private static final ConvShape[] SHAPES = {
        new ConvShape(2, 3, 7, 9, 4, 3, 3, 1, 1, 0, 0), // fewer filters than a tile's rows
        new ConvShape(3, 5, 17, 17, 33, 3, 3, 1, 1, 1, 1), // a last tile of one filter
        new ConvShape(2, 40, 9, 11, 16, 3, 3, 1, 1, 1, 1), // 360 patch elements: two k blocks
        new ConvShape(2, 64, 8, 8, 9, 3, 3, 1, 1, 1, 1), // 576: three k blocks, the last short
        new ConvShape(1, 2, 5, 6, 3, 5, 5, 1, 1, 2, 2), // 5x5 kernel, padding 2
        new ConvShape(2, 3, 6, 7, 3, 2, 3, 1, 1, 2, 0), // rectangular kernel, padding on one axis
        new ConvShape(2, 1, 1, 1, 2, 1, 1, 1, 1, 0, 0), // 1x1 everything
        new ConvShape(4, 4, 32, 32, 16, 3, 3, 1, 1, 1, 1), // many tiles per image
        new ConvShape(3, 3, 32, 32, 24, 2, 2, 1, 1, 0, 0), // airbench's whitening shape
    };

    static IntStream shapes() {
        return IntStream.range(0, SHAPES.length);
    }

    /** Read straight from the input or through im2col: the same bits, with and without bias and ReLU, on 1 and 2 threads. */
    @ParameterizedTest(name = "shape #{0}")
    @MethodSource("shapes")
    void givesTheSameBitsAsIm2col(int shapeIndex) {
        ConvShape s = SHAPES[shapeIndex];
        ForwardPathCheck.assertGivesTheLoweredBits(Providers.get("vector"), s, 21, ConvForwardPath.DIRECT);
    }

    /**
     * Convolution, ReLU and 2x2 max pooling pooled from the direct path's product: the same pooled
     * values and the same argmax (as indices into the convolution's output) as the convolution
     * followed by the max-pool kernel, with and without bias, on 1 and 2 threads, also where the
     * output has an odd side the pooling drops a row or column of.
     */
    @ParameterizedTest(name = "shape #{0}")
    @MethodSource("shapes")
    void reluMaxPoolGivesTheBitsOfConvolutionThenPooling(int shapeIndex) {
        FloatOps ops = Providers.get("vector");
        ConvShape s = SHAPES[shapeIndex];
        assumeTrue(s.outH() >= 2 && s.outW() >= 2, "the output is smaller than the pooling window");
        ForwardPathCheck.assertPoolsTheLoweredBits(ops, s, 24, ConvForwardPath.DIRECT);
    }

    /** The plain provider has no direct kernel, so it lowers through im2col and gives the same bits as the vector one's direct path. */
    @ParameterizedTest(name = "shape #{0}")
    @MethodSource("shapes")
    void plainProviderAgrees(int shapeIndex) {
        FloatOps vector = Providers.get("vector");
        FloatOps plain = Providers.get("plain");
        ConvShape s = SHAPES[shapeIndex];
        float[] x = TestData.uniform(31, s.n() * s.c() * s.h() * s.w());
        float[] w = TestData.uniform(32, s.o() * s.patch());
        float[] bias = TestData.uniform(33, s.o());
        float[] direct = ForwardPathCheck.filled(s.n() * s.o() * s.pixels());
        float[] lowered = ForwardPathCheck.filled(direct.length);
        Conv2dKernels.forward(vector, x, w, bias, direct, s, true, ConvForwardPath.DIRECT);
        Conv2dKernels.forward(plain, x, w, bias, lowered, s, true);
        assertArrayEquals(lowered, direct, s.toString());
    }

    /** The input gradient added straight into the padded gradient or through col2im: the same bits, on 1 and 2 threads. */
    @ParameterizedTest(name = "shape #{0}")
    @MethodSource("shapes")
    void inputGradientGivesTheSameBitsAsIm2col(int shapeIndex) {
        FloatOps ops = Providers.get("vector");
        ConvShape s = SHAPES[shapeIndex];
        float[] g = ForwardPathCheck.withSpecialValues(TestData.uniform(24, s.n() * s.o() * s.pixels()));
        float[] w = TestData.uniform(25, s.o() * s.patch());
        float[] lowered = ForwardPathCheck.filled(s.n() * s.c() * s.h() * s.w());
        Conv2dKernels.backwardInput(ops, g, w, lowered, s, false);
        for (int threads : new int[] {1, 2}) {
            float[] direct = ForwardPathCheck.filled(lowered.length);
            TestData.withThreads(threads, () -> Conv2dKernels.backwardInput(ops, g, w, direct, s, true));
            assertArrayEquals(lowered, direct, s + ", " + threads + " threads");
        }
        float[] plain = ForwardPathCheck.filled(lowered.length);
        Conv2dKernels.backwardInput(Providers.get("plain"), g, w, plain, s, false);
        assertArrayEquals(plain, lowered, "plain provider, " + s);
    }

    /**
     * A non-finite weight turns the dropped positions' zeros into NaN, which the direct input
     * gradient would add into real elements; such weights go through im2col.
     */
    @Test
    void inputGradientWithANonFiniteWeightGoesThroughIm2col() {
        FloatOps ops = Providers.get("vector");
        ConvShape s = new ConvShape(2, 3, 16, 16, 8, 3, 3, 1, 1, 1, 1);
        float[] g = TestData.uniform(26, s.n() * s.o() * s.pixels());
        float[] w = TestData.uniform(27, s.o() * s.patch());
        w[0] = Float.POSITIVE_INFINITY; // filter 0, channel 0, tap (0, 0)
        float[] lowered = ForwardPathCheck.filled(s.n() * s.c() * s.h() * s.w());
        Conv2dKernels.backwardInput(ops, g, w, lowered, s, false);
        float[] direct = ForwardPathCheck.filled(lowered.length);
        Conv2dKernels.backwardInput(ops, g, w, direct, s, true);
        assertFalse(
                Arrays.equals(lowered, direct),
                "the direct path no longer differs here: is the fallback still needed?");
        float[] chosen = ForwardPathCheck.filled(lowered.length);
        TestData.withThreads(2, () -> Conv2dKernels.backwardInput(ops, g, w, chosen, s));
        assertArrayEquals(lowered, chosen);
    }

    /**
     * Taken where the thrown-away positions (with AVX-512's 32-position tiles) cost at most 64
     * multiply-adds per pixel and tap, on the vector provider only.
     */
    @Test
    void appliesWhereItPays() {
        FloatOps ops = Providers.get("vector");
        // These shapes waste the same with AVX2's 16-position tiles, except conv2 (14.8 instead of 21).
        int nr = ops.directConvKernel().nr();
        assumeTrue(nr == 32 || nr == 16, "the cases below assume tiles of 32 (AVX-512) or 16 (AVX2) positions");
        TestData.withThreads(2, () -> {
            assertTrue(DirectConv2d.applies(ops, new ConvShape(64, 3, 32, 32, 32, 3, 3, 1, 1, 0, 0))); // 2.1
            assertTrue(DirectConv2d.applies(ops, new ConvShape(64, 64, 32, 32, 64, 3, 3, 1, 1, 1, 1))); // 4
            assertTrue(DirectConv2d.applies(ops, new ConvShape(64, 32, 15, 15, 64, 3, 3, 1, 1, 0, 0))); // 21
            assertTrue(DirectConv2d.applies(ops, new ConvShape(64, 64, 16, 16, 256, 3, 3, 1, 1, 1, 1))); // 32
            assertTrue(DirectConv2d.applies(ops, new ConvShape(64, 47, 6, 6, 48, 3, 3, 1, 1, 0, 0))); // 48
            assertFalse(DirectConv2d.applies(ops, new ConvShape(64, 47, 6, 6, 49, 3, 3, 1, 1, 0, 0))); // 49
            assertFalse(DirectConv2d.applies(ops, new ConvShape(64, 64, 6, 6, 64, 3, 3, 1, 1, 0, 0))); // 64
            assertFalse(DirectConv2d.applies(ops, new ConvShape(64, 256, 8, 8, 256, 3, 3, 1, 1, 1, 1))); // 128
            assertFalse(DirectConv2d.applies(ops, new ConvShape(64, 64, 32, 32, 64, 3, 3, 2, 2, 1, 1))); // stride 2
            assertFalse(DirectConv2d.applies(ops, new ConvShape(1, 64, 32, 32, 64, 3, 3, 1, 1, 1, 1))); // one image
            // The input gradient's bound is 24.
            assertTrue(DirectConv2d.appliesToInputGradient(
                    ops, new ConvShape(64, 32, 15, 15, 64, 3, 3, 1, 1, 0, 0))); // 21
            assertFalse(DirectConv2d.appliesToInputGradient(
                    ops, new ConvShape(64, 64, 16, 16, 256, 3, 3, 1, 1, 1, 1))); // 32
        });
        assertFalse(DirectConv2d.applies(Providers.get("plain"), new ConvShape(64, 3, 32, 32, 32, 3, 3, 1, 1, 0, 0)));
    }
}
