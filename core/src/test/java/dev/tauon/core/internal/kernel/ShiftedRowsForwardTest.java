package dev.tauon.core.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shifted-rows forward pass ({@link ShiftedRowsForward}) against the im2col path, bit for bit,
 * with special values in the input: one to three channels, padded and not, rows of exactly one
 * vector, of two, and with a last vector that repeats columns, one to a few output rows, several
 * pairs of filters. Skipped where the vector provider has no such kernel.
 */
class ShiftedRowsForwardTest {

    private static final ConvShape[] SHAPES = {
        new ConvShape(3, 3, 32, 32, 32, 3, 3, 1, 1, 0, 0), // conv1 of the CIFAR-10 CNN (rows of 30)
        new ConvShape(2, 3, 32, 32, 8, 3, 3, 1, 1, 1, 1), // padded, rows of 32: two whole vectors
        new ConvShape(2, 1, 5, 16, 2, 3, 3, 1, 1, 1, 1), // one channel, rows of exactly one vector
        new ConvShape(3, 2, 3, 37, 4, 3, 3, 1, 1, 0, 0), // one output row of 35: three vectors
        new ConvShape(2, 3, 4, 18, 6, 3, 3, 1, 1, 0, 0), // two output rows
        new ConvShape(1, 2, 19, 21, 2, 3, 3, 1, 1, 1, 1), // padded, odd rows, 21 columns
    };

    static IntStream shapes() {
        return IntStream.range(0, SHAPES.length);
    }

    /** With and without bias and ReLU, on 1 and 2 threads, every output written. */
    @ParameterizedTest(name = "shape #{0}")
    @MethodSource("shapes")
    void givesTheSameBitsAsIm2col(int shapeIndex) {
        ConvShape s = SHAPES[shapeIndex];
        FloatOps ops = Providers.vectorWithShiftedRows();
        assertTrue(ShiftedRowsForward.applies(ops, s), "test shape no longer takes the path: " + s);
        ForwardPathCheck.assertGivesTheLoweredBits(ops, s, 71, ConvForwardPath.SHIFTED_ROWS);
    }

    /** Pooled from the finished product: the values and argmax of the two kernels. */
    @ParameterizedTest(name = "shape #{0}")
    @MethodSource("shapes")
    void reluMaxPoolGivesTheBitsOfConvolutionThenPooling(int shapeIndex) {
        ConvShape s = SHAPES[shapeIndex];
        assumeTrue(s.outH() >= 2 && s.outW() >= 2, "the output is smaller than the pooling window");
        ForwardPathCheck.assertPoolsTheLoweredBits(
                Providers.vectorWithShiftedRows(), s, 74, ConvForwardPath.SHIFTED_ROWS);
    }

    /** The rule: the shapes the path was written and measured for, and not others. */
    @Test
    void takesSmallChannelThreeByThreeStrideOneShapesOnly() {
        FloatOps ops = Providers.vectorWithShiftedRows();
        assertEquals(ConvForwardPath.SHIFTED_ROWS, ConvForwardPath.of(ops, SHAPES[0]));
        assertFalse(ShiftedRowsForward.applies(ops, new ConvShape(2, 4, 32, 32, 32, 3, 3, 1, 1, 1, 1)), "4 channels");
        assertFalse(ShiftedRowsForward.applies(ops, new ConvShape(2, 3, 32, 32, 31, 3, 3, 1, 1, 1, 1)), "odd filters");
        assertFalse(ShiftedRowsForward.applies(ops, new ConvShape(2, 3, 32, 32, 32, 5, 5, 1, 1, 2, 2)), "5x5");
        assertFalse(ShiftedRowsForward.applies(ops, new ConvShape(2, 3, 32, 32, 32, 3, 3, 2, 2, 1, 1)), "stride 2");
        assertFalse(ShiftedRowsForward.applies(ops, new ConvShape(2, 3, 16, 16, 32, 3, 3, 1, 1, 0, 0)), "14 columns");
        assertFalse(ShiftedRowsForward.applies(Providers.get("plain"), SHAPES[0]), "plain provider");
    }
}
