package dev.tauon.nn.train;

import dev.tauon.core.Batch;
import dev.tauon.core.EpochSource;
import dev.tauon.core.NoGrad;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Module;
import dev.tauon.nn.losses.Loss;
import dev.tauon.nn.optim.GradientClipping;
import dev.tauon.nn.optim.Optimizer;
import dev.tauon.nn.optim.StepSchedule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A model with its loss and optimiser, and Keras' {@code fit} / {@code evaluate} / {@code predict}
 * over any {@code Iterable<Batch>}:
 * <pre>{@code
 * Trainer trainer = new Trainer(model, Loss.crossEntropy(), new Adam(model));
 * History history = trainer.fit(trainBatches, 10, new FitOptions().validation(valBatches));
 * Evaluation test = trainer.evaluate(testBatches);
 * }</pre>
 *
 * <p>When the loss {@link Loss#expectsLogits() takes logits} and the model
 * {@link Module#endsInSoftmax() ends in a softmax}, training and evaluation feed the loss the
 * logits before that softmax, so the softmax is applied once, inside the stable fused loss;
 * {@link #predict} returns the softmax probabilities.
 *
 * <p>Evaluation and prediction run in evaluation mode (Dropout off) with no graph recorded, and
 * leave the model in the mode they found it in.
 */
public class Trainer {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    private final Module model;
    private final Loss loss;
    private final Optimizer optimizer;
    private History history = new History();
    private boolean stopRequested;
    private boolean resumedFromCheckpoint;
    private Lookahead lookahead;

    /** A trainer of {@code model} that minimises {@code loss} with {@code optimizer}. */
    public Trainer(Module model, Loss loss, Optimizer optimizer) {
        this.model = Objects.requireNonNull(model, "model");
        this.loss = Objects.requireNonNull(loss, "loss");
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
    }

    /** The model being trained. */
    public Module model() {
        return model;
    }

    /** The loss being minimised. */
    public Loss loss() {
        return loss;
    }

    /** The optimiser updating the model. */
    public Optimizer optimizer() {
        return optimizer;
    }

    /**
     * Whether the current (or last) fit restored a checkpoint and continued after it; listeners
     * with state of their own, like {@link EarlyStopping}, rebuild it from the history then.
     */
    public boolean resumedFromCheckpoint() {
        return resumedFromCheckpoint;
    }

    /** The history of the current or last fit (after a resume, including the restored epochs). */
    public History history() {
        return history;
    }

    /** Replaces the history; {@link Checkpoint} restores it this way. */
    void setHistory(History h) {
        history = h;
    }

    /** The {@link Lookahead} attached to this trainer, or null. */
    Lookahead lookahead() {
        return lookahead;
    }

    void setLookahead(Lookahead l) {
        lookahead = l;
    }

    /** Asks fit to stop after the current epoch (early stopping calls this). */
    public void requestStop() {
        stopRequested = true;
    }

    /** {@link #fit(Iterable, int, FitOptions)} with the default options. */
    public History fit(Iterable<Batch> train, int epochs) {
        return fit(train, epochs, new FitOptions());
    }

    /**
     * Trains for {@code epochs} epochs, each a full pass over {@code train} (which must give the same
     * batches or a fresh shuffle each time it is iterated). When {@code train} is an
     * {@link EpochSource} (a data loader) and the run resumes from a checkpoint or starts after
     * {@code initialEpoch}, the source is first set to the epoch after that, so the run sees the
     * batches an uninterrupted one would have.
     */
    public History fit(Iterable<Batch> train, int epochs, FitOptions options) {
        if (!(train instanceof EpochSource source) || (options.resumeFrom() == null && options.initialEpoch() == 0)) {
            return fit(epoch -> train, epochs, options);
        }
        boolean[] positioned = {false};
        return fit(
                epoch -> {
                    if (!positioned[0]) {
                        source.setNextEpoch(epoch - 1);
                        positioned[0] = true;
                    }
                    return source;
                },
                epochs,
                options);
    }

    /**
     * Trains for epochs {@code initialEpoch+1 .. epochs}, asking {@code trainForEpoch} for each
     * epoch's batches by epoch number (from 1). A source that shuffles from a seed and the epoch
     * number makes a resumed run see the same batches as an uninterrupted one.
     */
    public History fit(IntFunction<? extends Iterable<Batch>> trainForEpoch, int epochs, FitOptions options) {
        int done = options.initialEpoch();
        resumedFromCheckpoint = false;
        if (options.resumeFrom() != null) {
            done = resume(options);
            resumedFromCheckpoint = done > 0;
        } else if (done == 0) {
            history = new History();
        }
        List<TrainingListener> listeners = new ArrayList<>(options.listeners());
        if (options.progress()) {
            listeners.add(0, ProgressBar.forConsole(options.progressOut()));
        }
        stopRequested = false;
        for (TrainingListener l : listeners) {
            l.onTrainStart(this, done + 1, epochs);
        }
        for (int epoch = done + 1; epoch <= epochs && !stopRequested; epoch++) {
            if (options.schedule() != null) {
                optimizer.setLearningRate(options.schedule().rate(epoch));
            }
            EpochResult r = trainEpoch(trainForEpoch.apply(epoch), epoch, epochs, options, listeners);
            history.add(r);
            String line = ProgressBar.epochLine(r);
            if (options.progress()) {
                LOG.debug(line);
            } else {
                LOG.info("Epoch {}/{}: {}", epoch, epochs, line);
            }
            for (TrainingListener l : listeners) {
                l.onEpochEnd(this, r);
            }
        }
        for (TrainingListener l : listeners) {
            l.onTrainEnd(this, history);
        }
        return history;
    }

    private int resume(FitOptions options) {
        if (!Files.exists(options.resumeFrom())) {
            LOG.info("No checkpoint at {}; starting from epoch 1", options.resumeFrom());
            history = new History();
            return 0;
        }
        try {
            int done = Checkpoint.restore(options.resumeFrom(), this);
            LOG.info("Resumed from {} after epoch {}", options.resumeFrom(), done);
            return done;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resume from " + options.resumeFrom() + ": " + e.getMessage(), e);
        }
    }

    private EpochResult trainEpoch(
            Iterable<Batch> source, int epoch, int epochs, FitOptions options, List<TrainingListener> listeners) {
        int total = totalBatches(source, options);
        for (TrainingListener l : listeners) {
            l.onEpochStart(this, epoch, epochs, total);
        }
        model.train();
        long start = System.nanoTime();
        RunningTotals totals = new RunningTotals();
        int batchNo = 0;
        Iterator<Batch> it = source.iterator();
        try {
            while ((options.limitBatches() == 0 || batchNo < options.limitBatches()) && it.hasNext()) {
                Batch b = it.next();
                batchNo++;
                float batchLoss = trainStep(b, epoch, batchNo, totals, options, listeners);
                BatchResult br = new BatchResult(
                        epoch,
                        epochs,
                        batchNo,
                        total,
                        batchLoss,
                        totals.meanLoss(),
                        totals.accuracy(),
                        totals.examples,
                        (System.nanoTime() - start) / 1e9);
                for (TrainingListener l : listeners) {
                    l.onBatchEnd(this, br);
                }
            }
        } finally {
            closeIfCloseable(it);
        }
        if (lookahead != null) {
            lookahead.afterEpochTraining();
        }
        double trainSeconds = (System.nanoTime() - start) / 1e9;
        double valLoss = Double.NaN;
        double valAccuracy = Double.NaN;
        if (options.validation() != null) {
            Evaluation v = evaluate(options.validation());
            valLoss = v.loss();
            valAccuracy = v.accuracy();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new EpochResult(
                epoch,
                totals.meanLoss(),
                totals.accuracy(),
                valLoss,
                valAccuracy,
                seconds,
                totals.examples / Math.max(trainSeconds, 1e-9));
    }

    /**
     * One optimisation step on {@code batch}: forward, loss, backward, the listeners'
     * {@link TrainingListener#onBackwardEnd}, gradient clipping and the
     * step schedule's rate if the options ask for them, optimiser step, the {@link Lookahead}'s sync
     * if one is attached. Throws
     * {@link NonFiniteLossException} before the backward pass if the loss is NaN or infinite.
     */
    private float trainStep(
            Batch batch,
            int epoch,
            int batchNo,
            RunningTotals totals,
            FitOptions options,
            List<TrainingListener> listeners) {
        optimizer.zeroGrad();
        Tensor out = lossInput(batch.inputs());
        Tensor l = loss.compute(out, batch);
        float value = l.item();
        if (!Float.isFinite(value)) {
            throw new NonFiniteLossException(epoch, batchNo, value);
        }
        l.backward();
        for (TrainingListener listener : listeners) {
            listener.onBackwardEnd(this);
        }
        if (options.clipGradientNorm() > 0) {
            GradientClipping.clipGlobalNorm(optimizer.parameters().values(), options.clipGradientNorm());
        }
        StepSchedule perStep = options.stepSchedule();
        if (perStep != null) {
            optimizer.setLearningRate(perStep.rate(optimizer.iterations()));
        }
        optimizer.step();
        if (lookahead != null) {
            lookahead.afterStep(epoch);
        }
        totals.add(batch, value, Accuracy.correct(out, batch));
        return value;
    }

    /** The model's output as the loss wants it: the logits of a softmax-ending model for a logits loss. */
    Tensor lossInput(Tensor inputs) {
        return loss.expectsLogits() && model.endsInSoftmax() ? model.callLogits(inputs) : model.call(inputs);
    }

    /** Mean loss and accuracy over every batch of {@code source}, in evaluation mode without a graph. */
    public Evaluation evaluate(Iterable<Batch> source) {
        return evaluate(source, this::lossInput);
    }

    /** The same, scoring {@code output(inputs)} (test-time augmentation passes its averaged views). */
    Evaluation evaluate(Iterable<Batch> source, UnaryOperator<Tensor> output) {
        boolean wasTraining = model.isTraining();
        model.eval();
        RunningTotals totals = new RunningTotals();
        Iterator<Batch> it = source.iterator();
        try (NoGrad ignored = NoGrad.enter()) {
            while (it.hasNext()) {
                Batch b = it.next();
                Tensor out = output.apply(b.inputs());
                totals.add(b, loss.compute(out, b).item(), Accuracy.correct(out, b));
            }
        } finally {
            closeIfCloseable(it);
            model.setTraining(wasTraining);
        }
        return new Evaluation(totals.meanLoss(), totals.accuracy(), totals.examples);
    }

    /**
     * The model's output for {@code inputs} (probabilities for a softmax model), in evaluation mode
     * without a graph. It switches the trainer's own model to evaluation mode for the call and back,
     * with its current weights: for scripts. Not to be called while {@code fit} runs or from several
     * threads at once; a server uses a {@link dev.tauon.nn.predict.Predictor}, which owns a copy.
     */
    public Tensor predict(Tensor inputs) {
        boolean wasTraining = model.isTraining();
        model.eval();
        try (NoGrad ignored = NoGrad.enter()) {
            return model.call(inputs);
        } finally {
            model.setTraining(wasTraining);
        }
    }

    private static int totalBatches(Iterable<Batch> source, FitOptions options) {
        int known = source instanceof Collection
                ? ((Collection<?>) source).size()
                : source instanceof EpochSource ? ((EpochSource) source).batchesPerEpoch() : options.batchesPerEpoch();
        if (options.limitBatches() > 0) {
            return known < 0 ? options.limitBatches() : Math.min(known, options.limitBatches());
        }
        return known;
    }

    /** Sources that run background threads (data loaders) may hand out closeable iterators; stopping early must close them. */
    private static void closeIfCloseable(Iterator<Batch> it) {
        if (it instanceof AutoCloseable) {
            try {
                ((AutoCloseable) it).close();
            } catch (Exception e) {
                throw new IllegalStateException("closing the batch iterator failed: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "Trainer(%s, %s, %s)",
                model.name(),
                loss,
                optimizer.getClass().getSimpleName());
    }
}
