package dev.tauon.nn.explain;

import dev.tauon.core.Shapes;
import dev.tauon.core.Tensor;

/** Turning attributions into one map per image, for display and comparison. */
public final class Heatmaps {
    private Heatmaps() {}

    /** {@code [N, C, H, W]} attributions to {@code [N, H, W]}: the sum over channels of their magnitudes. */
    public static Tensor perPixel(Tensor attributions) {
        int[] s = attributions.shape();
        if (s.length != 4) {
            throw new IllegalArgumentException(
                    "Heatmaps.perPixel: attributions " + Shapes.str(s) + " must be [N, C, H, W]");
        }
        int hw = s[2] * s[3];
        float[] a = attributions.data();
        float[] out = new float[s[0] * hw];
        for (int e = 0; e < s[0]; e++) {
            for (int c = 0; c < s[1]; c++) {
                for (int i = 0; i < hw; i++) {
                    out[e * hw + i] += Math.abs(a[(e * s[1] + c) * hw + i]);
                }
            }
        }
        return Tensor.of(out, s[0], s[2], s[3]);
    }

    /**
     * {@code [N, h, w]} maps resized to {@code [N, height, width]} by bilinear interpolation with
     * aligned corners' centres (half-pixel offsets, as PyTorch's {@code align_corners=False}).
     */
    public static Tensor resize(Tensor maps, int height, int width) {
        int[] s = maps.shape();
        if (s.length != 3 || height < 1 || width < 1) {
            throw new IllegalArgumentException("Heatmaps.resize: maps " + Shapes.str(s) + " must be [N, H, W] and the"
                    + " size " + height + "x" + width + " positive");
        }
        int h = s[1];
        int w = s[2];
        float[] m = maps.data();
        float[] out = new float[s[0] * height * width];
        for (int e = 0; e < s[0]; e++) {
            for (int i = 0; i < height; i++) {
                float y = Math.max(0f, (i + 0.5f) * h / height - 0.5f);
                int y0 = Math.min((int) y, h - 1);
                int y1 = Math.min(y0 + 1, h - 1);
                float fy = y - y0;
                for (int j = 0; j < width; j++) {
                    float x = Math.max(0f, (j + 0.5f) * w / width - 0.5f);
                    int x0 = Math.min((int) x, w - 1);
                    int x1 = Math.min(x0 + 1, w - 1);
                    float fx = x - x0;
                    int b = e * h * w;
                    float top = m[b + y0 * w + x0] * (1 - fx) + m[b + y0 * w + x1] * fx;
                    float bottom = m[b + y1 * w + x0] * (1 - fx) + m[b + y1 * w + x1] * fx;
                    out[(e * height + i) * width + j] = top * (1 - fy) + bottom * fy;
                }
            }
        }
        return Tensor.of(out, s[0], height, width);
    }
}
