package dev.tauon.data;

import dev.tauon.core.Generator;
import java.util.Arrays;

/**
 * A dataset divided into a training part and a held-out part (validation or test), both views of
 * it: the last fraction in stored order as Keras' {@code validation_split}, a random fraction, or a
 * stratified one that keeps each class's share, as scikit-learn's {@code train_test_split(...,
 * stratify=y)}. Within each part the examples keep their stored order; shuffle with the loader.
 *
 * @param train        the examples to fit on (the model, and the normalisation)
 * @param test         the held-out examples
 * @param trainIndices the index in the split dataset of each training example, e.g. to pick the
 *                     same rows of the table it was encoded from ({@code Table.select})
 * @param testIndices  the same for the held-out examples
 */
public record DatasetSplit(Dataset train, Dataset test, int[] trainIndices, int[] testIndices) {

    /** Copies the index arrays, so the split cannot change under its user. */
    public DatasetSplit {
        trainIndices = trainIndices.clone();
        testIndices = testIndices.clone();
    }

    /** The indices, in the dataset that was split, of the rows of {@link #train()} (a copy). */
    @Override
    public int[] trainIndices() {
        return trainIndices.clone();
    }

    /** The indices, in the dataset that was split, of the rows of {@link #test()} (a copy). */
    @Override
    public int[] testIndices() {
        return testIndices.clone();
    }

    private static DatasetSplit of(Dataset data, int[] train, int[] test) {
        return new DatasetSplit(data.select(train), data.select(test), train, test);
    }

    /**
     * The last {@code fraction} of {@code data} in stored order is held out; the training part has
     * {@code floor(n * (1 - fraction))} examples.
     *
     * @throws IllegalArgumentException if {@code fraction} is not in (0, 1) or a part would be empty
     */
    public static DatasetSplit last(Dataset data, double fraction) {
        int n = data.size();
        int splitAt = (int) Math.floor(n * (1.0 - checkFraction(fraction)));
        checkSizes(n, n - splitAt, fraction);
        // subset rather than select: a record set's subset is a record set, read in place by the loader
        return new DatasetSplit(
                data.subset(0, splitAt), data.subset(splitAt, n), identity(splitAt, 0), identity(n - splitAt, splitAt));
    }

    /**
     * {@code round(n * fraction)} examples drawn at random (from {@code new Generator(seed)}) are
     * held out.
     *
     * @throws IllegalArgumentException if {@code fraction} is not in (0, 1) or a part would be empty
     */
    public static DatasetSplit random(Dataset data, double fraction, long seed) {
        int n = data.size();
        int held = (int) Math.round(n * checkFraction(fraction));
        checkSizes(n, held, fraction);
        int[] order = identity(n, 0);
        new Generator(seed).shuffle(order);
        boolean[] out = new boolean[n];
        for (int i = 0; i < held; i++) {
            out[order[i]] = true;
        }
        return parts(data, out, held);
    }

    /**
     * Each class's examples are shuffled (one {@code new Generator(seed)} for all, classes in label
     * order) and the first {@code round(count * fraction)} of them are held out, so both parts keep
     * the class proportions.
     *
     * @throws IllegalArgumentException if {@code fraction} is not in (0, 1), the examples carry
     *                                  float targets, or a part would be empty
     */
    public static DatasetSplit stratified(Dataset data, double fraction, long seed) {
        checkFraction(fraction);
        if (data.numClasses() == 0) {
            throw new IllegalArgumentException(
                    "stratified split: " + data + " has float targets, not classes; " + "use DatasetSplit.random");
        }
        int n = data.size();
        int[] labels = new int[n];
        int[] counts = new int[data.numClasses()];
        for (int i = 0; i < n; i++) {
            labels[i] = data.label(i);
            if (labels[i] < 0 || labels[i] >= counts.length) {
                throw new IllegalArgumentException("stratified split: example " + i + " of " + data + " has label "
                        + labels[i] + ", expected 0.." + (counts.length - 1));
            }
            counts[labels[i]]++;
        }
        Generator g = new Generator(seed);
        boolean[] out = new boolean[n];
        int held = 0;
        for (int c = 0; c < counts.length; c++) {
            int[] members = new int[counts[c]];
            for (int i = 0, k = 0; i < n; i++) {
                if (labels[i] == c) {
                    members[k++] = i;
                }
            }
            g.shuffle(members);
            int take = (int) Math.round(members.length * fraction);
            for (int k = 0; k < take; k++) {
                out[members[k]] = true;
            }
            held += take;
        }
        checkSizes(n, held, fraction);
        return parts(data, out, held);
    }

    private static DatasetSplit parts(Dataset data, boolean[] out, int held) {
        int[] train = new int[out.length - held];
        int[] test = new int[held];
        for (int i = 0, a = 0, b = 0; i < out.length; i++) {
            if (out[i]) {
                test[b++] = i;
            } else {
                train[a++] = i;
            }
        }
        return of(data, train, test);
    }

    private static double checkFraction(double fraction) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("split: fraction must be in (0, 1), got " + fraction);
        }
        return fraction;
    }

    private static void checkSizes(int n, int held, double fraction) {
        if (held == 0 || held == n) {
            throw new IllegalArgumentException("split: " + n + " examples cannot be split into non-empty parts with "
                    + "fraction " + fraction + " (" + held + " held out)");
        }
    }

    /** {@code from, from+1, ..., from+n-1}. */
    private static int[] identity(int n, int from) {
        int[] a = new int[n];
        Arrays.setAll(a, i -> from + i);
        return a;
    }
}
