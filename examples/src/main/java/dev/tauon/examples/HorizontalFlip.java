package dev.tauon.examples;

import dev.tauon.core.Tensor;

/** Mirrors NCHW images left to right, for test-time augmentation. */
final class HorizontalFlip {
    private HorizontalFlip() {
    }

    /** A new tensor holding {@code images} [N, C, H, W] with every row reversed. */
    static Tensor of(Tensor images) {
        int[] s = images.shape();
        if (s.length != 4) {
            throw new IllegalArgumentException("HorizontalFlip: images " + java.util.Arrays.toString(s)
                    + " must be [N, C, H, W]");
        }
        int w = s[3];
        float[] src = images.data();
        float[] dst = new float[src.length];
        for (int row = 0; row < src.length; row += w) {
            for (int x = 0; x < w; x++) {
                dst[row + x] = src[row + w - 1 - x];
            }
        }
        return Tensor.of(dst, s);
    }
}
