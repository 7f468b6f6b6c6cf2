package dev.tauon.core.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The input gradient added up channels last ({@link ChannelsLastInputGradient}) against col2im's
 * ({@link Conv2dKernels#col2imInputGradient}), bit for bit, on every provider and on 1 and 2
 * threads: several images a GEMM and one, padding, strides, a rectangular kernel, a channel count
 * that is no multiple of a vector, NaN, infinities and -0 among the output gradient and weights;
 * and against the naive sum once, so that the two cannot agree on a wrong answer.
 */
class ChannelsLastInputGradientTest {

    private static final ConvShape[] SHAPES = {
        new ConvShape(8, 64, 6, 6, 64, 3, 3, 1, 1, 0, 0), // conv3's layer: several images a GEMM
        new ConvShape(3, 16, 24, 24, 8, 3, 3, 1, 1, 0, 0), // 484 pixels: one image a GEMM
        new ConvShape(5, 32, 9, 8, 12, 3, 3, 2, 2, 1, 1), // stride 2, padding 1
        new ConvShape(2, 17, 6, 7, 5, 2, 3, 1, 2, 2, 0), // 17 channels, rectangular kernel, mixed stride and padding
        new ConvShape(4, 16, 5, 5, 8, 1, 1, 1, 1, 0, 0), // 1x1 kernel
        new ConvShape(2, 16, 5, 5, 3, 5, 5, 3, 3, 2, 2), // kernel as large as the input, stride 3
    };

    static Stream<Arguments> cases() {
        return Providers.withIndices(SHAPES.length);
    }

    @ParameterizedTest(name = "{0}, shape #{1}")
    @MethodSource("cases")
    void givesCol2imsBits(String provider, int shapeIndex) {
        FloatOps ops = Providers.get(provider);
        ConvShape s = SHAPES[shapeIndex];
        InputGradientCheck.assertGivesCol2imsBits(
                ops, s, 81, (g, w, gradX) -> ChannelsLastInputGradient.backwardInput(ops, g, w, gradX, s));
    }

    @Test
    void sumsWhatTheNaiveLoopsSum() {
        FloatOps ops = Providers.get("vector");
        ConvShape s = SHAPES[2];
        InputGradientCheck.assertSumsWhatTheNaiveLoopsSum(
                s, 83, (g, w, gradX) -> ChannelsLastInputGradient.backwardInput(ops, g, w, gradX, s));
    }

    /** Vector providers, runs of 16 channels or more (not conv1's 3, shorter than a vector). */
    @Test
    void appliesToVectorsFromSixteenChannels() {
        FloatOps vector = Providers.get("vector");
        ConvShape conv3 = new ConvShape(64, 64, 6, 6, 64, 3, 3, 1, 1, 0, 0);
        assertTrue(ChannelsLastInputGradient.applies(vector, conv3));
        assertFalse(ChannelsLastInputGradient.applies(Providers.get("plain"), conv3));
        assertFalse(ChannelsLastInputGradient.applies(vector, new ConvShape(64, 3, 32, 32, 32, 3, 3, 1, 1, 0, 0)));
        assertFalse(ChannelsLastInputGradient.applies(vector, new ConvShape(64, 15, 8, 8, 32, 3, 3, 1, 1, 0, 0)));
    }

    /** Images a GEMM: conv2's 3 cut to the 2 whose 190 KiB products fit half of a 1 MiB L2; none at 2 MiB an image. */
    @Test
    void groupsFitHalfOfL2() {
        CacheSizes oneMiB = new CacheSizes(48 << 10, 1 << 20, 16 << 20, "test");
        ConvShape conv2 = new ConvShape(64, 32, 15, 15, 64, 3, 3, 1, 1, 0, 0);
        TestData.withThreads(
                2,
                () -> { // imagesPerGemm evens the groups out over the threads
                    assertEquals(3, Conv2dKernels.imagesPerGemm(conv2));
                    assertEquals(2, ChannelsLastInputGradient.imagesPerGroup(conv2, oneMiB));
                    assertEquals(
                            3,
                            ChannelsLastInputGradient.imagesPerGroup(
                                    conv2, new CacheSizes(48 << 10, 4 << 20, 0, "test")));
                    assertEquals(
                            0,
                            ChannelsLastInputGradient.imagesPerGroup(
                                    new ConvShape(64, 64, 32, 32, 64, 3, 3, 1, 1, 0, 0), oneMiB));
                });
    }
}
