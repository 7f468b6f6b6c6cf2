package dev.tauon.nn.losses;

import dev.tauon.core.Batch;
import dev.tauon.core.Tensor;

/**
 * A training objective: the mean loss of a batch, as a scalar tensor to call {@code backward} on.
 */
public interface Loss {

    /**
     * The mean loss of the model's {@code output} on {@code batch}. When {@link #expectsLogits()}
     * and the model ends in a softmax, the trainer passes the logits before that softmax.
     */
    Tensor compute(Tensor output, Batch batch);

    /**
     * Whether this loss takes logits (unnormalised scores) and applies softmax itself. A trainer
     * then feeds it a softmax-ending model's {@code forwardLogits}, so softmax runs once, fused
     * with the log, and stays stable.
     */
    default boolean expectsLogits() {
        return false;
    }

    /** Softmax cross-entropy from logits, with integer labels or target distributions; see {@link CrossEntropy}. */
    static Loss crossEntropy() {
        return new CrossEntropy();
    }

    /** Softmax cross-entropy whose targets are smoothed towards uniform by {@code labelSmoothing}, as Keras' {@code label_smoothing}. */
    static Loss crossEntropy(float labelSmoothing) {
        return new CrossEntropy(labelSmoothing);
    }

    /** Mean squared error against the batch's targets; see {@link MeanSquaredError}. */
    static Loss meanSquaredError() {
        return new MeanSquaredError();
    }
}
