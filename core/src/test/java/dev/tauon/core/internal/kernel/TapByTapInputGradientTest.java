package dev.tauon.core.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The input gradient summed tap by tap ({@link TapByTapInputGradient}) against col2im's ({@link
 * Conv2dKernels#col2imInputGradient}), bit for bit, on 1 and 2 threads: both tile widths, several
 * channel blocks, a last tile that overlaps the one before and one that does not, strides, a
 * rectangular kernel, 256 filters, NaN, infinities and -0 among the output gradient and weights;
 * against the naive sum once; and the shapes it must refuse. This machine's tiles (64 and 32
 * channels with 16 lanes, 16 with 8; {@link TapTileNarrowVectorsTest} runs the 8-lane tile on any
 * machine); skipped where the vector provider has none.
 */
class TapByTapInputGradientTest {

    static final ConvShape[] SHAPES = {
        new ConvShape(4, 32, 15, 15, 64, 3, 3, 1, 1, 0, 0), // conv2 of the CIFAR-10 CNN: 13 tiles of 13 pixels
        new ConvShape(3, 64, 6, 6, 64, 3, 3, 1, 1, 0, 0), // conv3: 16 pixels, the last tile overlapping
        new ConvShape(2, 96, 7, 9, 24, 3, 3, 1, 1, 0, 0), // 96 channels: three narrow blocks
        new ConvShape(2, 128, 8, 8, 256, 3, 3, 1, 1, 0, 0), // two wide blocks, 256 filters
        new ConvShape(3, 32, 11, 12, 16, 3, 3, 2, 2, 0, 0), // stride 2
        new ConvShape(2, 64, 7, 10, 8, 2, 3, 1, 2, 0, 0), // rectangular kernel, mixed stride
        new ConvShape(2, 32, 4, 4, 5, 1, 1, 1, 1, 0, 0), // 1x1 kernel, 16 pixels, 5 filters
    };

    static IntStream shapes() {
        return IntStream.range(0, SHAPES.length);
    }

    @ParameterizedTest(name = "shape #{0}")
    @MethodSource("shapes")
    void givesCol2imsBits(int shapeIndex) {
        FloatOps ops = Providers.get("vector");
        ConvShape s = SHAPES[shapeIndex];
        assumeTrue(ops.tapTileKernel(s.c()) != null, "this machine's vectors are too short for the tap tiles");
        assertGivesCol2imsBits(ops, s);
    }

    /** {@code ops}' tap-by-tap input gradient of {@code s} against col2im's, on 1 and 2 threads. */
    static void assertGivesCol2imsBits(FloatOps ops, ConvShape s) {
        assertTrue(TapByTapInputGradient.supports(ops, s), s.toString());
        InputGradientCheck.assertGivesCol2imsBits(
                ops, s, 91, (g, w, gradX) -> TapByTapInputGradient.backwardInput(ops, g, w, gradX, s));
    }

    @Test
    void sumsWhatTheNaiveLoopsSum() {
        FloatOps ops = Providers.get("vector");
        ConvShape s = SHAPES[4];
        assumeTrue(ops.tapTileKernel(s.c()) != null, "this machine's vectors are too short for the tap tiles");
        InputGradientCheck.assertSumsWhatTheNaiveLoopsSum(
                s, 93, (g, w, gradX) -> TapByTapInputGradient.backwardInput(ops, g, w, gradX, s));
    }

    /**
     * Refused: the plain provider, channels in no whole tile (8: none with 16 lanes or 8), padding
     * (taps that land outside the image), fewer pixels than a tile (4: the narrowest has 6), and filters past one k block (the GEMM would sum them in two).
     */
    @Test
    void refusesWhatItCannotSumInCol2imsOrder() {
        FloatOps vector = Providers.get("vector");
        assumeTrue(vector.tapTileKernel(32) != null, "this machine's vectors are too short for the tap tiles");
        assertTrue(TapByTapInputGradient.supports(vector, new ConvShape(64, 32, 15, 15, 64, 3, 3, 1, 1, 0, 0)));
        assertFalse(TapByTapInputGradient.supports(
                Providers.get("plain"), new ConvShape(64, 32, 15, 15, 64, 3, 3, 1, 1, 0, 0)));
        assertFalse(TapByTapInputGradient.supports(vector, new ConvShape(64, 8, 15, 15, 64, 3, 3, 1, 1, 0, 0)));
        assertFalse(TapByTapInputGradient.supports(vector, new ConvShape(64, 32, 15, 15, 64, 3, 3, 1, 1, 1, 1)));
        assertFalse(TapByTapInputGradient.supports(vector, new ConvShape(64, 32, 4, 4, 64, 3, 3, 1, 1, 0, 0)));
        assertFalse(TapByTapInputGradient.supports(vector, new ConvShape(2, 64, 8, 8, 257, 3, 3, 1, 1, 0, 0)));
    }
}
