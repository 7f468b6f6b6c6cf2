package dev.tauon.data;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Images held in memory as their pixel bytes with an {@code int} label each, any number of
 * classes: what the image folder and IDX readers read into. The pixels are either one
 * array of all images one after the other or one array per image (so a set of images may exceed
 * the 2 GB of one Java array); the arrays are used as they are, not copied.
 */
public final class PixelArrayDataset implements PixelDataset {
    private final int[] shape;
    private final int imageSize;
    private final byte[][] chunks;
    private final int imagesPerChunk;
    private final int[] labels;
    private final int numClasses;

    private PixelArrayDataset(int[] shape, byte[][] chunks, int imagesPerChunk, int[] labels, int numClasses) {
        this.shape = shape;
        this.imageSize = shape[0] * shape[1] * shape[2];
        this.chunks = chunks;
        this.imagesPerChunk = imagesPerChunk;
        this.labels = labels;
        this.numClasses = numClasses;
    }

    /**
     * {@code labels.length} images of {@code channels x height x width} bytes, channel-major, one
     * after the other in {@code pixels}.
     *
     * @throws IllegalArgumentException if the sizes disagree or a label is outside {@code 0 .. numClasses-1}
     */
    public static PixelArrayDataset of(
            int channels, int height, int width, byte[] pixels, int[] labels, int numClasses) {
        int[] shape = checkShape(channels, height, width);
        long expected = (long) labels.length * channels * height * width;
        if (pixels.length != expected) {
            throw new IllegalArgumentException("pixel dataset: " + pixels.length + " bytes for " + labels.length
                    + " images of " + channels + "x" + height + "x" + width + " (" + expected + " bytes)");
        }
        checkLabels(labels, numClasses);
        return new PixelArrayDataset(shape, new byte[][] {pixels}, Math.max(1, labels.length), labels, numClasses);
    }

    /**
     * One array of {@code channels x height x width} bytes, channel-major, per image.
     *
     * @throws IllegalArgumentException if an image has the wrong size, the counts disagree or a
     *                                  label is outside {@code 0 .. numClasses-1}
     */
    public static PixelArrayDataset of(
            int channels, int height, int width, List<byte[]> images, int[] labels, int numClasses) {
        int[] shape = checkShape(channels, height, width);
        if (images.size() != labels.length) {
            throw new IllegalArgumentException(
                    "pixel dataset: " + images.size() + " images and " + labels.length + " labels");
        }
        byte[][] chunks = images.toArray(new byte[0][]);
        for (int i = 0; i < chunks.length; i++) {
            if (chunks[i].length != channels * height * width) {
                throw new IllegalArgumentException("pixel dataset: image " + i + " has " + chunks[i].length
                        + " bytes, expected " + channels + "x" + height + "x" + width);
            }
        }
        checkLabels(labels, numClasses);
        return new PixelArrayDataset(shape, chunks, 1, labels, numClasses);
    }

    private static int[] checkShape(int channels, int height, int width) {
        if (channels <= 0 || height <= 0 || width <= 0 || (long) channels * height * width > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("pixel dataset: images of " + channels + "x" + height + "x" + width
                    + " (sizes must be positive, an image at most 2^31-1 bytes)");
        }
        return new int[] {channels, height, width};
    }

    private static void checkLabels(int[] labels, int numClasses) {
        if (numClasses <= 0) {
            throw new IllegalArgumentException("pixel dataset: numClasses must be positive, got " + numClasses);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException(
                        "pixel dataset: image " + i + " has label " + labels[i] + ", expected 0.." + (numClasses - 1));
            }
        }
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int[] featureShape() {
        return shape.clone();
    }

    @Override
    public int featureSize() {
        return imageSize;
    }

    @Override
    public int numClasses() {
        return numClasses;
    }

    @Override
    public int label(int index) {
        return labels[Objects.checkIndex(index, labels.length)];
    }

    @Override
    public void readPixels(int index, byte[] dst, int offset) {
        Objects.checkIndex(index, labels.length);
        System.arraycopy(chunks[index / imagesPerChunk], index % imagesPerChunk * imageSize, dst, offset, imageSize);
    }

    @Override
    public String toString() {
        return "PixelArrayDataset[" + labels.length + " images of " + Arrays.toString(shape) + ", " + numClasses
                + " classes]";
    }
}
