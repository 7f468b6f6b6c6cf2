package dev.tauon.nn.losses;

import dev.tauon.core.Batch;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Functional;

/**
 * Mean softmax cross-entropy of logits {@code [N, C]}: against the batch's integer labels when it
 * has them (Keras' sparse categorical cross-entropy), else against its target rows (categorical
 * cross-entropy, one-hot or soft). Softmax and log are fused in core, so it is stable for any logits.
 *
 * <p>With a model ending in a softmax the trainer hands this loss the logits before that softmax:
 * the same loss Keras computes for a softmax output, without its clipping of probabilities.
 */
public final class CrossEntropy implements Loss {
    @Override
    public Tensor compute(Tensor logits, Batch batch) {
        return batch.labels() != null
                ? Functional.crossEntropy(logits, batch.labels())
                : Functional.crossEntropy(logits, batch.targets());
    }

    @Override
    public boolean expectsLogits() {
        return true;
    }

    @Override
    public String toString() {
        return "CrossEntropy";
    }
}
