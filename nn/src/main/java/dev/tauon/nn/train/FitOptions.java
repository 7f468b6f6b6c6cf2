package dev.tauon.nn.train;

import dev.tauon.core.Batch;
import dev.tauon.nn.optim.LearningRateSchedule;
import dev.tauon.nn.optim.StepSchedule;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The optional parts of a {@code fit}, set fluently:
 * <pre>{@code
 * new FitOptions().validation(valBatches).limitBatches(20).listener(new EarlyStopping(Metric.VAL_LOSS, 3))
 * }</pre>
 * Defaults: no validation, every batch, a progress bar on {@code System.out}, no listeners, no
 * schedule, no gradient clipping, starting from epoch 1.
 */
public final class FitOptions {
    private Iterable<Batch> validation;
    private int limitBatches;
    private int batchesPerEpoch = -1;
    private boolean progress = true;
    private PrintStream progressOut = System.out;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private LearningRateSchedule schedule;
    private StepSchedule stepSchedule;
    private float clipGradientNorm;
    private int initialEpoch;
    private Path resumeFrom;

    /** Evaluates on these batches after every epoch (val_loss, val_accuracy). */
    public FitOptions validation(Iterable<Batch> batches) {
        validation = batches;
        return this;
    }

    /** Trains on at most {@code n} batches per epoch (0, the default, means all): for smoke runs. */
    public FitOptions limitBatches(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("FitOptions: limitBatches must be >= 0, got " + n);
        }
        limitBatches = n;
        return this;
    }

    /**
     * How many batches an epoch has, for the progress bar's total and ETA, when the source is
     * neither a {@link java.util.Collection} nor a {@link dev.tauon.core.EpochSource} (whose own
     * counts are used otherwise).
     */
    public FitOptions batchesPerEpoch(int n) {
        batchesPerEpoch = n;
        return this;
    }

    /** Shows a progress bar (default on); see {@link ProgressBar}. */
    public FitOptions progress(boolean on) {
        progress = on;
        return this;
    }

    /** Where the progress bar goes (default {@code System.out}). */
    public FitOptions progressOutput(PrintStream out) {
        progressOut = out;
        return this;
    }

    /** Adds a listener (early stopping, checkpoints, a per-batch hook, ...); they run in the order added. */
    public FitOptions listener(TrainingListener l) {
        listeners.add(Objects.requireNonNull(l));
        return this;
    }

    /**
     * Sets the optimiser's learning rate at the start of every epoch from {@code s}. Cannot be
     * combined with a {@link #stepSchedule step schedule}.
     */
    public FitOptions schedule(LearningRateSchedule s) {
        refuseTwoSchedules(s, stepSchedule);
        schedule = s;
        return this;
    }

    /**
     * Sets the optimiser's learning rate before every step from {@code s}, at the optimiser's step
     * count ({@code optimizer.iterations()}, 0 before the first step), which a checkpoint keeps, so
     * a resumed run continues the schedule exactly. Cannot be combined with an
     * {@link #schedule epoch schedule}.
     */
    public FitOptions stepSchedule(StepSchedule s) {
        refuseTwoSchedules(schedule, s);
        stepSchedule = s;
        return this;
    }

    private static void refuseTwoSchedules(LearningRateSchedule perEpoch, StepSchedule perStep) {
        if (perEpoch != null && perStep != null) {
            throw new IllegalArgumentException("FitOptions: set either an epoch schedule (schedule) or a step schedule"
                    + " (stepSchedule), not both: each would overwrite the other's learning rate");
        }
    }

    /**
     * Clips the gradients to a joint L2 norm of at most {@code maxNorm} after every backward pass,
     * before the optimiser's step ({@link dev.tauon.nn.optim.GradientClipping#clipGlobalNorm}).
     * 0, the default, turns clipping off.
     */
    public FitOptions clipGradientNorm(float maxNorm) {
        if (!(maxNorm >= 0) || Float.isInfinite(maxNorm)) {
            throw new IllegalArgumentException(
                    "FitOptions: clipGradientNorm must be finite and >= 0 (0 for off), got " + maxNorm);
        }
        clipGradientNorm = maxNorm;
        return this;
    }

    /**
     * Epochs already done (Keras' {@code initial_epoch}): fit runs epochs {@code n+1 .. epochs}.
     * Set by {@link #resumeFrom} from the checkpoint.
     */
    public FitOptions initialEpoch(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("FitOptions: initialEpoch must be >= 0, got " + n);
        }
        initialEpoch = n;
        return this;
    }

    /**
     * Restores model, optimiser, generators, history and epoch from this {@link Checkpoint} file
     * before training, if the file exists; if not, training starts from epoch 1 (and logs so), which
     * lets one command both start and resume a run.
     */
    public FitOptions resumeFrom(Path checkpoint) {
        resumeFrom = checkpoint;
        return this;
    }

    Iterable<Batch> validation() {
        return validation;
    }

    int limitBatches() {
        return limitBatches;
    }

    int batchesPerEpoch() {
        return batchesPerEpoch;
    }

    boolean progress() {
        return progress;
    }

    PrintStream progressOut() {
        return progressOut;
    }

    List<TrainingListener> listeners() {
        return List.copyOf(listeners);
    }

    LearningRateSchedule schedule() {
        return schedule;
    }

    StepSchedule stepSchedule() {
        return stepSchedule;
    }

    float clipGradientNorm() {
        return clipGradientNorm;
    }

    int initialEpoch() {
        return initialEpoch;
    }

    Path resumeFrom() {
        return resumeFrom;
    }
}
