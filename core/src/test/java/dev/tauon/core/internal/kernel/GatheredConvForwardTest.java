package dev.tauon.core.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GatheredConvForwardTest {

    private static final ConvShape[] SHAPES = {
        new ConvShape(2, 3, 7, 9, 4, 3, 3, 1, 1, 0, 0), // fewer filters than a register tile's width
        new ConvShape(3, 2, 9, 8, 5, 3, 3, 2, 2, 1, 1), // stride 2, padding 1
        new ConvShape(2, 3, 6, 7, 3, 2, 3, 1, 2, 2, 0), // rectangular kernel, mixed stride and padding
        new ConvShape(2, 1, 1, 1, 2, 1, 1, 1, 1, 0, 0), // 1x1 everything
        new ConvShape(1, 2, 5, 5, 3, 5, 5, 3, 3, 2, 2), // kernel as large as the input, stride 3
        new ConvShape(3, 40, 7, 7, 33, 3, 3, 1, 1, 1, 1), // two k blocks; 33 filters: a last column of one
        new ConvShape(70, 8, 4, 4, 40, 3, 3, 1, 1, 1, 1), // groups of 32 images, the last of 6
        new ConvShape(5, 64, 8, 8, 70, 3, 3, 1, 1, 1, 1), // 576 deep: three k blocks, the last short
        new ConvShape(3, 30, 5, 5, 150, 3, 3, 1, 1, 1, 1), // 150 filters: A packed once, not gathered per panel
    };

    static Stream<Arguments> cases() {
        return Providers.withIndices(SHAPES.length);
    }

    /**
     * The gathered path against im2col, on both providers and 1 and 2 threads, with and without
     * bias and ReLU, with NaN, infinities and negative zeros in the input: the same bits.
     */
    @ParameterizedTest(name = "{0} shape #{1}")
    @MethodSource("cases")
    void givesTheSameBitsAsIm2col(String provider, int shapeIndex) {
        ConvShape s = SHAPES[shapeIndex];
        ForwardPathCheck.assertGivesTheLoweredBits(Providers.get(provider), s, 41, ConvForwardPath.GATHERED);
    }

    /** Close to the naive six-loop convolution, so that agreeing with im2col is not agreeing on a mistake. */
    @ParameterizedTest(name = "{0} shape #{1}")
    @MethodSource("cases")
    void matchesNaiveReference(String provider, int shapeIndex) {
        FloatOps ops = Providers.get(provider);
        ConvShape s = SHAPES[shapeIndex];
        float[] x = TestData.uniform(51, s.n() * s.c() * s.h() * s.w());
        float[] w = TestData.uniform(52, s.o() * s.patch());
        float[] bias = TestData.uniform(53, s.o());
        float[] out = ForwardPathCheck.filled(s.n() * s.o() * s.pixels());
        Conv2dKernels.forward(ops, x, w, bias, out, s, false, ConvForwardPath.GATHERED);
        Approx.assertClose(NaiveConv.forward(x, w, bias, s), out, 1e-5, "gathered forward " + ops.name() + " " + s);
    }

    /**
     * Which path each provider takes for the small CNN's and the ResNet recipe's shapes: the
     * filters-across-lanes tile where the filters fill it and the direct path would be taken, if the
     * tile beats the direct one (512-bit vectors' does, 256-bit vectors' does not), and for small
     * unpadded outputs its last tile wastes little on.
     */
    @Test
    void pathsOfTheBenchmarkedLayers() {
        FloatOps plain = Providers.get("plain");
        ConvShape res256x8 = new ConvShape(64, 256, 8, 8, 256, 3, 3, 1, 1, 1, 1);
        assertEquals(ConvForwardPath.LOWERED, ConvForwardPath.of(plain, res256x8));
        FloatOps vector = Providers.get("vector");
        boolean lanes = vector.filterLanesKernel() != null;
        boolean lanesOverDirect = lanes && vector.filterLanesKernel().beatsTheDirectTile();
        TestData.withThreads(2, () -> {
            assertEquals(ConvForwardPath.GATHERED, ConvForwardPath.of(vector, res256x8));
            assertEquals(
                    lanes ? ConvForwardPath.DIRECT_FILTER_LANES : ConvForwardPath.GATHERED,
                    ConvForwardPath.of(
                            vector, new ConvShape(64, 64, 6, 6, 64, 3, 3, 1, 1, 0, 0))); // conv3, read in place
            assertEquals(
                    ConvForwardPath.GATHERED,
                    ConvForwardPath.of(
                            vector, new ConvShape(64, 64, 4, 4, 64, 3, 3, 1, 1, 0, 0))); // 2x2: 4 pixels, 6 computed
            assertEquals(
                    ConvForwardPath.GATHERED,
                    ConvForwardPath.of(vector, new ConvShape(64, 64, 4, 4, 64, 3, 3, 1, 1, 1, 1))); // padded 4x4
            assertEquals(
                    ConvForwardPath.GATHERED,
                    ConvForwardPath.of(vector, new ConvShape(64, 64, 32, 32, 64, 3, 3, 2, 2, 1, 1))); // stride 2
            assertEquals(
                    lanesOverDirect ? ConvForwardPath.DIRECT_FILTER_LANES : ConvForwardPath.DIRECT,
                    ConvForwardPath.of(vector, new ConvShape(64, 32, 15, 15, 64, 3, 3, 1, 1, 0, 0))); // conv2
            assertEquals(
                    lanesOverDirect ? ConvForwardPath.DIRECT_FILTER_LANES : ConvForwardPath.DIRECT,
                    ConvForwardPath.of(vector, new ConvShape(64, 64, 16, 16, 64, 3, 3, 1, 1, 1, 1))); // res64x16
            assertEquals(
                    vector.shiftedRowsKernel() != null ? ConvForwardPath.SHIFTED_ROWS : ConvForwardPath.DIRECT,
                    ConvForwardPath.of(vector, new ConvShape(64, 3, 32, 32, 32, 3, 3, 1, 1, 0, 0))); // conv1
        });
        assertFalse(GatheredConvForward.applies(plain));
        assertNull(plain.filterLanesKernel());
    }
}
