package dev.tauon.nn.predict;

import java.util.Arrays;

/**
 * The {@code k} most probable classes of one example, most probable first, and their
 * probabilities: {@code classes()[0]} is the predicted class. Equal probabilities are ordered by
 * class index, lowest first (the first maximum, as {@code argmax} takes it).
 *
 * @param classes class indices, in decreasing order of probability
 * @param probabilities the probability of each of {@code classes}, in the same order
 */
public record TopK(int[] classes, float[] probabilities) {

    /** The top {@code k} of the {@code count} probabilities starting at {@code p[from]}. */
    static TopK select(float[] p, int from, int count, int k) {
        int[] classes = new int[k];
        float[] probabilities = new float[k];
        boolean[] taken = new boolean[count];
        // k passes of a linear scan: k is small next to the number of classes, and nothing is sorted.
        for (int r = 0; r < k; r++) {
            int best = -1;
            for (int c = 0; c < count; c++) {
                if (!taken[c] && (best < 0 || Float.compare(p[from + c], p[from + best]) > 0)) {
                    best = c;
                }
            }
            taken[best] = true;
            classes[r] = best;
            probabilities[r] = p[from + best];
        }
        return new TopK(classes, probabilities);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TopK t
                && Arrays.equals(classes, t.classes)
                && Arrays.equals(probabilities, t.probabilities);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(classes) + Arrays.hashCode(probabilities);
    }

    @Override
    public String toString() {
        return "TopK" + Arrays.toString(classes) + " " + Arrays.toString(probabilities);
    }
}
