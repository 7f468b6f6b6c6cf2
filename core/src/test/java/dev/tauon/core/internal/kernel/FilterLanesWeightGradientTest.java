package dev.tauon.core.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The weight gradient through the filter-lanes tile ({@link FilterLanesWeightGradient}) against the
 * GEMM's, bit for bit: several chunks, one and several groups of images in a chunk, one and two k
 * blocks a group, one and two blocks of filters, NaN, infinities and -0 among the inputs and the
 * output gradient, 1 and 2 threads. Skipped where the vector provider has no such kernel.
 */
class FilterLanesWeightGradientTest {

    static final ConvShape[] SHAPES = {
        new ConvShape(8, 32, 15, 15, 64, 3, 3, 1, 1, 0, 0), // conv2's layer: 4 chunks of 2 images
        new ConvShape(6, 2, 9, 11, 64, 3, 3, 1, 1, 1, 1), // 18 taps: three tiles of rows
        new ConvShape(12, 40, 9, 11, 128, 3, 3, 1, 1, 1, 1), // two blocks of filters, 3 images a chunk
        new ConvShape(64, 32, 16, 16, 64, 3, 3, 1, 1, 1, 1), // 4 images a chunk in groups of 3 and 1
        new ConvShape(9, 4, 12, 10, 64, 3, 3, 1, 1, 0, 0), // 2 chunks of 5 and 4 images
    };

    static IntStream shapes() {
        return IntStream.range(0, SHAPES.length);
    }

    @ParameterizedTest(name = "shape #{0}")
    @MethodSource("shapes")
    void givesTheGemmsBits(int shapeIndex) {
        assertGivesTheGemmsBits(Providers.vectorWithFilterLanes(), SHAPES[shapeIndex]);
    }

    /** {@code ops}' filter-lanes weight gradient of {@code s} against its GEMM's, on 1 and 2 threads. */
    static void assertGivesTheGemmsBits(FloatOps ops, ConvShape s) {
        assertTrue(Conv2dKernels.weightGradChunks(s) > 1, s + " is a chunked weight gradient");
        float[] x = ForwardPathCheck.withSpecialValues(TestData.uniform(71, s.n() * s.c() * s.h() * s.w()));
        float[] g = TestData.uniform(72, s.n() * s.o() * s.pixels());
        g[g.length / 5] = Float.POSITIVE_INFINITY;
        g[g.length / 4] = -0f;
        float[] gemm = ForwardPathCheck.filled(s.o() * s.patch());
        Conv2dKernels.backwardWeight(ops, x, g, gemm, null, s, false);
        for (int threads : new int[] {1, 2}) {
            float[] lanes = ForwardPathCheck.filled(gemm.length);
            TestData.withThreads(threads, () -> FilterLanesWeightGradient.backwardWeight(ops, x, g, lanes, s));
            assertArrayEquals(gemm, lanes, s + ", " + threads + " threads");
        }
    }

    /** The path the weight gradient takes: not for 32 filters, an odd channel count, one chunk, or plain loops. */
    @Test
    void appliesWhereTheTilesFill() {
        FloatOps ops = Providers.vectorWithFilterLanes();
        ConvShape conv2 = new ConvShape(64, 32, 15, 15, 64, 3, 3, 1, 1, 0, 0);
        assertTrue(FilterLanesWeightGradient.applies(ops, conv2)
                || !FilterLanesWeightGradient.fitsTheCache(conv2, CacheSizes.host()));
        assertFalse(FilterLanesWeightGradient.applies(ops, new ConvShape(64, 3, 32, 32, 32, 3, 3, 1, 1, 0, 0)));
        assertFalse(FilterLanesWeightGradient.applies(ops, new ConvShape(64, 3, 32, 32, 64, 3, 3, 1, 1, 0, 0)));
        assertFalse(FilterLanesWeightGradient.applies(ops, new ConvShape(1, 32, 15, 15, 64, 3, 3, 1, 1, 0, 0)));
        assertFalse(FilterLanesWeightGradient.applies(
                Providers.get("plain"), new ConvShape(64, 32, 15, 15, 64, 3, 3, 1, 1, 0, 0)));
    }

    /** A group's padded images against a quarter of L2: 83 KiB for 64 channels at 16x16, 296 KiB at 32x32. */
    @Test
    void takenWhereTheImagesStayInL2() {
        CacheSizes oneMiB = new CacheSizes(48 << 10, 1 << 20, 16 << 20, "test");
        ConvShape res64x16 = new ConvShape(64, 64, 16, 16, 64, 3, 3, 1, 1, 1, 1);
        ConvShape res64x32 = new ConvShape(64, 64, 32, 32, 64, 3, 3, 1, 1, 1, 1);
        assertTrue(FilterLanesWeightGradient.fitsTheCache(res64x16, oneMiB));
        assertFalse(FilterLanesWeightGradient.fitsTheCache(res64x32, oneMiB));
        assertTrue(FilterLanesWeightGradient.fitsTheCache(res64x32, new CacheSizes(48 << 10, 2 << 20, 0, "test")));
    }
}
