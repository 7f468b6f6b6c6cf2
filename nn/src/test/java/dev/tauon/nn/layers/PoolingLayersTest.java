package dev.tauon.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tauon.core.Tensor;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.Summary;
import org.junit.jupiter.api.Test;

/** Values, shapes, names and errors of the pooling layers; their gradients are in LayerGradientTest. */
class PoolingLayersTest {
    /** One 4x4 image, 0 to 15 row by row. */
    private final Tensor image = Tensor.arange(16).reshape(1, 1, 4, 4);

    @Test
    void maxPoolingWithPaddingIsPyTorchs() {
        MaxPool2D pool = new MaxPool2D(3, 2, 1);
        assertEquals("MaxPool2D(3, stride 2, padding 1)", pool.name());
        assertArrayEquals(new int[] {1, 2, 2}, pool.outputShape(new int[] {1, 4, 4}));
        assertArrayEquals(new float[] {5, 7, 13, 15}, pool.forward(image).data());
        // the padding is minus infinity, not zero: all-negative windows keep their maximum
        assertArrayEquals(
                new float[] {-15, -13, -7, -5}, pool.forward(image.sub(20)).data());
        // ResNet's stem: 3x3, stride 2, padding 1 halves an even size
        assertArrayEquals(new int[] {64, 16, 16}, pool.outputShape(new int[] {64, 32, 32}));
    }

    @Test
    void maxPoolingWithoutPaddingIsUnchanged() {
        assertEquals("MaxPool2D(2)", new MaxPool2D(2).name());
        assertEquals("MaxPool2D(3, stride 2)", new MaxPool2D(3, 2).name());
        assertArrayEquals(
                new float[] {5, 7, 13, 15}, new MaxPool2D(2).forward(image).data());
        assertArrayEquals(new int[] {32, 6, 6}, new MaxPool2D(2).outputShape(new int[] {32, 13, 13}));
    }

    @Test
    void averagePoolingCountsPaddingAsZeros() {
        AvgPool2D pool = new AvgPool2D(2, 2, 1);
        assertEquals("AvgPool2D(2, padding 1)", pool.name());
        assertArrayEquals(new int[] {1, 3, 3}, pool.outputShape(new int[] {1, 4, 4}));
        assertArrayEquals(
                new float[] {0f, 0.75f, 0.75f, 3f, 7.5f, 4.5f, 3f, 6.75f, 3.75f},
                pool.forward(image).data());
        assertArrayEquals(
                new float[] {2.5f, 4.5f, 10.5f, 12.5f},
                new AvgPool2D(2).forward(image).data());
        assertEquals("AvgPool2D(3, stride 1)", new AvgPool2D(3, 1).name());
    }

    @Test
    void globalPoolingGivesOneValuePerChannel() {
        Tensor x = Tensor.arange(24).reshape(2, 3, 2, 2);
        GlobalAvgPool2D avg = new GlobalAvgPool2D();
        assertEquals("GlobalAvgPool2D", avg.name());
        assertArrayEquals(new int[] {3}, avg.outputShape(new int[] {3, 2, 2}));
        Tensor mean = avg.forward(x);
        assertArrayEquals(new int[] {2, 3}, mean.shape());
        assertArrayEquals(new float[] {1.5f, 5.5f, 9.5f, 13.5f, 17.5f, 21.5f}, mean.data());
        GlobalMaxPool2D max = new GlobalMaxPool2D(true);
        assertEquals("GlobalMaxPool2D(keepDims)", max.name());
        assertArrayEquals(new int[] {3, 1, 1}, max.outputShape(new int[] {3, 2, 2}));
        Tensor peak = max.forward(x);
        assertArrayEquals(new int[] {2, 3, 1, 1}, peak.shape());
        assertArrayEquals(new float[] {3, 7, 11, 15, 19, 23}, peak.data());
    }

    @Test
    void inSequentialAndSummary() {
        Sequential model = new Sequential(
                new Conv2D(4, 3).padding(Padding.SAME),
                new MaxPool2D(3, 2, 1),
                new AvgPool2D(2),
                new GlobalAvgPool2D(),
                new Dense(2));
        Summary s = model.summary(3, 8, 8);
        assertEquals("1 MaxPool2D(3, stride 2, padding 1)", s.rows().get(1).layer());
        assertArrayEquals(new int[] {4, 4, 4}, s.rows().get(1).outputShape());
        assertArrayEquals(new int[] {4, 2, 2}, s.rows().get(2).outputShape());
        assertEquals("3 GlobalAvgPool2D", s.rows().get(3).layer());
        assertEquals("(None, 4)", Summary.kerasShape(s.rows().get(3).outputShape()));
        assertEquals(4 * 3 * 9 + 4 + 4 * 2 + 2, s.totalParameters());
        assertArrayEquals(
                new int[] {5, 2}, model.forward(Tensor.ones(5, 3, 8, 8)).shape());
    }

    @Test
    void badArgumentsAreNamed() {
        assertMessage("MaxPool2D: padding 2 must be >= 0 and at most half the pool 3", () -> new MaxPool2D(3, 1, 2));
        assertMessage("AvgPool2D: padding -1 must be >= 0 and at most half the pool 2", () -> new AvgPool2D(2, 2, -1));
        assertMessage("AvgPool2D: pool 0 and stride 0 must be positive", () -> new AvgPool2D(0));
        assertMessage("MaxPool2D: pool 2 and stride 0 must be positive", () -> new MaxPool2D(2, 0));
        assertMessage(
                "MaxPool2D(5, stride 1, padding 1): input [N, 1, 2, 2] must be [N, C, H, W] with H and W at least 3",
                () -> new MaxPool2D(5, 1, 1).outputShape(new int[] {1, 2, 2}));
        assertMessage(
                "AvgPool2D(2): input [N, 16] must be [N, C, H, W] with H and W at least 2",
                () -> new AvgPool2D(2).outputShape(new int[] {16}));
        assertMessage(
                "GlobalMaxPool2D: input [N, 16] must be [N, C, H, W] with H and W at least 1",
                () -> new GlobalMaxPool2D().outputShape(new int[] {16}));
        assertMessage(
                "globalAvgPool2d: input must be [N, C, H, W] with H and W at least 1, got [2, 16]",
                () -> new GlobalAvgPool2D().forward(Tensor.ones(2, 16)));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        assertEquals(
                expected, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
