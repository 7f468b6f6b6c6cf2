package dev.tauon.nn.train;

import dev.tauon.core.Batch;
import dev.tauon.core.Tensor;

/**
 * Counts correct predictions in a batch, as Keras picks its accuracy: with integer labels, the
 * arg-max of each output row against the label; with one-column targets, the output thresholded at
 * 0.5 against the target (binary accuracy); with wider targets, arg-max against arg-max. Logits
 * and their softmax have the same arg-max, so either can be passed.
 */
public final class Accuracy {
    private Accuracy() {}

    /** The number of correct rows, or -1 when accuracy means nothing for this output (not [N, C]). */
    public static int correct(Tensor output, Batch batch) {
        int n = batch.size();
        if (output.rank() != 2 || output.dim(0) != n) {
            return -1;
        }
        int c = output.dim(1);
        float[] out = output.data();
        int correct = 0;
        if (batch.labels() != null) {
            int[] labels = batch.labels();
            for (int i = 0; i < n; i++) {
                correct += argmax(out, i * c, c) == labels[i] ? 1 : 0;
            }
        } else if (batch.targets().size() != output.size()) {
            return -1;
        } else if (c == 1) {
            float[] t = batch.targets().data();
            for (int i = 0; i < n; i++) {
                correct += (out[i] >= 0.5f) == (t[i] >= 0.5f) ? 1 : 0;
            }
        } else {
            float[] t = batch.targets().data();
            for (int i = 0; i < n; i++) {
                correct += argmax(out, i * c, c) == argmax(t, i * c, c) ? 1 : 0;
            }
        }
        return correct;
    }

    /** The position of the largest of {@code a[from : from+n]}, counted from {@code from}; the first on ties. */
    public static int argmax(float[] a, int from, int n) {
        int best = 0;
        for (int k = 1; k < n; k++) {
            if (a[from + k] > a[from + best]) {
                best = k;
            }
        }
        return best;
    }
}
