package dev.tauon.nn.prune;

import dev.tauon.nn.train.BatchResult;
import dev.tauon.nn.train.Trainer;
import dev.tauon.nn.train.TrainingListener;
import java.util.Objects;

/**
 * Gradual magnitude pruning during fine-tuning (Zhu and Gupta, 2017), as a listener of
 * {@code fit}: from optimiser step {@code beginStep} to {@code endStep}, every {@code frequency}
 * steps, the weights are pruned to
 * <pre>  s(t) = s_f + (s_i - s_f) * (1 - (t - beginStep) / (endStep - beginStep))^3</pre>
 * which prunes fast while many weights are redundant and slowly near the final sparsity {@code s_f}.
 * The step count {@code t} is the optimiser's ({@code optimizer.iterations()}), which checkpoints
 * keep, and the masks are buffers, so a resumed run prunes as an uninterrupted one.
 *
 * <p>After every backward pass it zeroes the pruned weights' gradients, and after every optimiser
 * step it zeroes the pruned weights (weight decay and momentum would move them otherwise).
 */
public final class PruningSchedule implements TrainingListener {
    private final Pruning pruning;
    private final PruningScope scope;
    private final double initialSparsity;
    private final double finalSparsity;
    private final long beginStep;
    private final long endStep;
    private final long frequency;

    /**
     * The cubic ramp from {@code initialSparsity} at {@code beginStep} to {@code finalSparsity} at
     * {@code endStep}, pruning every {@code frequency} steps (and at {@code endStep}) with {@code scope}.
     */
    public PruningSchedule(
            Pruning pruning,
            PruningScope scope,
            double initialSparsity,
            double finalSparsity,
            long beginStep,
            long endStep,
            long frequency) {
        this.pruning = Objects.requireNonNull(pruning, "pruning");
        this.scope = Objects.requireNonNull(scope, "scope");
        if (!(initialSparsity >= 0 && initialSparsity <= finalSparsity && finalSparsity <= 1)) {
            throw new IllegalArgumentException(
                    "PruningSchedule: need 0 <= initial sparsity <= final sparsity <= 1, got " + initialSparsity
                            + " and " + finalSparsity);
        }
        if (beginStep < 0 || endStep <= beginStep || frequency < 1) {
            throw new IllegalArgumentException("PruningSchedule: need 0 <= beginStep < endStep and frequency >= 1, got"
                    + " beginStep " + beginStep + ", endStep " + endStep + ", frequency " + frequency);
        }
        this.initialSparsity = initialSparsity;
        this.finalSparsity = finalSparsity;
        this.beginStep = beginStep;
        this.endStep = endStep;
        this.frequency = frequency;
    }

    /** The sparsity the schedule asks for after optimiser step {@code step}. */
    public double sparsityAt(long step) {
        if (step < beginStep) {
            return 0;
        }
        double progress = Math.min(1.0, (double) (step - beginStep) / (endStep - beginStep));
        double left = 1 - progress;
        return finalSparsity + (initialSparsity - finalSparsity) * left * left * left;
    }

    /** Whether the schedule prunes after optimiser step {@code step}. */
    public boolean prunesAt(long step) {
        return step >= beginStep && step <= endStep && ((step - beginStep) % frequency == 0 || step == endStep);
    }

    @Override
    public void onTrainStart(Trainer trainer, int firstEpoch, int epochs) {
        long step = trainer.optimizer().iterations();
        if (prunesAt(step)) {
            pruning.prune(sparsityAt(step), scope);
        }
    }

    @Override
    public void onBackwardEnd(Trainer trainer) {
        pruning.maskGradients();
    }

    @Override
    public void onBatchEnd(Trainer trainer, BatchResult result) {
        long step = trainer.optimizer().iterations();
        if (prunesAt(step)) {
            pruning.prune(sparsityAt(step), scope);
        } else {
            pruning.applyMasks();
        }
    }
}
