package dev.tauon.data;

import dev.tauon.core.Batch;
import dev.tauon.core.Tensor;

/** The arrays of one batch, refilled in place epoch after epoch position by position. */
final class BatchBuffer {
    final int capacity;
    final float[] images;
    final int[] labels;
    final float[] targets;
    final Batch batch;

    BatchBuffer(int capacity, RecordFormat format, boolean oneHot) {
        this.capacity = capacity;
        this.images = new float[capacity * format.imageBytes()];
        this.labels = new int[capacity];
        this.targets = oneHot ? new float[capacity * format.numClasses()] : null;
        Tensor inputs = Tensor.wrap(images, capacity, format.channels(), format.height(), format.width());
        Tensor targetTensor = oneHot ? Tensor.wrap(targets, capacity, format.numClasses()) : null;
        this.batch = new Batch(inputs, labels, targetTensor);
    }
}
