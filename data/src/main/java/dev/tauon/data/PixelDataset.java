package dev.tauon.data;

/**
 * A {@link Dataset} of images whose pixels are unsigned bytes (0-255), channel-major: features of
 * shape {@code [channels, height, width]} with the value {@code byte / 255f}. The loader reads the
 * bytes ({@link #readPixels}) and turns them into normalised floats through a lookup table per
 * channel, applying the augmentation in the same pass, so implement this rather than
 * {@link #readFeatures} when the images are bytes.
 */
public interface PixelDataset extends Dataset {

    /**
     * Writes the {@code channels * height * width} pixel bytes of image {@code index}, channel by
     * channel and row by row, into {@code dst[offset ..]}.
     *
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code 0 .. size()-1}
     */
    void readPixels(int index, byte[] dst, int offset);

    /** Each pixel byte {@code v} as {@code v / 255f}. */
    @Override
    default void readFeatures(int index, float[] dst, int offset) {
        int n = featureSize();
        byte[] pixels = new byte[n];
        readPixels(index, pixels, 0);
        for (int i = 0; i < n; i++) {
            dst[offset + i] = (pixels[i] & 0xFF) / 255f;
        }
    }

    @Override
    default PixelDataset select(int[] indices) {
        return new DatasetView.Pixels(this, indices);
    }

    @Override
    default PixelDataset subset(int from, int to) {
        return select(DatasetView.range(from, to, size()));
    }
}
