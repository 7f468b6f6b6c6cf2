package dev.tauon.data;

import dev.tauon.data.image.Resampling;
import java.util.Arrays;

/**
 * Turns one image into normalised floats in CHW order, applying an {@link ImageTransform}: pixel
 * bytes through per-channel lookup tables, float features through {@code (x - mean) / std}. The
 * inner loop of the loader.
 *
 * <p>Bytes that are only shifted and mirrored take one pass, table lookup and move together; a
 * resized crop, and every float image that is transformed, go through scratch arrays, which makes
 * a converter usable by one thread at a time. Features that are not images are converted as
 * {@code channels x 1 x plane}: normalisation only.
 */
final class ImageConverter {
    private final int channels;
    private final int height;
    private final int width;
    private final Normalization normalization;
    private final float[][] tables;
    /** Per channel, what a byte 0 (or a feature 0) becomes: the black border of a shift. */
    private final float[] black;
    /** The source column of each output column, -1 outside the image; refilled per image. */
    private final int[] sourceColumn;

    private float[] scratch;
    private float[] resampled;

    ImageConverter(int channels, int height, int width, Normalization normalization) {
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.normalization = normalization;
        this.tables = normalization.lookupTables(channels);
        this.black = new float[channels];
        for (int c = 0; c < channels; c++) {
            black[c] = tables[c][0];
        }
        this.sourceColumn = new int[width];
    }

    int height() {
        return height;
    }

    int width() {
        return width;
    }

    /** Converts the pixel bytes at {@code src[off ..]} into {@code dst[dOff ..]}. */
    void convert(byte[] src, int off, float[] dst, int dOff) {
        int s = off;
        int d = dOff;
        int plane = height * width;
        for (int c = 0; c < channels; c++) {
            float[] table = tables[c];
            for (int end = s + plane; s < end; s++, d++) {
                dst[d] = table[src[s] & 0xFF];
            }
        }
    }

    /** Normalises the features at {@code src[off ..]} into {@code dst[dOff ..]} (which may be the same place). */
    void convert(float[] src, int off, float[] dst, int dOff) {
        int plane = height * width;
        for (int c = 0; c < channels; c++) {
            for (int i = c * plane, end = i + plane; i < end; i++) {
                dst[dOff + i] = normalization.normalize(c, src[off + i]);
            }
        }
    }

    /** As {@link #convert(byte[], int, float[], int)}, through transform {@code t}. */
    void convert(byte[] src, int off, float[] dst, int dOff, ImageTransform t) {
        if (t.resized) {
            float[] plain = scratch();
            convert(src, off, plain, 0);
            transformFloats(plain, dst, dOff, t);
        } else {
            shiftBytes(src, off, dst, dOff, t);
            cut(dst, dOff, t);
        }
    }

    /** As {@link #convert(float[], int, float[], int)}, through transform {@code t}. */
    void convert(float[] src, int off, float[] dst, int dOff, ImageTransform t) {
        float[] normalised = scratch();
        convert(src, off, normalised, 0);
        transformFloats(normalised, dst, dOff, t);
    }

    /** Resamples (if asked), shifts and mirrors the normalised image {@code src[0 ..]} into {@code dst}, then cuts out. */
    private void transformFloats(float[] src, float[] dst, int dOff, ImageTransform t) {
        float[] from = src;
        if (t.resized) {
            if (resampled == null) {
                resampled = new float[channels * height * width];
            }
            Resampling.bilinear(
                    src,
                    0,
                    height,
                    width,
                    t.boxTop,
                    t.boxLeft,
                    t.boxHeight,
                    t.boxWidth,
                    resampled,
                    0,
                    height,
                    width,
                    channels);
            from = resampled;
        }
        if (t.keepsPixelsInPlace()) {
            System.arraycopy(from, 0, dst, dOff, channels * height * width);
        } else {
            shiftFloats(from, dst, dOff, t);
        }
        cut(dst, dOff, t);
    }

    private float[] scratch() {
        if (scratch == null) {
            scratch = new float[channels * height * width];
        }
        return scratch;
    }

    /** Fills {@link #sourceColumn} for {@code t}: output column x reads source column (flip ? w-1-x : x) + shiftX. */
    private void prepareColumns(ImageTransform t) {
        for (int x = 0; x < width; x++) {
            int sx = (t.flip ? width - 1 - x : x) + t.shiftX;
            sourceColumn[x] = t.reflect ? reflect(sx, width) : sx >= 0 && sx < width ? sx : -1;
        }
    }

    /** The source row of output row {@code y}, -1 outside the image. */
    private int sourceRow(int y, ImageTransform t) {
        int sy = y + t.shiftY;
        return t.reflect ? reflect(sy, height) : sy >= 0 && sy < height ? sy : -1;
    }

    /**
     * Output pixel (y, x) is input pixel {@code (y + shiftY, (flip ? width-1-x : x) + shiftX)}. Where
     * that lies outside the image it is, with {@code reflect}, mirrored back in about the edge pixels
     * (for shifts smaller than the image), and otherwise what a byte 0 becomes (a black border, as
     * padding the image before normalising gives).
     */
    private void shiftBytes(byte[] src, int off, float[] dst, int dOff, ImageTransform t) {
        prepareColumns(t);
        int plane = height * width;
        for (int c = 0; c < channels; c++) {
            float[] table = tables[c];
            float pad = black[c];
            int inPlane = off + c * plane;
            for (int y = 0; y < height; y++) {
                int out = dOff + c * plane + y * width;
                int sy = sourceRow(y, t);
                if (sy < 0) {
                    Arrays.fill(dst, out, out + width, pad);
                    continue;
                }
                int inRow = inPlane + sy * width;
                for (int x = 0; x < width; x++) {
                    int sx = sourceColumn[x];
                    dst[out + x] = sx >= 0 ? table[src[inRow + sx] & 0xFF] : pad;
                }
            }
        }
    }

    /** {@link #shiftBytes} for an image already normalised. */
    private void shiftFloats(float[] src, float[] dst, int dOff, ImageTransform t) {
        prepareColumns(t);
        int plane = height * width;
        for (int c = 0; c < channels; c++) {
            float pad = black[c];
            for (int y = 0; y < height; y++) {
                int out = dOff + c * plane + y * width;
                int sy = sourceRow(y, t);
                if (sy < 0) {
                    Arrays.fill(dst, out, out + width, pad);
                    continue;
                }
                int inRow = c * plane + sy * width;
                for (int x = 0; x < width; x++) {
                    int sx = sourceColumn[x];
                    dst[out + x] = sx >= 0 ? src[inRow + sx] : pad;
                }
            }
        }
    }

    /** Index {@code i} mirrored into [0, n) about the edge pixels, for {@code -n < i < 2n - 1}. */
    private static int reflect(int i, int n) {
        return i < 0 ? -i : i >= n ? 2 * (n - 1) - i : i;
    }

    /**
     * Sets the square of {@code t}'s cutout to 0 in every channel of the image at {@code dst[dOff]},
     * the part of it inside the image.
     */
    private void cut(float[] dst, int dOff, ImageTransform t) {
        if (t.cutSize == 0) {
            return;
        }
        int y0 = Math.max(t.cutTop, 0);
        int y1 = Math.min(t.cutTop + t.cutSize, height);
        int x0 = Math.max(t.cutLeft, 0);
        int x1 = Math.min(t.cutLeft + t.cutSize, width);
        for (int c = 0; c < channels; c++) {
            for (int y = y0; y < y1; y++) {
                int row = dOff + (c * height + y) * width;
                Arrays.fill(dst, row + x0, row + x1, 0f);
            }
        }
    }
}
