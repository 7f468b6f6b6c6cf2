package dev.tauon.data;

import java.util.Arrays;

/**
 * Turns one record's pixel bytes into floats in CHW order through per-channel lookup tables,
 * optionally shifted (crop from a padded image, black or reflected) and mirrored, and cut out. The
 * inner loop of the loader.
 */
final class ImageConverter {
    private final int channels;
    private final int height;
    private final int width;
    private final float[][] tables;

    ImageConverter(RecordFormat format, Normalization normalization) {
        this.channels = format.channels();
        this.height = format.height();
        this.width = format.width();
        this.tables = normalization.lookupTables(channels);
    }

    /** Converts the record at {@code src[off]} (its label byte) into {@code dst[dOff ..]}. */
    void convert(byte[] src, int off, float[] dst, int dOff) {
        int s = off + 1;
        int d = dOff;
        int plane = height * width;
        for (int c = 0; c < channels; c++) {
            float[] table = tables[c];
            for (int end = s + plane; s < end; s++, d++) {
                dst[d] = table[src[s] & 0xFF];
            }
        }
    }

    int height() {
        return height;
    }

    int width() {
        return width;
    }

    /**
     * As {@link #convert(byte[], int, float[], int)}, but output pixel (y, x) is input pixel
     * {@code (y + shiftY, (flip ? width-1-x : x) + shiftX)}. Where that lies outside the image it
     * is, with {@code reflect}, mirrored back in about the edge pixels (for shifts smaller than the
     * image), and otherwise what a byte 0 becomes (a black border, as padding the image before
     * normalising gives).
     */
    void convert(byte[] src, int off, float[] dst, int dOff, boolean flip, int shiftY, int shiftX, boolean reflect) {
        int plane = height * width;
        for (int c = 0; c < channels; c++) {
            float[] table = tables[c];
            float pad = table[0];
            int inPlane = off + 1 + c * plane;
            for (int y = 0; y < height; y++) {
                int out = dOff + c * plane + y * width;
                int sy = reflect ? reflect(y + shiftY, height) : y + shiftY;
                if (sy < 0 || sy >= height) {
                    Arrays.fill(dst, out, out + width, pad);
                    continue;
                }
                int inRow = inPlane + sy * width;
                for (int x = 0; x < width; x++) {
                    int sx = (flip ? width - 1 - x : x) + shiftX;
                    if (reflect) {
                        sx = reflect(sx, width);
                    }
                    dst[out + x] = sx >= 0 && sx < width ? table[src[inRow + sx] & 0xFF] : pad;
                }
            }
        }
    }

    /** Index {@code i} mirrored into [0, n) about the edge pixels, for {@code -n < i < 2n - 1}. */
    private static int reflect(int i, int n) {
        return i < 0 ? -i : i >= n ? 2 * (n - 1) - i : i;
    }

    /**
     * Sets the square of side {@code size} with top-left pixel ({@code top}, {@code left}) to 0 in
     * every channel of the image at {@code dst[dOff]}, the part of it inside the image.
     */
    void zeroSquare(float[] dst, int dOff, int top, int left, int size) {
        int y0 = Math.max(top, 0);
        int y1 = Math.min(top + size, height);
        int x0 = Math.max(left, 0);
        int x1 = Math.min(left + size, width);
        for (int c = 0; c < channels; c++) {
            for (int y = y0; y < y1; y++) {
                int row = dOff + (c * height + y) * width;
                Arrays.fill(dst, row + x0, row + x1, 0f);
            }
        }
    }
}
