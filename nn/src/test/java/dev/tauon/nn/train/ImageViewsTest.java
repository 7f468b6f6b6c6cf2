package dev.tauon.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Tensor;
import org.junit.jupiter.api.Test;

class ImageViewsTest {

    @Test
    void horizontalFlipReversesEveryRowOfEveryChannel() {
        // two images, two channels, 2x3 pixels: value = 100*image + 10*channel + column, + 3 on row 1
        float[] data = new float[2 * 2 * 2 * 3];
        float[] mirrored = new float[data.length];
        for (int n = 0; n < 2; n++) {
            for (int c = 0; c < 2; c++) {
                for (int y = 0; y < 2; y++) {
                    for (int x = 0; x < 3; x++) {
                        int i = ((n * 2 + c) * 2 + y) * 3 + x;
                        data[i] = 100 * n + 10 * c + 3 * y + x;
                        mirrored[i] = 100 * n + 10 * c + 3 * y + (2 - x);
                    }
                }
            }
        }
        Tensor flipped = ImageViews.flip(Tensor.of(data, 2, 2, 2, 3));
        assertArrayEquals(new int[] {2, 2, 2, 3}, flipped.shape());
        assertArrayEquals(mirrored, flipped.data());
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ImageViews.flip(Tensor.of(data, 4, 6)));
        assertTrue(e.getMessage().contains("[4, 6]"), e.getMessage());
    }

    @Test
    void shiftMovesThePictureAndFillsTheUncoveredEdgeWithEachChannelsValue() {
        // one image, two channels of 2x3: channel c holds 10*c + 3*y + x
        float[] data = {0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15};
        float[] fill = {-1, -2};
        Tensor downRight = ImageViews.shift(Tensor.of(data, 1, 2, 2, 3), 1, 1, fill);
        assertArrayEquals(new float[] {4, 5, -1, -1, -1, -1, 14, 15, -2, -2, -2, -2}, downRight.data());
        Tensor upLeft = ImageViews.shift(Tensor.of(data, 1, 2, 2, 3), -1, -1, fill);
        assertArrayEquals(new float[] {-1, -1, -1, -1, 0, 1, -2, -2, -2, -2, 10, 11}, upLeft.data());
        assertArrayEquals(
                data, ImageViews.shift(Tensor.of(data, 1, 2, 2, 3), 0, 0, fill).data());
        assertThrows(
                IllegalArgumentException.class,
                () -> ImageViews.shift(Tensor.of(data, 1, 2, 2, 3), 1, 1, new float[3]));
    }

    @Test
    void reflectedShiftMirrorsTheImageAboutItsEdgePixels() {
        // one channel of 3x3 holding 3*y + x; row -1 reads row 1, row 3 reads row 1, row -2 reads row 2
        Tensor image = Tensor.of(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8}, 1, 1, 3, 3);
        assertArrayEquals(
                new float[] {4, 5, 4, 7, 8, 7, 4, 5, 4},
                ImageViews.shiftReflect(image, 1, 1).data());
        assertArrayEquals(
                new float[] {4, 3, 4, 1, 0, 1, 4, 3, 4},
                ImageViews.shiftReflect(image, -1, -1).data());
        assertArrayEquals(
                new float[] {6, 7, 8, 3, 4, 5, 0, 1, 2},
                ImageViews.shiftReflect(image, -2, 0).data());
        assertArrayEquals(image.data(), ImageViews.shiftReflect(image, 0, 0).data());
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ImageViews.shiftReflect(image, 0, 3));
        assertTrue(e.getMessage().contains("(0, 3)") && e.getMessage().contains("[1, 1, 3, 3]"), e.getMessage());
    }
}
