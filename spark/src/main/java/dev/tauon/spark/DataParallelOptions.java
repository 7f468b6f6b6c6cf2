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
 */
public record DataParallelOptions(int globalBatch, int localSteps, long seed, String checkpointDir) {
    public DataParallelOptions {
        if (globalBatch < 1) {
            throw new IllegalArgumentException("DataParallelOptions: global batch must be >= 1, got " + globalBatch);
        }
        if (localSteps < 1) {
            throw new IllegalArgumentException("DataParallelOptions: local steps must be >= 1 (1 is the synchronous"
                    + " mode), got " + localSteps);
        }
    }

    /** The synchronous mode with global batch {@code globalBatch}, seed {@code seed}, no checkpoints. */
    public static DataParallelOptions synchronous(int globalBatch, long seed) {
        return new DataParallelOptions(globalBatch, 1, seed, null);
    }

    /** These options with {@code k} local steps between averages (1: the synchronous mode). */
    public DataParallelOptions withLocalSteps(int k) {
        return new DataParallelOptions(globalBatch, k, seed, checkpointDir);
    }

    /** These options with a checkpoint written to {@code dir} (a Hadoop path or URI) after every epoch. */
    public DataParallelOptions withCheckpoints(String dir) {
        return new DataParallelOptions(globalBatch, localSteps, seed, dir);
    }
}
