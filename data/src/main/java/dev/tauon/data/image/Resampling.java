package dev.tauon.data.image;

/**
 * Resampling of CHW float images (or a box of one) to another size, by an {@link Interpolation}.
 * Pure arithmetic on arrays, the same bits on every machine: the loader's random resized crop and
 * the image folder reader's resize both use it.
 */
public final class Resampling {
    private Resampling() {}

    /**
     * Resamples rows {@code top .. top+boxHeight-1} and columns {@code left .. left+boxWidth-1} of
     * each of the {@code channels} planes of {@code src} (each {@code srcHeight x srcWidth}, from
     * {@code srcOff}) to {@code outHeight x outWidth} planes in {@code dst} from {@code dOff}.
     * Bilinear: output pixel {@code (y, x)} samples the box at {@code top + (y + 0.5) * boxHeight /
     * outHeight - 0.5} (columns alike), clamped to the box, so its edge pixels repeat beyond it.
     */
    public static void bilinear(
            float[] src,
            int srcOff,
            int srcHeight,
            int srcWidth,
            int top,
            int left,
            int boxHeight,
            int boxWidth,
            float[] dst,
            int dOff,
            int outHeight,
            int outWidth,
            int channels) {
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

    /**
     * Resamples whole {@code srcHeight x srcWidth} planes to {@code outHeight x outWidth} by
     * {@code interpolation}.
     */
    public static void resize(
            float[] src,
            int srcHeight,
            int srcWidth,
            float[] dst,
            int outHeight,
            int outWidth,
            int channels,
            Interpolation interpolation) {
        switch (interpolation) {
            case BILINEAR ->
                bilinear(src, 0, srcHeight, srcWidth, 0, 0, srcHeight, srcWidth, dst, 0, outHeight, outWidth, channels);
            case NEAREST -> nearest(src, srcHeight, srcWidth, dst, outHeight, outWidth, channels);
            case AREA -> area(src, srcHeight, srcWidth, dst, outHeight, outWidth, channels);
        }
    }

    private static void nearest(
            float[] src, int srcHeight, int srcWidth, float[] dst, int outHeight, int outWidth, int channels) {
        int[] sx = new int[outWidth];
        for (int x = 0; x < outWidth; x++) {
            sx[x] = Math.min((int) Math.floor((x + 0.5) * srcWidth / outWidth), srcWidth - 1);
        }
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < outHeight; y++) {
                int sy = Math.min((int) Math.floor((y + 0.5) * srcHeight / outHeight), srcHeight - 1);
                int in = (c * srcHeight + sy) * srcWidth;
                int out = (c * outHeight + y) * outWidth;
                for (int x = 0; x < outWidth; x++) {
                    dst[out + x] = src[in + sx[x]];
                }
            }
        }
    }

    /** Rows first, then columns: each output pixel is the coverage-weighted mean of the source pixels under it. */
    private static void area(
            float[] src, int srcHeight, int srcWidth, float[] dst, int outHeight, int outWidth, int channels) {
        Coverage cx = new Coverage(srcWidth, outWidth);
        Coverage cy = new Coverage(srcHeight, outHeight);
        double[] rows = new double[srcHeight * outWidth];
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < srcHeight; i++) {
                int in = (c * srcHeight + i) * srcWidth;
                for (int x = 0; x < outWidth; x++) {
                    double sum = 0;
                    for (int k = 0; k < cx.weights[x].length; k++) {
                        sum += cx.weights[x][k] * src[in + cx.first[x] + k];
                    }
                    rows[i * outWidth + x] = sum;
                }
            }
            for (int y = 0; y < outHeight; y++) {
                for (int x = 0; x < outWidth; x++) {
                    double sum = 0;
                    for (int k = 0; k < cy.weights[y].length; k++) {
                        sum += cy.weights[y][k] * rows[(cy.first[y] + k) * outWidth + x];
                    }
                    dst[(c * outHeight + y) * outWidth + x] = (float) (sum / (cx.scale * cy.scale));
                }
            }
        }
    }

    /** For each output index, the source indices [i, i+1) its span [o*s, (o+1)*s) covers, and by how much. */
    private static final class Coverage {
        final double scale;
        final int[] first;
        final double[][] weights;

        Coverage(int in, int out) {
            scale = (double) in / out;
            first = new int[out];
            weights = new double[out][];
            for (int o = 0; o < out; o++) {
                double from = o * scale;
                double to = (o + 1) * scale;
                int lo = (int) Math.floor(from);
                int hi = Math.min(in, (int) Math.ceil(to));
                first[o] = lo;
                weights[o] = new double[hi - lo];
                for (int i = lo; i < hi; i++) {
                    weights[o][i - lo] = Math.min(to, i + 1) - Math.max(from, i);
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
