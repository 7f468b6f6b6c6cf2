package dev.tauon.examples;

import dev.tauon.core.Shapes;
import dev.tauon.core.Tensor;

/** Mirrored and shifted copies of a batch of NCHW images, for test-time augmentation. */
final class ImageViews {
    private ImageViews() {
    }

    /** A new tensor holding {@code images} [N, C, H, W] with every row reversed. */
    static Tensor flip(Tensor images) {
        int w = requireImages("flip", images)[3];
        float[] src = images.data();
        float[] dst = new float[src.length];
        for (int row = 0; row < src.length; row += w) {
            for (int x = 0; x < w; x++) {
                dst[row + x] = src[row + w - 1 - x];
            }
        }
        return Tensor.of(dst, images.shape());
    }

    /**
     * A new tensor whose pixel (y, x) is the input's pixel (y + dy, x + dx), and {@code fill[c]}
     * where that falls outside the image: the view a random crop of the padded image would give.
     */
    static Tensor shift(Tensor images, int dy, int dx, float[] fill) {
        int[] s = requireImages("shift", images);
        if (fill.length != s[1]) {
            throw new IllegalArgumentException("shift: " + fill.length + " fill values for images " + Shapes.str(s));
        }
        int h = s[2];
        int w = s[3];
        float[] src = images.data();
        float[] dst = new float[src.length];
        for (int plane = 0; plane < s[0] * s[1]; plane++) {
            int base = plane * h * w;
            float outside = fill[plane % s[1]];
            for (int y = 0; y < h; y++) {
                int sy = y + dy;
                for (int x = 0; x < w; x++) {
                    int sx = x + dx;
                    boolean inside = sy >= 0 && sy < h && sx >= 0 && sx < w;
                    dst[base + y * w + x] = inside ? src[base + sy * w + sx] : outside;
                }
            }
        }
        return Tensor.of(dst, s);
    }

    private static int[] requireImages(String op, Tensor images) {
        int[] s = images.shape();
        if (s.length != 4) {
            throw new IllegalArgumentException(op + ": images " + Shapes.str(s) + " must be [N, C, H, W]");
        }
        return s;
    }
}
