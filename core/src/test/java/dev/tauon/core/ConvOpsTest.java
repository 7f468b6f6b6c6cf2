package dev.tauon.core;

import static dev.tauon.core.Checks.assertRejects;
import static dev.tauon.core.Checks.assertValues;
import static dev.tauon.core.Checks.gradCheck;
import static dev.tauon.core.Checks.param;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class ConvOpsTest {
    private final Tensor image = Tensor.arange(9).reshape(1, 1, 3, 3);
    private final Tensor diagonal = Tensor.of(new float[] {1, 0, 0, 1}, 1, 1, 2, 2);
    private final Tensor half = Tensor.of(new float[] {0.5f}, 1);

    @Test
    void convolutionByHand() {
        assertValues(image.conv2d(diagonal, half, 1, 0), new int[] {1, 1, 2, 2}, 4.5f, 6.5f, 10.5f, 12.5f);
        assertValues(image.conv2d(diagonal, half, 2, 1), new int[] {1, 1, 2, 2}, 0.5f, 2.5f, 6.5f, 12.5f);
        assertValues(image.conv2d(diagonal, null, 1, 0), new int[] {1, 1, 2, 2}, 4, 6, 10, 12);
        // two input channels are summed, two filters give two output channels
        Tensor twoChannels = Tensor.ones(1, 2, 2, 2);
        Tensor w = Tensor.of(new float[] {1, 1, 1, 1, 1, 1, 1, 1, /* filter 2 */ 0, 0, 0, 0, 1, 0, 0, 0}, 2, 2, 2, 2);
        assertValues(twoChannels.conv2d(w, null, 1, 0), new int[] {1, 2, 1, 1}, 8, 1);
    }

    @Test
    void convolutionGradients() {
        gradCheck(t -> t[0].conv2d(t[1], t[2], 1, 0), param(1, 2, 3, 5, 5), param(2, 4, 3, 3, 3), param(3, 4));
        gradCheck(t -> t[0].conv2d(t[1], t[2], 2, 1), param(4, 1, 2, 6, 5), param(5, 3, 2, 3, 3), param(6, 3));
        gradCheck(t -> t[0].conv2d(t[1], null, 1, 2, 0, 1), param(7, 2, 1, 4, 4), param(8, 2, 1, 2, 3));
        gradCheck(t -> t[0].conv2d(t[1], t[2], 1, 0), param(9, 1, 1, 1, 1), param(10, 1, 1, 1, 1), param(11, 1));
    }

    @Test
    void fusedReluGradients() {
        gradCheck(
                t -> t[0].conv2dRelu(t[1], t[2], 1, 1, 0, 0),
                param(12, 2, 3, 5, 5),
                param(13, 4, 3, 3, 3),
                param(14, 4));
        gradCheck(t -> t[0].conv2dRelu(t[1], null, 2, 1, 1, 0), param(15, 1, 2, 6, 5), param(16, 3, 2, 3, 3));
    }

    /**
     * conv2dRelu is conv2d then relu in one op: the same values and gradients to the bit, whether the
     * output's gradient may be overwritten (the usual case) or is retained, when it must stay as it was.
     */
    @Test
    void fusedReluGivesTheBitsOfConvThenRelu() {
        for (boolean retained : new boolean[] {false, true}) {
            Tensor[] separate = {param(17, 3, 4, 9, 8), param(18, 5, 4, 3, 3), param(19, 5)};
            Tensor[] fused = {param(17, 3, 4, 9, 8), param(18, 5, 4, 3, 3), param(19, 5)};
            Tensor weights = Tensor.uniform(new Generator(20), -1f, 1f, 3, 5, 9, 8);
            Tensor a = separate[0].conv2d(separate[1], separate[2], 1, 1, 1, 1).relu();
            Tensor b = fused[0].conv2dRelu(fused[1], fused[2], 1, 1, 1, 1);
            if (retained) {
                a.retainGrad();
                b.retainGrad();
            }
            assertArrayEquals(a.data(), b.data(), "forward");
            a.mul(weights).sum().backward();
            b.mul(weights).sum().backward();
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(
                        separate[i].grad().data(), fused[i].grad().data(), "gradient " + i + ", retained " + retained);
            }
            if (retained) {
                assertArrayEquals(weights.data(), b.grad().data(), "the retained output gradient is left as it was");
            }
        }
    }

    /**
     * conv2dReluMaxPool is conv2dRelu then maxPool2d(2, 2) in one op: the same values and gradients
     * of input, weight and bias to the bit, whether the output's gradient may be overwritten or is
     * retained; shapes that take the direct path (the CNN's layers), an odd output side the pooling
     * drops a row of, same padding, a strided convolution (through im2col), a NaN in the input, no
     * bias; and an output smaller than the window gets the pooling's own error.
     */
    @Test
    void fusedPoolGivesTheBitsOfConvReluThenPool() {
        int[][] cases = { // n, c, h, w, filters, kernel, stride, padding
            {4, 3, 12, 12, 8, 3, 1, 0},
            {3, 2, 13, 13, 6, 3, 1, 0},
            {2, 4, 8, 8, 5, 3, 1, 1},
            {2, 3, 11, 9, 4, 3, 2, 1},
            {4, 3, 32, 32, 32, 3, 1, 0}
        };
        for (int[] c : cases) {
            for (int variant = 0; variant < 4; variant++) {
                boolean retained = (variant & 1) != 0;
                boolean withBias = (variant & 2) == 0;
                Tensor[] separate = {
                    param(21, c[0], c[1], c[2], c[3]), param(22, c[4], c[1], c[5], c[5]), param(23, c[4])
                };
                Tensor[] fused = {param(21, c[0], c[1], c[2], c[3]), param(22, c[4], c[1], c[5], c[5]), param(23, c[4])
                };
                if (c[0] == 3) {
                    separate[0].data()[5] = Float.NaN;
                    fused[0].data()[5] = Float.NaN;
                }
                Tensor a = separate[0]
                        .conv2dRelu(separate[1], withBias ? separate[2] : null, c[6], c[6], c[7], c[7])
                        .maxPool2d(2, 2);
                Tensor b = fused[0].conv2dReluMaxPool(fused[1], withBias ? fused[2] : null, c[6], c[6], c[7], c[7]);
                String what =
                        java.util.Arrays.toString(c) + (withBias ? "" : " without bias") + ", retained " + retained;
                assertArrayEquals(a.shape(), b.shape(), what);
                assertArrayEquals(a.data(), b.data(), "forward " + what);
                try (NoGrad inference = NoGrad.enter()) { // no graph: the argmax is not indexed
                    Tensor c2 =
                            fused[0].conv2dReluMaxPool(fused[1], withBias ? fused[2] : null, c[6], c[6], c[7], c[7]);
                    assertArrayEquals(a.data(), c2.data(), "forward without a graph, " + what);
                }
                if (retained) {
                    a.retainGrad();
                    b.retainGrad();
                }
                Tensor weights = Tensor.uniform(new Generator(24), -1f, 1f, a.shape());
                a.mul(weights).sum().backward();
                b.mul(weights).sum().backward();
                for (int i = 0; i < (withBias ? 3 : 2); i++) {
                    assertArrayEquals(separate[i].grad().data(), fused[i].grad().data(), "gradient " + i + ", " + what);
                }
                if (retained) {
                    assertArrayEquals(
                            weights.data(), b.grad().data(), "the retained output gradient is left as it was");
                }
            }
        }
        assertRejects(
                () -> Tensor.zeros(1, 1, 3, 3).conv2dReluMaxPool(Tensor.zeros(1, 1, 3, 3), null, 1, 1, 0, 0),
                "maxPool2d",
                "larger than the input 1x1");
    }

    @Test
    void badShapesAreNamed() {
        Tensor x = Tensor.zeros(1, 3, 8, 8);
        assertRejects(
                () -> x.conv2d(Tensor.zeros(4, 2, 3, 3), null, 1, 0),
                "conv2d",
                "[1, 3, 8, 8]",
                "[4, 2, 3, 3]",
                "3 channels");
        assertRejects(() -> x.conv2d(Tensor.zeros(4, 3, 3, 3), Tensor.zeros(3), 1, 0), "conv2d", "bias", "[4]");
        assertRejects(() -> Tensor.zeros(3, 8, 8).conv2d(Tensor.zeros(4, 3, 3, 3), null, 1, 0), "conv2d", "[3, 8, 8]");
        assertRejects(() -> x.conv2d(Tensor.zeros(4, 3, 9, 9), null, 1, 0), "conv2d", "larger");
        assertRejects(
                () -> x.conv2dRelu(Tensor.zeros(4, 2, 3, 3), null, 1, 1, 0, 0),
                "conv2dRelu",
                "[4, 2, 3, 3]",
                "3 channels");
        assertRejects(() -> x.conv2d(Tensor.zeros(4, 3, 3, 3), null, 0, 0), "conv2d", "stride");
        assertRejects(
                () -> Tensor.zeros(1, 0, 8, 8).conv2d(Tensor.zeros(4, 0, 3, 3), null, 1, 0),
                "conv2d",
                "[1, 0, 8, 8]",
                "must be >= 1");
        // A 200 x 200 kernel over a 1-pixel image padded by 2000: 40,000 rows by 3802 x 3802 output
        // pixels, an im2col matrix an int cannot index; refused before anything large is allocated.
        Tensor pixel = Tensor.zeros(1, 1, 1, 1);
        assertRejects(
                () -> pixel.conv2d(Tensor.zeros(1, 1, 200, 200), null, 1, 2000),
                "conv2d",
                "[1, 1, 1, 1]",
                "im2col",
                "more than 2^31-1");
    }

    @Test
    void anEmptyBatchGivesAnEmptyResultAndZeroGradients() {
        Tensor x = Tensor.zeros(0, 3, 8, 8).requiresGrad(true);
        Tensor w = param(3, 4, 3, 3, 3);
        Tensor b = param(4, 4);
        Tensor y = x.conv2d(w, b, 1, 0);
        assertArrayEquals(new int[] {0, 4, 6, 6}, y.shape());
        Tensor pooled = y.relu().maxPool2d(2, 2);
        assertArrayEquals(new int[] {0, 4, 3, 3}, pooled.shape());
        pooled.sum().backward();
        assertValues(b.grad(), new int[] {4}, 0, 0, 0, 0);
        assertArrayEquals(new float[w.size()], w.grad().data());
        assertArrayEquals(new int[] {0, 3, 8, 8}, x.grad().shape());
    }
}
