package dev.tauon.nn.train;

/**
 * Hooks into {@code fit}, like Keras callbacks; every method does nothing by default. A listener
 * can end training after the current epoch with {@link Trainer#requestStop()}. Exceptions thrown
 * here stop {@code fit} and reach its caller.
 */
public interface TrainingListener {

    /** Before the first epoch of this fit (after any resume), with the epoch it starts from. */
    default void onTrainStart(Trainer trainer, int firstEpoch, int epochs) {}

    /** Before each epoch's first batch; {@code totalBatches} is -1 when unknown. */
    default void onEpochStart(Trainer trainer, int epoch, int epochs, int totalBatches) {}

    /**
     * After each training batch's backward pass, before gradient clipping and the optimiser step:
     * a listener may change the gradients here (pruning zeroes those of pruned weights).
     */
    default void onBackwardEnd(Trainer trainer) {}

    /** After each training batch's optimiser step. */
    default void onBatchEnd(Trainer trainer, BatchResult result) {}

    /** After each epoch, validation included; {@link Trainer#history()} already holds {@code result}. */
    default void onEpochEnd(Trainer trainer, EpochResult result) {}

    /** After the last epoch, or after a listener stopped training. */
    default void onTrainEnd(Trainer trainer, History history) {}
}
