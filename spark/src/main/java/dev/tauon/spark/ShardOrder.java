package dev.tauon.spark;

import dev.tauon.core.Generator;

/**
 * The order in which a shard's examples are visited in an epoch: a shuffle that depends only on
 * the seed, the epoch and the partition, so every machine, every retried task and a resumed run
 * draw the same batches.
 */
public final class ShardOrder {
    private ShardOrder() {}

    /** A permutation of {@code 0 .. size - 1} for {@code partition} in {@code epoch} (from 1). */
    public static int[] permutation(long seed, int epoch, int partition, int size) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        new Generator(seed ^ (epoch * 0x9E3779B97F4A7C15L) ^ (partition * 0xC2B2AE3D27D4EB4FL)).shuffle(order);
        return order;
    }

    /** Steps in an epoch: as many full shares of {@code localBatch} as the smallest shard holds. */
    public static int stepsPerEpoch(int[] shardSizes, int localBatch) {
        int smallest = Integer.MAX_VALUE;
        for (int s : shardSizes) {
            smallest = Math.min(smallest, s);
        }
        return smallest / localBatch;
    }
}
