package dev.tauon.nn.train;

import dev.tauon.core.Shapes;
import dev.tauon.core.Tensor;

/**
 * Mirrored and translated copies of a batch of NCHW images, the views {@link TestTimeAugmentation}
 * averages over. Each returns a new tensor outside any graph.
 */
public final class ImageViews {
    private ImageViews() {}

    /** {@code images} [N, C, H, W] with every row reversed: the horizontal mirror image. */
    public static Tensor flip(Tensor images) {
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
     * Pixel (y, x) of the result is the input's pixel (y + dy, x + dx), and {@code fill[c]} where
     * that falls outside the image: the view a crop of the image padded with that colour gives.
     */
    public static Tensor shift(Tensor images, int dy, int dx, float[] fill) {
        int[] s = requireImages("shift", images);
        if (fill.length != s[1]) {
            throw new IllegalArgumentException("shift: " + fill.length + " fill values for images " + Shapes.str(s));
        }
        return shifted(images, s, dy, dx, fill);
    }

    /**
     * Pixel (y, x) of the result is the input's pixel (y + dy, x + dx), reflected back into the
     * image where it falls outside (the edge pixel not repeated: row -1 is row 1, row H is row
     * H-2), as a crop of the image reflect-padded by PyTorch's {@code ReflectionPad2d} gives. Needs
     * {@code |dy| < H} and {@code |dx| < W}.
     */
    public static Tensor shiftReflect(Tensor images, int dy, int dx) {
        int[] s = requireImages("shiftReflect", images);
        if (Math.abs(dy) >= s[2] || Math.abs(dx) >= s[3]) {
            throw new IllegalArgumentException("shiftReflect: a reflected shift must be smaller than the image, got ("
                    + dy + ", " + dx + ") for images " + Shapes.str(s));
        }
        return shifted(images, s, dy, dx, null);
    }

    /** The shift, with the outside filled from {@code fill}, or reflected if {@code fill} is null. */
    private static Tensor shifted(Tensor images, int[] s, int dy, int dx, float[] fill) {
        int h = s[2];
        int w = s[3];
        float[] src = images.data();
        float[] dst = new float[src.length];
        for (int plane = 0; plane < s[0] * s[1]; plane++) {
            int base = plane * h * w;
            for (int y = 0; y < h; y++) {
                int sy = fill == null ? reflect(y + dy, h) : y + dy;
                for (int x = 0; x < w; x++) {
                    int sx = fill == null ? reflect(x + dx, w) : x + dx;
                    boolean inside = sy >= 0 && sy < h && sx >= 0 && sx < w;
                    dst[base + y * w + x] = inside ? src[base + sy * w + sx] : fill[plane % s[1]];
                }
            }
        }
        return Tensor.of(dst, s);
    }

    /** Index {@code i} mirrored into [0, n) about the edge pixels, for {@code -n < i < 2n - 1}. */
    private static int reflect(int i, int n) {
        return i < 0 ? -i : i >= n ? 2 * (n - 1) - i : i;
    }

    private static int[] requireImages(String op, Tensor images) {
        int[] s = images.shape();
        if (s.length != 4) {
            throw new IllegalArgumentException(op + ": images " + Shapes.str(s) + " must be [N, C, H, W]");
        }
        return s;
    }
}
