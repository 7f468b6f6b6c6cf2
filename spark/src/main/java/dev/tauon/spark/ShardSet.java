package dev.tauon.spark;

import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * Data split into shards, one per partition, and a way to run a task on every shard: on Spark's
 * executors ({@link DistributedDataset}) or in this process ({@link LocalShards}). The trainer sees
 * only this, so both give the same bits.
 */
public abstract class ShardSet {
    ShardSet() {}

    /** The number of shards (partitions). */
    public abstract int partitions();

    /** Each shard's number of examples, by partition index. */
    public abstract int[] shardSizes();

    /** One example's shape, such as {@code (3, 32, 32)}. */
    public abstract int[] exampleShape();

    /**
     * Runs {@code task} on every shard with {@code state} and returns the results sorted by
     * partition index, whatever order they arrived in.
     */
    abstract List<ReplicaResult> run(ReplicaState state, ReplicaTask task);

    /** The Hadoop settings checkpoints are written with: the Spark context's, or the defaults. */
    Configuration hadoopConfiguration() {
        return new Configuration();
    }
}
