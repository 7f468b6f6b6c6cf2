package dev.tauon.data;

/**
 * Bilinear resampling of a box of a CHW float image to another size, with half-pixel centres and
 * the box's edge pixels repeated beyond it (PyTorch's {@code interpolate(mode="bilinear",
 * align_corners=False)}, without antialiasing): output pixel {@code (y, x)} samples the box at
 * {@code top + (y + 0.5) * boxHeight / outHeight - 0.5} (columns alike).
 */
final class Resampling {
    private Resampling() {
    }

    /**
     * Resamples rows {@code top .. top+boxHeight-1} and columns {@code left .. left+boxWidth-1} of
     * each of the {@code channels} planes of {@code src} (each {@code srcHeight x srcWidth}, from
     * {@code srcOff}) to {@code outHeight x outWidth} planes in {@code dst} from {@code dOff}.
     */
    static void bilinear(float[] src, int srcOff, int srcHeight, int srcWidth, int top, int left, int boxHeight,
                         int boxWidth, float[] dst, int dOff, int outHeight, int outWidth, int channels) {
        int[] y0 = new int[outHeight];
        int[] y1 = new int[outHeight];
        float[] fy = new float[outHeight];
        sample(top, boxHeight, outHeight, y0, y1, fy);
        int[] x0 = new int[outWidth];
        int[] x1 = new int[outWidth];
        float[] fx = new float[outWidth];
        sample(left, boxWidth, outWidth, x0, x1, fx);
        int inPlane = srcHeight * srcWidth;
        int outPlane = outHeight * outWidth;
        for (int c = 0; c < channels; c++) {
            int in = srcOff + c * inPlane;
            int out = dOff + c * outPlane;
            for (int y = 0; y < outHeight; y++) {
                int r0 = in + y0[y] * srcWidth;
                int r1 = in + y1[y] * srcWidth;
                float wy = fy[y];
                for (int x = 0; x < outWidth; x++) {
                    float wx = fx[x];
                    float upper = (1 - wx) * src[r0 + x0[x]] + wx * src[r0 + x1[x]];
                    float lower = (1 - wx) * src[r1 + x0[x]] + wx * src[r1 + x1[x]];
                    dst[out + y * outWidth + x] = (1 - wy) * upper + wy * lower;
                }
            }
        }
    }

    /** For each of {@code n} outputs along one axis, the two source indices and the weight of the second. */
    private static void sample(int start, int length, int n, int[] i0, int[] i1, float[] frac) {
        double scale = (double) length / n;
        int last = start + length - 1;
        for (int o = 0; o < n; o++) {
            double s = Math.min(Math.max(start + (o + 0.5) * scale - 0.5, start), last);
            int lo = (int) Math.floor(s);
            i0[o] = lo;
            i1[o] = Math.min(lo + 1, last);
            frac[o] = (float) (s - lo);
        }
    }
}
