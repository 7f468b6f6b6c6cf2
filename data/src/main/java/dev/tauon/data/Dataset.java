package dev.tauon.data;

/**
 * Indexed examples, as PyTorch's {@code Dataset}: example {@code i} has features, a float tensor
 * of {@link #featureShape()}, and either a class label in {@code 0 .. numClasses()-1} or a float
 * target of {@link #targetSize()} values. A {@link BatchLoader} batches any dataset, shuffled,
 * normalised, augmented (image-shaped features only) and prefetched.
 *
 * <p>A new dataset is one class implementing the five abstract methods; the loader calls
 * {@link #readFeatures} and {@link #label} (or {@link #readTarget}) from its background thread,
 * one call at a time, so an implementation need not be thread-safe unless it is shared by
 * loaders that run at once. Images whose pixels are unsigned bytes should implement
 * {@link PixelDataset} instead: the loader then normalises and augments them through lookup
 * tables, without floats in between.
 *
 * <p>Features are the values the model sees before {@link Normalization}; for images they are
 * channel-major ({@code [channels, height, width]}), which is what the augmentations and the
 * per-channel normalisation expect, and for pixel datasets they are {@code byte / 255f}.
 */
public interface Dataset {

    /** Number of examples. */
    int size();

    /** The shape of one example's features, e.g. {@code [3, 32, 32]} or {@code [30]}; a fresh array. */
    int[] featureShape();

    /**
     * Number of classes when the examples carry class labels ({@link #label}), or 0 when they carry
     * float targets ({@link #readTarget}) instead.
     */
    int numClasses();

    /**
     * Writes the features of example {@code index} into {@code dst[offset .. offset + featureSize())},
     * channel-major for images.
     *
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code 0 .. size()-1}
     */
    void readFeatures(int index, float[] dst, int offset);

    /**
     * The class label of example {@code index}, in {@code 0 .. numClasses()-1}.
     *
     * @throws UnsupportedOperationException if the examples carry float targets instead
     */
    int label(int index);

    /** Floats in one example's target, or 0 when the examples carry class labels. */
    default int targetSize() {
        return 0;
    }

    /**
     * Writes the target of example {@code index} into {@code dst[offset .. offset + targetSize())}.
     *
     * @throws UnsupportedOperationException if the examples carry class labels instead
     */
    default void readTarget(int index, float[] dst, int offset) {
        throw new UnsupportedOperationException(this + " has class labels, not float targets");
    }

    /** Floats in one example's features: the product of {@link #featureShape()}. */
    default int featureSize() {
        int n = 1;
        for (int d : featureShape()) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /**
     * The examples at {@code indices}, in that order, as a view reading through this dataset (an
     * index may repeat). The array is copied.
     *
     * @throws IndexOutOfBoundsException if an index is not in {@code 0 .. size()-1}
     */
    default Dataset select(int[] indices) {
        return new DatasetView(this, indices);
    }

    /** Examples {@code from} (inclusive) to {@code to} (exclusive), as a view. */
    default Dataset subset(int from, int to) {
        return select(DatasetView.range(from, to, size()));
    }

    /**
     * How many examples carry each label.
     *
     * @throws UnsupportedOperationException if the examples carry float targets
     * @throws IllegalStateException         if a label is out of range
     */
    default int[] classCounts() {
        if (numClasses() == 0) {
            throw new UnsupportedOperationException(this + " has float targets, not class labels");
        }
        int[] counts = new int[numClasses()];
        for (int i = 0; i < size(); i++) {
            int label = label(i);
            if (label < 0 || label >= counts.length) {
                throw new IllegalStateException(
                        this + ": example " + i + " has label " + label + ", expected 0.." + (counts.length - 1));
            }
            counts[label]++;
        }
        return counts;
    }
}
