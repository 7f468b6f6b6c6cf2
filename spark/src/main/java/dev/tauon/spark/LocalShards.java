package dev.tauon.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Shards held in this process and trained one after the other: the single-machine reference that
 * a Spark run gives the same bits as, and a way to try a distributed setup without a cluster.
 */
public final class LocalShards extends ShardSet {
    private final List<Shard> shards;
    private final int[] exampleShape;

    /** Splits {@code examples} (in index order) into {@code partitions} shards as {@link DistributedDataset} does. */
    public static LocalShards of(List<LabeledExample> examples, int partitions, int... exampleShape) {
        return new LocalShards(Shard.split(examples, partitions), exampleShape);
    }

    private LocalShards(List<Shard> shards, int[] exampleShape) {
        this.shards = List.copyOf(shards);
        this.exampleShape = exampleShape.clone();
    }

    @Override
    public int partitions() {
        return shards.size();
    }

    @Override
    public int[] shardSizes() {
        return shards.stream().mapToInt(Shard::size).toArray();
    }

    @Override
    public int[] exampleShape() {
        return exampleShape.clone();
    }

    @Override
    List<ReplicaResult> run(ReplicaState state, ReplicaTask task) {
        List<ReplicaResult> results = new ArrayList<>();
        for (Shard s : shards) {
            results.add(task.apply(s, state));
        }
        return results;
    }

    @Override
    public String toString() {
        return "LocalShards(" + shards.size() + " shards of " + Arrays.toString(shardSizes()) + ")";
    }
}
