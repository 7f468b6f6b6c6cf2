package dev.tauon.core.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The filters-across-lanes tile of the direct forward pass ({@link FilterLanesProduct}) against the
 * im2col path, bit for bit: odd pixel counts (a last tile that repeats a pixel), several k blocks,
 * several blocks of filters, other kernel sizes and paddings, special values in the input, with
 * this machine's tile (64 filters with 16 lanes, 16 with 8; {@link FilterLanesNarrowVectorsTest}
 * runs the 8-lane tile on any machine). Skipped where the vector provider has no such kernel.
 */
class FilterLanesProductTest {

    static final ConvShape[] SHAPES = {
        new ConvShape(2, 5, 7, 9, 64, 3, 3, 1, 1, 0, 0), // 35 pixels: the last tile repeats one
        new ConvShape(3, 40, 9, 11, 64, 3, 3, 1, 1, 1, 1), // 360 patch elements: two k blocks
        new ConvShape(2, 64, 8, 8, 128, 3, 3, 1, 1, 1, 1), // 576: three k blocks; two blocks of filters
        new ConvShape(1, 2, 5, 6, 64, 5, 5, 1, 1, 2, 2), // 5x5 kernel, padding 2
        new ConvShape(2, 3, 6, 7, 64, 2, 3, 1, 1, 2, 0), // rectangular kernel, padding on one axis
        new ConvShape(2, 1, 1, 1, 64, 1, 1, 1, 1, 0, 0), // one pixel
        new ConvShape(2, 32, 15, 15, 64, 3, 3, 1, 1, 0, 0), // conv2 of the CIFAR-10 CNN
        new ConvShape(3, 64, 6, 6, 64, 3, 3, 1, 1, 0, 0), // conv3
        new ConvShape(2, 16, 16, 16, 256, 3, 3, 1, 1, 1, 1), // four blocks of filters
    };

    static IntStream shapes() {
        return IntStream.range(0, SHAPES.length);
    }

    /** With and without bias and ReLU, on 1 and 2 threads, every output written. */
    @ParameterizedTest(name = "shape #{0}")
    @MethodSource("shapes")
    void givesTheSameBitsAsIm2col(int shapeIndex) {
        ConvShape s = SHAPES[shapeIndex];
        ForwardPathCheck.assertGivesTheLoweredBits(
                Providers.vectorWithFilterLanes(), s, 61, ConvForwardPath.DIRECT_FILTER_LANES);
    }

    /** Pooled from the channels-last product (rows outW apart): the values and argmax of the two kernels. */
    @ParameterizedTest(name = "shape #{0}")
    @MethodSource("shapes")
    void reluMaxPoolGivesTheBitsOfConvolutionThenPooling(int shapeIndex) {
        FloatOps ops = Providers.vectorWithFilterLanes();
        ConvShape s = SHAPES[shapeIndex];
        assumeTrue(s.outH() >= 2 && s.outW() >= 2, "the output is smaller than the pooling window");
        ForwardPathCheck.assertPoolsTheLoweredBits(ops, s, 64, ConvForwardPath.DIRECT_FILTER_LANES);
    }

    /** The window offsets: one per output pixel, in whole tiles, the last pixel repeated to fill the last. */
    @ParameterizedTest(name = "shape #{0}")
    @MethodSource("shapes")
    void pixelOffsetsCoverEveryPixelOnce(int shapeIndex) {
        FloatOps ops = Providers.vectorWithFilterLanes();
        ConvShape s = SHAPES[shapeIndex];
        FilterLanesTileKernel kernel = ops.filterLanesKernel();
        int[] offsets = FilterLanesProduct.pixelOffsets(s, kernel);
        assertEquals(0, offsets.length % kernel.pixels());
        assertEquals((s.pixels() + kernel.pixels() - 1) / kernel.pixels() * kernel.pixels(), offsets.length);
        int wp = s.w() + 2 * s.padW();
        for (int i = 0; i < offsets.length; i++) {
            int pixel = Math.min(i, s.pixels() - 1);
            assertEquals((pixel / s.outW()) * wp + pixel % s.outW(), offsets[i], "offset " + i + " of " + s);
        }
    }
}
