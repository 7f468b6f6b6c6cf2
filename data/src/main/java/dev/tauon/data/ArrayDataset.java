package dev.tauon.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * A dataset held in Java arrays, as PyTorch's {@code TensorDataset}: the features of all examples
 * one after the other in one {@code float[]}, and the class labels ({@code int[]}) or the float
 * targets ({@code float[]}, {@code targetSize} per example). The arrays are used as they are, not
 * copied: do not change them while a loader reads them.
 */
public final class ArrayDataset implements Dataset {
    private final float[] features;
    private final int[] featureShape;
    private final int featureSize;
    private final int size;
    private final int[] labels;
    private final int numClasses;
    private final float[] targets;
    private final int targetSize;

    private ArrayDataset(
            float[] features,
            int[] featureShape,
            int size,
            int[] labels,
            int numClasses,
            float[] targets,
            int targetSize) {
        this.features = features;
        this.featureShape = featureShape;
        this.featureSize = features.length / Math.max(1, size);
        this.size = size;
        this.labels = labels;
        this.numClasses = numClasses;
        this.targets = targets;
        this.targetSize = targetSize;
    }

    /**
     * Examples with class labels: example {@code i} has features
     * {@code features[i * f .. (i+1) * f)} ({@code f} the product of {@code featureShape}) and label
     * {@code labels[i]}.
     *
     * @throws IllegalArgumentException if the sizes disagree, a feature is not finite or a label is
     *                                  outside {@code 0 .. numClasses-1}
     */
    public static ArrayDataset withLabels(float[] features, int[] featureShape, int[] labels, int numClasses) {
        Objects.requireNonNull(labels, "labels");
        if (numClasses <= 0) {
            throw new IllegalArgumentException("array dataset: numClasses must be positive, got " + numClasses);
        }
        int[] shape = checkFeatures(features, featureShape, labels.length);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("array dataset: example " + i + " has label " + labels[i]
                        + ", expected 0.." + (numClasses - 1));
            }
        }
        return new ArrayDataset(features, shape, labels.length, labels, numClasses, null, 0);
    }

    /**
     * Examples with float targets: example {@code i} has features as in {@link #withLabels} and
     * target {@code targets[i * targetSize .. (i+1) * targetSize)}.
     *
     * @throws IllegalArgumentException if the sizes disagree or a value is not finite
     */
    public static ArrayDataset withTargets(float[] features, int[] featureShape, float[] targets, int targetSize) {
        Objects.requireNonNull(targets, "targets");
        if (targetSize <= 0 || targets.length % targetSize != 0) {
            throw new IllegalArgumentException("array dataset: " + targets.length + " target values are not whole "
                    + "targets of size " + targetSize);
        }
        int n = targets.length / targetSize;
        int[] shape = checkFeatures(features, featureShape, n);
        for (int k = 0; k < targets.length; k++) {
            if (!Float.isFinite(targets[k])) {
                throw new IllegalArgumentException("array dataset: example " + k / targetSize + " has target "
                        + targets[k] + " at position " + k % targetSize + "; targets must be finite");
            }
        }
        return new ArrayDataset(features, shape, n, null, 0, targets, targetSize);
    }

    private static int[] checkFeatures(float[] features, int[] featureShape, int n) {
        Objects.requireNonNull(features, "features");
        int[] shape = featureShape.clone();
        long f = 1;
        for (int d : shape) {
            if (d <= 0) {
                throw new IllegalArgumentException(
                        "array dataset: feature shape " + Arrays.toString(shape) + " must have positive sizes");
            }
            f *= d;
        }
        if (f * n != features.length) {
            throw new IllegalArgumentException("array dataset: " + features.length + " feature values for " + n
                    + " examples of shape " + Arrays.toString(shape) + " (" + f + " each, " + f * n + " in all)");
        }
        for (int k = 0; k < features.length; k++) {
            if (!Float.isFinite(features[k])) {
                throw new IllegalArgumentException("array dataset: example " + k / f + " has feature " + features[k]
                        + " at position " + k % f + "; features must be finite");
            }
        }
        return shape;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int[] featureShape() {
        return featureShape.clone();
    }

    @Override
    public int featureSize() {
        return featureSize;
    }

    @Override
    public int numClasses() {
        return numClasses;
    }

    @Override
    public int targetSize() {
        return targetSize;
    }

    @Override
    public void readFeatures(int index, float[] dst, int offset) {
        Objects.checkIndex(index, size);
        System.arraycopy(features, index * featureSize, dst, offset, featureSize);
    }

    @Override
    public int label(int index) {
        if (labels == null) {
            throw new UnsupportedOperationException(this + " has float targets, not class labels");
        }
        return labels[Objects.checkIndex(index, size)];
    }

    @Override
    public void readTarget(int index, float[] dst, int offset) {
        if (targets == null) {
            throw new UnsupportedOperationException(this + " has class labels, not float targets");
        }
        System.arraycopy(targets, Objects.checkIndex(index, size) * targetSize, dst, offset, targetSize);
    }

    @Override
    public String toString() {
        return "ArrayDataset[" + size + " examples of " + Arrays.toString(featureShape)
                + (labels != null ? ", " + numClasses + " classes]" : ", targets of " + targetSize + "]");
    }
}
