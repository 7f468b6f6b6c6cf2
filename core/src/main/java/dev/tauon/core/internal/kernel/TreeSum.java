package dev.tauon.core.internal.kernel;

/**
 * Sums equal-length arrays, given in order, by one fixed binary tree: the first {@code 2^t} leaves
 * (the largest power of two below their count) form a perfect tree, the rest are summed the same
 * way and added to it. A run of {@code 2^j} leaves that starts at a multiple of {@code 2^j} is then
 * a subtree, so whoever holds such a run (a machine with its share of a batch) can send the run's
 * sum, and summing those sums by the same rule gives the bits of summing every leaf here.
 *
 * <p>Leaves arrive one at a time and are merged like the digits of a binary counter, so at most
 * {@code log2(leaves) + 1} partial sums are held at once. Element-wise float additions only, so
 * the result is the same on every machine and SIMD provider.
 */
public final class TreeSum {
    private final int length;
    private final float[][] sums = new float[Integer.SIZE][];
    private final long[] leaves = new long[Integer.SIZE];
    private int depth;

    /** A sum of arrays of {@code length} floats. */
    public TreeSum(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("TreeSum: length must be >= 0, got " + length);
        }
        this.length = length;
    }

    /** Adds the next leaf; the array becomes the sum's, and may be overwritten. */
    public void add(float[] leaf) {
        if (leaf.length != length) {
            throw new IllegalArgumentException(
                    "TreeSum: a leaf of " + leaf.length + " floats in a sum of arrays of " + length);
        }
        sums[depth] = leaf;
        leaves[depth] = 1;
        depth++;
        while (depth >= 2 && leaves[depth - 1] == leaves[depth - 2]) {
            mergeTop();
        }
    }

    /** The sum of every leaf added; the sum cannot be used after this. */
    public float[] result() {
        if (depth == 0) {
            throw new IllegalStateException("TreeSum: no leaves were added");
        }
        // The pending sums hold runs of decreasing powers of two: the smallest pair merges first,
        // which is the "perfect tree, then the rest" rule applied from the right.
        while (depth >= 2) {
            mergeTop();
        }
        depth = 0;
        return sums[0];
    }

    private void mergeTop() {
        float[] left = sums[depth - 2];
        float[] right = sums[depth - 1];
        for (int i = 0; i < length; i++) {
            left[i] += right[i];
        }
        leaves[depth - 2] += leaves[depth - 1];
        sums[depth - 1] = null;
        depth--;
    }
}
