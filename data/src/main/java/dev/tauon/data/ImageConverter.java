package dev.tauon.data;

import java.util.Arrays;

/**
 * Turns one record's pixel bytes into floats in CHW order through per-channel lookup tables,
 * optionally shifted (crop from a zero-padded image) and mirrored. The inner loop of the loader.
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

    /**
     * As {@link #convert(byte[], int, float[], int)}, but output pixel (y, x) is input pixel
     * {@code (y + shiftY, (flip ? width-1-x : x) + shiftX)}, and where that lies outside the image,
     * what a byte 0 becomes (a black border, as padding the image before normalising gives).
     */
    void convert(byte[] src, int off, float[] dst, int dOff, boolean flip, int shiftY, int shiftX) {
        int plane = height * width;
        for (int c = 0; c < channels; c++) {
            float[] table = tables[c];
            float pad = table[0];
            int inPlane = off + 1 + c * plane;
            for (int y = 0; y < height; y++) {
                int out = dOff + c * plane + y * width;
                int sy = y + shiftY;
                if (sy < 0 || sy >= height) {
                    Arrays.fill(dst, out, out + width, pad);
                    continue;
                }
                int inRow = inPlane + sy * width;
                for (int x = 0; x < width; x++) {
                    int sx = (flip ? width - 1 - x : x) + shiftX;
                    dst[out + x] = sx >= 0 && sx < width ? table[src[inRow + sx] & 0xFF] : pad;
                }
            }
        }
    }
}
