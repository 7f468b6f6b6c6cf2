package dev.tauon.nn.losses;

import dev.tauon.core.Batch;
import dev.tauon.core.Shapes;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Functional;
import java.util.Arrays;

/**
 * Mean softmax cross-entropy of logits {@code [N, C]}: against the batch's integer labels when it
 * has them (Keras' sparse categorical cross-entropy), else against its target rows (categorical
 * cross-entropy, one-hot or soft). Softmax and log are fused in core, so it is stable for any logits.
 *
 * <p>With label smoothing {@code e} (Keras' {@code label_smoothing}), every target row becomes
 * {@code (1 - e) * target + e / C}: the model is no longer pushed towards infinite logits for the
 * right class.
 *
 * <p>With a model ending in a softmax the trainer hands this loss the logits before that softmax:
 * the same loss Keras computes for a softmax output, without its clipping of probabilities.
 */
public final class CrossEntropy implements Loss {
    private final float labelSmoothing;

    /** Without label smoothing. */
    public CrossEntropy() {
        this(0f);
    }

    /** With label smoothing {@code e} in [0, 1). */
    public CrossEntropy(float labelSmoothing) {
        if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
            throw new IllegalArgumentException(
                    "CrossEntropy: label smoothing must be in [0, 1), got " + labelSmoothing);
        }
        this.labelSmoothing = labelSmoothing;
    }

    /** The label smoothing: the share of each target spread evenly over all classes (0 for none). */
    public float labelSmoothing() {
        return labelSmoothing;
    }

    @Override
    public Tensor compute(Tensor logits, Batch batch) {
        if (labelSmoothing == 0f) {
            return batch.labels() != null
                    ? Functional.crossEntropy(logits, batch.labels())
                    : Functional.crossEntropy(logits, batch.targets());
        }
        return Functional.crossEntropy(logits, smoothedTargets(logits, batch));
    }

    private Tensor smoothedTargets(Tensor logits, Batch batch) {
        int[] s = logits.shape();
        if (s.length != 2) {
            throw new IllegalArgumentException("CrossEntropy: logits " + Shapes.str(s) + " must be [N, C]");
        }
        int n = s[0];
        int classes = s[1];
        float floor = labelSmoothing / classes;
        float[] t = new float[n * classes];
        int[] labels = batch.labels();
        if (labels != null) {
            if (labels.length != n) {
                throw new IllegalArgumentException(
                        "CrossEntropy: " + labels.length + " labels for logits " + Shapes.str(s));
            }
            Arrays.fill(t, floor);
            for (int i = 0; i < n; i++) {
                if (labels[i] < 0 || labels[i] >= classes) {
                    throw new IllegalArgumentException("CrossEntropy: label " + labels[i] + " at row " + i
                            + " is outside [0, " + classes + ") for logits " + Shapes.str(s));
                }
                t[i * classes + labels[i]] += 1f - labelSmoothing;
            }
        } else {
            float[] given = batch.targets().data();
            if (given.length != t.length) {
                throw new IllegalArgumentException("CrossEntropy: targets "
                        + Shapes.str(batch.targets().shape()) + " and logits " + Shapes.str(s) + " differ in shape");
            }
            for (int i = 0; i < t.length; i++) {
                t[i] = given[i] * (1f - labelSmoothing) + floor;
            }
        }
        return Tensor.of(t, n, classes);
    }

    @Override
    public boolean expectsLogits() {
        return true;
    }

    @Override
    public String toString() {
        return labelSmoothing == 0f ? "CrossEntropy" : "CrossEntropy(label smoothing " + labelSmoothing + ")";
    }
}
