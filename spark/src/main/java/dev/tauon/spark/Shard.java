package dev.tauon.spark;

import dev.tauon.core.Batch;
import dev.tauon.core.Tensor;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The examples one partition trains on, packed into two arrays: each partition holds one
 * contiguous range of the examples' indices (partition {@code p} of {@code P} holds indices
 * {@code i} with {@code i * P / n == p}), in index order. Built once and cached on the executors;
 * every step then draws its share of the global batch from here without moving examples.
 */
public final class Shard implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int partition;
    private final float[] features;
    private final int[] labels;
    private final int exampleSize;

    /** The examples of partition {@code partition}, in index order. */
    public static Shard of(int partition, List<LabeledExample> examples) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException(
                    "Shard: partition " + partition + " has no examples; use fewer partitions than examples");
        }
        int size = examples.get(0).features().length;
        float[] features = new float[examples.size() * size];
        int[] labels = new int[examples.size()];
        for (int i = 0; i < examples.size(); i++) {
            LabeledExample e = examples.get(i);
            if (e.features().length != size) {
                throw new IllegalArgumentException("Shard: example " + i + " of partition " + partition + " has "
                        + e.features().length + " features, the first has " + size);
            }
            System.arraycopy(e.features(), 0, features, i * size, size);
            labels[i] = e.label();
        }
        return new Shard(partition, features, labels, size);
    }

    private Shard(int partition, float[] features, int[] labels, int exampleSize) {
        this.partition = partition;
        this.features = features;
        this.labels = labels;
        this.exampleSize = exampleSize;
    }

    /** The partition that holds example {@code index} of {@code count} split into {@code partitions}. */
    public static int partitionOf(long index, long count, int partitions) {
        return (int) (index * partitions / count);
    }

    /** Splits {@code examples} (in index order) into {@code partitions} shards as Spark's partitions hold them. */
    public static List<Shard> split(List<LabeledExample> examples, int partitions) {
        if (partitions < 1 || partitions > examples.size()) {
            throw new IllegalArgumentException(
                    "Shard: cannot split " + examples.size() + " examples into " + partitions + " partitions");
        }
        List<List<LabeledExample>> parts = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            parts.add(new ArrayList<>());
        }
        for (int i = 0; i < examples.size(); i++) {
            parts.get(partitionOf(i, examples.size(), partitions)).add(examples.get(i));
        }
        List<Shard> shards = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            shards.add(of(p, parts.get(p)));
        }
        return shards;
    }

    /** This shard's partition index. */
    public int partition() {
        return partition;
    }

    /** The number of examples. */
    public int size() {
        return labels.length;
    }

    /** The number of features of each example. */
    public int exampleSize() {
        return exampleSize;
    }

    /**
     * The batch of the examples {@code order[from .. from + count)} (indices into this shard),
     * inputs shaped {@code [count, exampleShape...]}.
     */
    public Batch batch(int[] order, int from, int count, int[] exampleShape) {
        int[] shape = new int[exampleShape.length + 1];
        shape[0] = count;
        System.arraycopy(exampleShape, 0, shape, 1, exampleShape.length);
        if (Arrays.stream(exampleShape).reduce(1, (a, b) -> a * b) != exampleSize) {
            throw new IllegalArgumentException("Shard: example shape " + Arrays.toString(exampleShape)
                    + " does not hold " + exampleSize + " features");
        }
        float[] x = new float[count * exampleSize];
        int[] y = new int[count];
        for (int i = 0; i < count; i++) {
            int e = order[from + i];
            System.arraycopy(features, e * exampleSize, x, i * exampleSize, exampleSize);
            y[i] = labels[e];
        }
        return Batch.ofLabels(Tensor.of(x, shape), y);
    }
}
