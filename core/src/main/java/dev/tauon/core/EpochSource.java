package dev.tauon.core;

/**
 * Batches that come in numbered epochs of a known length, each {@link #iterator()} call starting
 * the next epoch. A training loop uses the length for its progress bar's total and ETA, and the
 * numbering to resume a run with the batches an uninterrupted run would have seen. Like
 * {@link Batch}, it lives in {@code core} so that {@code data} can provide it and {@code nn} use it
 * without knowing each other.
 */
public interface EpochSource extends Iterable<Batch> {

    /** The number of batches in every epoch. */
    int batchesPerEpoch();

    /** Makes the next {@link #iterator()} call produce epoch {@code epoch} (0 for the first). */
    void setNextEpoch(int epoch);
}
