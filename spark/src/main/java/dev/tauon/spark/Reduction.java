package dev.tauon.spark;

import java.util.List;

/**
 * How shards' arrays are averaged (weights and optimiser moments after local steps, BatchNorm's
 * running statistics): summed in partition order, then divided by the number of partitions. Float
 * addition is not associative, so a fixed order is what makes the result the same bits on every
 * run, however the tasks' results arrived. (Synchronous gradients are not averaged but tree-summed,
 * {@link dev.tauon.core.BatchSums#treeSum}.)
 */
final class Reduction {
    private Reduction() {}

    /** The element-wise mean of {@code arrays}, taken in list order (the caller sorts by partition). */
    static float[] mean(List<float[]> arrays) {
        float[] sum = arrays.get(0).clone();
        for (int p = 1; p < arrays.size(); p++) {
            float[] a = arrays.get(p);
            if (a.length != sum.length) {
                throw new IllegalArgumentException(
                        "Reduction: partition " + p + " sent " + a.length + " values, partition 0 sent " + sum.length);
            }
            for (int i = 0; i < sum.length; i++) {
                sum[i] += a[i];
            }
        }
        float n = arrays.size();
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= n;
        }
        return sum;
    }
}
