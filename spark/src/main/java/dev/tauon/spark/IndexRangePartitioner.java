package dev.tauon.spark;

import org.apache.spark.Partitioner;

/** Sends example {@code i} of {@code n} to partition {@code i * P / n}: contiguous ranges, as {@link Shard#partitionOf}. */
final class IndexRangePartitioner extends Partitioner {
    private static final long serialVersionUID = 1L;

    private final long count;
    private final int partitions;

    IndexRangePartitioner(long count, int partitions) {
        this.count = count;
        this.partitions = partitions;
    }

    @Override
    public int numPartitions() {
        return partitions;
    }

    @Override
    public int getPartition(Object key) {
        return Shard.partitionOf((Long) key, count, partitions);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IndexRangePartitioner other && other.count == count && other.partitions == partitions;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(count) * 31 + partitions;
    }
}
