package dev.tauon.spark;

/**
 * How {@link DataParallelTrainer} trains.
 *
 * @param globalBatch   examples per step over all shards; each shard's share is
 *                      {@code globalBatch / partitions}, so it must divide evenly
 * @param localSteps    1 for the synchronous mode (gradients summed every step); {@code K > 1} for
 *                      local steps: every shard takes {@code K} optimiser steps on its own share,
 *                      then weights and optimiser buffers are averaged
 * @param seed          the seed of every shuffle and random layer
 * @param checkpointDir a Hadoop path ({@code hdfs://...}, {@code s3a://...}, {@code file:/...})
 *                      that gets a checkpoint after every epoch and from which a new run resumes,
 *                      or null for none
 * @param examplesPerBlock in the synchronous mode, the block size of the batch sums (a power of
 *                      two, see {@link dev.tauon.core.BatchSums}): when each share is a power-of-two
 *                      number of blocks, a step's gradient is bitwise that of the whole global batch
 *                      in one process summed in the same blocks, whatever the number of partitions
 */
public record DataParallelOptions(
        int globalBatch, int localSteps, long seed, String checkpointDir, int examplesPerBlock) {
    /** The block size of {@link #synchronous}: small enough for shares of 8, 16, 32... examples. */
    public static final int DEFAULT_EXAMPLES_PER_BLOCK = 8;

    public DataParallelOptions {
        if (globalBatch < 1) {
            throw new IllegalArgumentException("DataParallelOptions: global batch must be >= 1, got " + globalBatch);
        }
        if (localSteps < 1) {
            throw new IllegalArgumentException("DataParallelOptions: local steps must be >= 1 (1 is the synchronous"
                    + " mode), got " + localSteps);
        }
        if (examplesPerBlock < 1 || Integer.bitCount(examplesPerBlock) != 1) {
            throw new IllegalArgumentException(
                    "DataParallelOptions: examples per block must be a power of two, got " + examplesPerBlock);
        }
    }

    /** Options with the default block size. */
    public DataParallelOptions(int globalBatch, int localSteps, long seed, String checkpointDir) {
        this(globalBatch, localSteps, seed, checkpointDir, DEFAULT_EXAMPLES_PER_BLOCK);
    }

    /** The synchronous mode with global batch {@code globalBatch}, seed {@code seed}, no checkpoints. */
    public static DataParallelOptions synchronous(int globalBatch, long seed) {
        return new DataParallelOptions(globalBatch, 1, seed, null);
    }

    /** These options with {@code k} local steps between averages (1: the synchronous mode). */
    public DataParallelOptions withLocalSteps(int k) {
        return new DataParallelOptions(globalBatch, k, seed, checkpointDir, examplesPerBlock);
    }

    /** These options with a checkpoint written to {@code dir} (a Hadoop path or URI) after every epoch. */
    public DataParallelOptions withCheckpoints(String dir) {
        return new DataParallelOptions(globalBatch, localSteps, seed, dir, examplesPerBlock);
    }

    /** These options with batch sums in blocks of {@code examples} (a power of two) in the synchronous mode. */
    public DataParallelOptions withExamplesPerBlock(int examples) {
        return new DataParallelOptions(globalBatch, localSteps, seed, checkpointDir, examples);
    }

    /**
     * Whether a synchronous step is bitwise the whole global batch's step in one process: each of
     * the {@code partitions} shares holds a power-of-two number of whole blocks.
     */
    public boolean matchesOneProcess(int partitions) {
        int share = globalBatch / partitions;
        return globalBatch % partitions == 0
                && share % examplesPerBlock == 0
                && Integer.bitCount(share / examplesPerBlock) == 1;
    }
}
