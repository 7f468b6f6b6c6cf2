package dev.tauon.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Training examples on Spark, split once into {@link Shard}s (one per partition, contiguous ranges
 * of the examples' order) and cached on the executors. Each training round broadcasts the weights
 * as float arrays, runs one task per shard, and collects the results to the driver, which orders
 * them by partition index before combining them.
 *
 * <p>Close it to drop the cached shards.
 */
public final class DistributedDataset extends ShardSet implements AutoCloseable {
    private final JavaSparkContext context;
    private final JavaRDD<Shard> shards;
    private final int[] sizes;
    private final int[] exampleShape;
    /** Tests only: fail the first attempt of one partition's task in one round, to see Spark retry it. */
    private int failPartition = -1;

    private int failRound = -1;
    private int rounds;

    /**
     * Indexes {@code examples} in their RDD order, splits them into {@code partitions} contiguous
     * ranges and caches one {@link Shard} per partition on the executors (this runs Spark jobs).
     * Every example must have the size of {@code exampleShape}.
     */
    public static DistributedDataset of(JavaRDD<LabeledExample> examples, int partitions, int... exampleShape) {
        if (partitions < 1) {
            throw new IllegalArgumentException("DistributedDataset: partitions must be >= 1, got " + partitions);
        }
        JavaSparkContext context = JavaSparkContext.fromSparkContext(examples.context());
        // Kept while the shards are built: counting and shuffling would otherwise read the source twice.
        var indexed = examples.zipWithIndex()
                .mapToPair(t -> new Tuple2<>(t._2(), t._1()))
                .persist(StorageLevel.MEMORY_AND_DISK());
        long count = indexed.count();
        if (count < partitions) {
            indexed.unpersist(false);
            throw new IllegalArgumentException(
                    "DistributedDataset: " + count + " examples cannot fill " + partitions + " partitions");
        }
        JavaRDD<Shard> shards = indexed.partitionBy(new IndexRangePartitioner(count, partitions))
                .mapPartitionsWithIndex(DistributedDataset::toShard, true)
                .persist(StorageLevel.MEMORY_ONLY());
        int[] sizes = shards.map(Shard::size).collect().stream()
                .mapToInt(Integer::intValue)
                .toArray();
        indexed.unpersist(false);
        return new DistributedDataset(context, shards, sizes, exampleShape);
    }

    private static Iterator<Shard> toShard(int partition, Iterator<Tuple2<Long, LabeledExample>> rows) {
        List<Tuple2<Long, LabeledExample>> list = new ArrayList<>();
        rows.forEachRemaining(list::add);
        // A shuffle delivers rows in any order; the shard holds them in index order.
        list.sort(Comparator.comparingLong(Tuple2::_1));
        List<LabeledExample> examples = new ArrayList<>(list.size());
        list.forEach(t -> examples.add(t._2()));
        return List.of(Shard.of(partition, examples)).iterator();
    }

    private DistributedDataset(JavaSparkContext context, JavaRDD<Shard> shards, int[] sizes, int[] exampleShape) {
        this.context = context;
        this.shards = shards;
        this.sizes = sizes;
        this.exampleShape = exampleShape.clone();
    }

    @Override
    public int partitions() {
        return sizes.length;
    }

    @Override
    public int[] shardSizes() {
        return sizes.clone();
    }

    @Override
    public int[] exampleShape() {
        return exampleShape.clone();
    }

    @Override
    List<ReplicaResult> run(ReplicaState state, ReplicaTask task) {
        int round = rounds++;
        int fail = round == failRound ? failPartition : -1;
        Broadcast<ReplicaState> weights = context.broadcast(state);
        try {
            List<ReplicaResult> results =
                    new ArrayList<>(shards.map(taskOn(weights, task, fail)).collect());
            results.sort(Comparator.comparingInt(ReplicaResult::partition));
            return results;
        } finally {
            weights.destroy();
        }
    }

    /** The function Spark ships: static, so that it captures only what it names, never this dataset. */
    private static Function<Shard, ReplicaResult> taskOn(Broadcast<ReplicaState> weights, ReplicaTask task, int fail) {
        return shard -> {
            if (shard.partition() == fail && TaskContext.get().attemptNumber() == 0) {
                throw new IllegalStateException("failure injected by a test into partition " + fail);
            }
            return task.apply(shard, weights.value());
        };
    }

    /** Tests only: the first attempt of {@code partition}'s task in round {@code round} (from 0) throws. */
    void failFirstAttempt(int partition, int round) {
        failPartition = partition;
        failRound = round;
    }

    @Override
    org.apache.hadoop.conf.Configuration hadoopConfiguration() {
        return context.hadoopConfiguration();
    }

    /** Drops the cached shards from the executors. */
    @Override
    public void close() {
        shards.unpersist(false);
    }

    @Override
    public String toString() {
        return "DistributedDataset(" + sizes.length + " shards of " + Arrays.toString(sizes) + ")";
    }
}
