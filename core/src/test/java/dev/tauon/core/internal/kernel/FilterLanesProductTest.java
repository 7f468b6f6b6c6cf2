package dev.tauon.core.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
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
        new ConvShape(3, 64, 6, 6, 64, 3, 3, 1, 1, 0, 0), // conv3: three images a product
        new ConvShape(7, 64, 6, 6, 64, 3, 3, 1, 1, 0, 0), // conv3, 7 images: whole groups of three and one less
        new ConvShape(5, 4, 4, 5, 64, 3, 3, 1, 1, 1, 1), // padded, 20 pixels: three padded copies a product
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

    /**
     * The window offsets: one per output pixel, in whole tiles, the last pixel repeated to fill the
     * last; for several images, each image's pixels after the one before, an image stride further on.
     */
    @ParameterizedTest(name = "shape #{0}")
    @MethodSource("shapes")
    void pixelOffsetsCoverEveryPixelOnce(int shapeIndex) {
        FloatOps ops = Providers.vectorWithFilterLanes();
        ConvShape s = SHAPES[shapeIndex];
        FilterLanesTileKernel kernel = ops.filterLanesKernel();
        int wp = s.w() + 2 * s.padW();
        for (int images = 1; images <= 3; images++) {
            int[] offsets = FilterLanesProduct.pixelOffsets(s, kernel, images, 1000);
            int pixels = images * s.pixels();
            assertEquals((pixels + kernel.pixels() - 1) / kernel.pixels() * kernel.pixels(), offsets.length);
            for (int i = 0; i < offsets.length; i++) {
                int pixel = Math.min(i, pixels - 1) % s.pixels();
                int image = Math.min(i, pixels - 1) / s.pixels();
                assertEquals(
                        image * 1000 + (pixel / s.outW()) * wp + pixel % s.outW(),
                        offsets[i],
                        "offset " + i + " of " + images + " images of " + s);
            }
        }
    }

    /** The fewest images that fill whole tiles, where an image has few tiles and leaves the last one short. */
    @Test
    void imagesPerProductFillWholeTiles() {
        assertEquals(3, FilterLanesProduct.imagesPerProduct(SHAPES[7], 6), "16 pixels: 48 in 8 tiles");
        assertEquals(6, FilterLanesProduct.imagesPerProduct(SHAPES[0], 6), "35 pixels: 210 in 35 tiles");
        assertEquals(3, FilterLanesProduct.imagesPerProduct(SHAPES[9], 6), "20 pixels: 60 in 10 tiles");
        assertEquals(1, FilterLanesProduct.imagesPerProduct(SHAPES[6], 6), "conv2's 169 pixels: 29 tiles already");
        assertEquals(
                1,
                FilterLanesProduct.imagesPerProduct(new ConvShape(2, 3, 8, 8, 64, 3, 3, 1, 1, 0, 0), 6),
                "36 pixels fill 6 tiles");
        assertEquals(2, FilterLanesProduct.imagesPerProduct(SHAPES[9], 8), "20 pixels, tiles of 8: 40 in 5 tiles");
    }
}
