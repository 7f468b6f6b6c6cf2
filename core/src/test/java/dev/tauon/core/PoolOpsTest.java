package dev.tauon.core;

import static dev.tauon.core.Checks.assertRejects;
import static dev.tauon.core.Checks.assertValues;
import static dev.tauon.core.Checks.distinct;
import static dev.tauon.core.Checks.gradCheck;
import static dev.tauon.core.Checks.param;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class PoolOpsTest {
    private final Tensor image = Tensor.arange(16).reshape(1, 1, 4, 4);

    @Test
    void maxPoolingByHand() {
        assertValues(image.maxPool2d(2, 2), new int[] {1, 1, 2, 2}, 5, 7, 13, 15);
        assertValues(image.maxPool2d(3, 1), new int[] {1, 1, 2, 2}, 10, 11, 14, 15);
        assertValues(image.maxPool2d(1, 2, 1, 2), new int[] {1, 1, 4, 2}, 1, 3, 5, 7, 9, 11, 13, 15);
    }

    /** PyTorch's max_pool2d(kernel 3, stride 2, padding 1): padding is minus infinity, not zero, so negatives survive. */
    @Test
    void paddedMaxPoolingByHand() {
        assertValues(image.maxPool2d(3, 2, 1), new int[] {1, 1, 2, 2}, 5, 7, 13, 15);
        assertValues(image.sub(20).maxPool2d(3, 2, 1), new int[] {1, 1, 2, 2}, -15, -13, -7, -5);
        // rows padded only: floor((4 + 2 - 3) / 1) + 1 = 4 rows of floor((4 - 1) / 2) + 1 = 2 columns
        assertValues(image.maxPool2d(3, 1, 1, 2, 1, 0), new int[] {1, 1, 4, 2}, 4, 6, 8, 10, 12, 14, 12, 14);
        assertValues(image.maxPool2d(3, 2, 0), new int[] {1, 1, 1, 1}, 10);
    }

    @Test
    void averagePoolingByHand() {
        assertValues(image.avgPool2d(2, 2), new int[] {1, 1, 2, 2}, 2.5f, 4.5f, 10.5f, 12.5f);
        // count_include_pad: each corner window holds one pixel and three zeros, and divides by 4
        assertValues(
                image.avgPool2d(2, 2, 1), new int[] {1, 1, 3, 3}, 0f, 0.75f, 0.75f, 3f, 7.5f, 4.5f, 3f, 6.75f, 3.75f);
        assertValues(
                image.avgPool2d(1, 2, 1, 2, 0, 0),
                new int[] {1, 1, 4, 2},
                0.5f,
                2.5f,
                4.5f,
                6.5f,
                8.5f,
                10.5f,
                12.5f,
                14.5f);
    }

    @Test
    void globalPoolingByHand() {
        Tensor x = Tensor.arange(24).reshape(2, 3, 2, 2);
        assertValues(x.globalAvgPool2d(), new int[] {2, 3}, 1.5f, 5.5f, 9.5f, 13.5f, 17.5f, 21.5f);
        assertValues(x.globalMaxPool2d(), new int[] {2, 3}, 3, 7, 11, 15, 19, 23);
    }

    /** As in maxPool2d: the first maximum gets the gradient, and a NaN is the maximum. */
    @Test
    void globalMaxTiesAndNan() {
        Tensor x = Tensor.of(new float[] {2, 2, 2, 2, 1, Float.NaN, 3, Float.NaN}, 1, 2, 2, 2)
                .requiresGrad(true);
        Tensor y = x.globalMaxPool2d();
        assertArrayEquals(new float[] {2, Float.NaN}, y.data());
        y.sum().backward();
        assertArrayEquals(new float[] {1, 0, 0, 0, 0, 1, 0, 0}, x.grad().data());
    }

    @Test
    void gradients() {
        gradCheck(t -> t[0].maxPool2d(2, 2), distinct(1, 2, 3, 4, 4));
        gradCheck(t -> t[0].maxPool2d(2, 1), distinct(2, 1, 2, 5, 3));
        gradCheck(t -> t[0].maxPool2d(3, 2), distinct(3, 1, 1, 7, 7));
        gradCheck(t -> t[0].maxPool2d(2, 2), distinct(4, 1, 1, 5, 5));
        gradCheck(t -> t[0].maxPool2d(3, 2, 1), distinct(5, 2, 2, 6, 5));
        gradCheck(t -> t[0].maxPool2d(2, 3, 1, 2, 1, 1), distinct(6, 1, 2, 4, 5));
        gradCheck(t -> t[0].avgPool2d(2, 2), param(7, 2, 3, 4, 4));
        gradCheck(t -> t[0].avgPool2d(3, 1, 1), param(8, 1, 2, 5, 4));
        gradCheck(t -> t[0].avgPool2d(3, 2, 2, 1, 1, 0), param(9, 2, 1, 5, 5));
        gradCheck(t -> t[0].globalAvgPool2d(), param(10, 2, 3, 3, 4));
        gradCheck(t -> t[0].globalMaxPool2d(), distinct(11, 2, 3, 3, 4));
    }

    @Test
    void badShapesAreNamed() {
        Tensor x = Tensor.zeros(1, 3, 8, 8);
        assertRejects(() -> x.maxPool2d(9, 1), "maxPool2d", "[1, 3, 8, 8]", "kernel 9x9 is larger than the input 8x8");
        assertRejects(
                () -> x.maxPool2d(11, 1, 1),
                "maxPool2d",
                "[1, 3, 8, 8]",
                "kernel 11x11 is larger than the padded input 10x10");
        assertRejects(() -> x.avgPool2d(11, 1, 1), "avgPool2d", "[1, 3, 8, 8]", "larger than the padded input 10x10");
        assertRejects(() -> Tensor.zeros(8, 8).maxPool2d(2, 2), "maxPool2d", "must be [N, C, H, W], got [8, 8]");
        assertRejects(() -> Tensor.zeros(3, 8, 8).avgPool2d(2, 2), "avgPool2d", "must be [N, C, H, W], got [3, 8, 8]");
        assertRejects(() -> x.maxPool2d(2, 0), "maxPool2d", "positive");
        assertRejects(() -> x.avgPool2d(0, 1), "avgPool2d", "kernel 0x0 and stride 1x1 must be positive");
        assertRejects(
                () -> x.maxPool2d(3, 1, 2), "maxPool2d", "padding 2x2 must be >= 0 and at most half the kernel 3x3");
        assertRejects(() -> x.avgPool2d(2, 2, 2, 2, 0, 2), "avgPool2d", "padding 0x2", "at most half the kernel 2x2");
        assertRejects(() -> x.avgPool2d(2, 2, -1), "avgPool2d", "padding -1x-1 must be >= 0");
        assertRejects(() -> Tensor.zeros(2, 3).globalAvgPool2d(), "globalAvgPool2d", "[N, C, H, W]", "[2, 3]");
        assertRejects(
                () -> Tensor.zeros(2, 3, 0, 4).globalMaxPool2d(),
                "globalMaxPool2d",
                "H and W at least 1",
                "[2, 3, 0, 4]");
    }

    @Test
    void anEmptyBatchGivesAnEmptyResultAndZeroGradients() {
        Tensor x = Tensor.zeros(0, 3, 8, 8).requiresGrad(true);
        assertArrayEquals(new int[] {0, 3, 4, 4}, x.avgPool2d(2, 2).shape());
        assertArrayEquals(new int[] {0, 3, 4, 4}, x.maxPool2d(3, 2, 1).shape());
        Tensor pooled = x.globalAvgPool2d().add(x.globalMaxPool2d());
        assertArrayEquals(new int[] {0, 3}, pooled.shape());
        pooled.sum().backward();
        assertArrayEquals(new int[] {0, 3, 8, 8}, x.grad().shape());
    }
}
