package dev.tauon.data;

import dev.tauon.core.Batch;
import dev.tauon.core.Tensor;

/** The arrays of one batch, refilled in place epoch after epoch position by position. */
final class BatchBuffer {
    final int capacity;
    final float[] inputs;
    /** Class labels, or null when the examples carry float targets. */
    final int[] labels;
    /** One-hot rows or float targets, or null. */
    final float[] targets;

    final Batch batch;

    /**
     * @param featureShape one example's features
     * @param labelled     whether the examples carry class labels
     * @param targetWidth  floats per example in {@link #targets}: the classes for one-hot rows, the
     *                     target size for float targets, 0 for no targets
     */
    BatchBuffer(int capacity, int[] featureShape, boolean labelled, int targetWidth) {
        this.capacity = capacity;
        int[] shape = new int[featureShape.length + 1];
        shape[0] = capacity;
        System.arraycopy(featureShape, 0, shape, 1, featureShape.length);
        this.inputs = new float[Math.multiplyExact(capacity, sizeOf(featureShape))];
        this.labels = labelled ? new int[capacity] : null;
        this.targets = targetWidth > 0 ? new float[capacity * targetWidth] : null;
        Tensor inputTensor = Tensor.wrap(inputs, shape);
        Tensor targetTensor = targets == null ? null : Tensor.wrap(targets, capacity, targetWidth);
        this.batch = new Batch(inputTensor, labels, targetTensor);
    }

    private static int sizeOf(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }
}
