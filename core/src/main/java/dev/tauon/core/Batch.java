package dev.tauon.core;

import java.util.Objects;

/**
 * One mini-batch as a training loop consumes it: the inputs, and the targets either as integer
 * class labels (for cross-entropy) or as a tensor (one-hot rows, regression targets), or both.
 *
 * <p>It lives in {@code core} so that a data source and a training loop can meet without one
 * depending on the other: {@code data} produces batches, {@code nn} consumes them.
 *
 * @param inputs  the inputs, batch first (for images: NCHW)
 * @param labels  class indices, one per input row, or {@code null}
 * @param targets target tensor with the batch first, or {@code null}
 */
public record Batch(Tensor inputs, int[] labels, Tensor targets) {

    /** Checks the batch: inputs, and labels or targets (not both), with one row per sample. */
    public Batch {
        Objects.requireNonNull(inputs, "inputs");
        if (labels == null && targets == null) {
            throw new IllegalArgumentException("batch: needs labels or targets, got neither");
        }
        int n = inputs.rank() == 0 ? 1 : inputs.dim(0);
        if (labels != null && labels.length != n) {
            throw new IllegalArgumentException("batch: " + labels.length + " labels for " + Shapes.str(inputs.shape())
                    + " inputs (batch " + n + ")");
        }
        if (targets != null && (targets.rank() == 0 || targets.dim(0) != n)) {
            throw new IllegalArgumentException("batch: targets " + Shapes.str(targets.shape()) + " do not match inputs "
                    + Shapes.str(inputs.shape()) + " in the batch dimension");
        }
    }

    /** A batch of inputs with integer class labels. */
    public static Batch ofLabels(Tensor inputs, int[] labels) {
        return new Batch(inputs, labels, null);
    }

    /** A batch of inputs with a target tensor (one-hot rows or regression targets). */
    public static Batch ofTargets(Tensor inputs, Tensor targets) {
        return new Batch(inputs, null, targets);
    }

    /** Number of examples in the batch. */
    public int size() {
        return inputs.rank() == 0 ? 1 : inputs.dim(0);
    }
}
