package dev.tauon.nn.train;

import dev.tauon.core.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops training when a metric has not improved by more than {@code minDelta} for
 * {@code patience} epochs in a row, like Keras' {@code EarlyStopping}; optionally puts back the
 * weights of the best epoch when it stops.
 */
public final class EarlyStopping implements TrainingListener {
    private static final Logger LOG = LoggerFactory.getLogger(EarlyStopping.class);

    private final Metric monitor;
    private final int patience;
    private double minDelta;
    private boolean restoreBestWeights;
    private double best;
    private int bestEpoch;
    private int waited;
    private Map<String, float[]> bestWeights;
    private int stoppedAfter;

    /** Stops training when {@code monitor} has not improved for {@code patience} epochs. */
    public EarlyStopping(Metric monitor, int patience) {
        if (patience < 0) {
            throw new IllegalArgumentException("EarlyStopping: patience must be >= 0, got " + patience);
        }
        this.monitor = Objects.requireNonNull(monitor);
        this.patience = patience;
    }

    /** The least change that counts as an improvement (default 0). Returns this. */
    public EarlyStopping minDelta(double delta) {
        minDelta = Math.abs(delta);
        return this;
    }

    /**
     * Restores the best epoch's weights when stopping early (default off, as in Keras): the whole
     * state dict, so buffers such as BatchNorm's running statistics go back with the parameters.
     * Returns this.
     */
    public EarlyStopping restoreBestWeights(boolean on) {
        restoreBestWeights = on;
        return this;
    }

    /** The epoch after which training stopped, or 0 if it ran to the end. */
    public int stoppedAfter() {
        return stoppedAfter;
    }

    /** The epoch with the best value of the metric. */
    public int bestEpoch() {
        return bestEpoch;
    }

    /**
     * Starts counting afresh, as Keras does for every fit. When the fit resumed from a checkpoint,
     * it then replays the restored epochs of the trainer's history, so that patience and the best
     * value carry over and the resumed run stops where an uninterrupted one would (at once, if that
     * one had stopped by then). The weights of a best epoch before the resume were not kept:
     * {@code restoreBestWeights} then has only the epochs run since.
     */
    @Override
    public void onTrainStart(Trainer trainer, int firstEpoch, int epochs) {
        best = monitor.higherIsBetter() ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        bestEpoch = 0;
        waited = 0;
        bestWeights = null;
        stoppedAfter = 0;
        if (!trainer.resumedFromCheckpoint()) {
            return;
        }
        boolean exhausted = false;
        for (EpochResult r : trainer.history().epochs()) {
            if (r.epoch() < firstEpoch && !record(r) && waited >= patience) {
                exhausted = true;
            }
        }
        if (exhausted) {
            stop(trainer, firstEpoch - 1); // the weights are those of the last restored epoch
        }
    }

    @Override
    public void onEpochEnd(Trainer trainer, EpochResult r) {
        if (record(r)) {
            if (restoreBestWeights) {
                bestWeights = snapshot(trainer.model().stateDict());
            }
        } else if (waited >= patience) {
            stop(trainer, r.epoch());
        }
    }

    /** Takes in one epoch's value; true if it improved on the best so far. */
    private boolean record(EpochResult r) {
        double value = monitor.of(r);
        if (Double.isNaN(value)) {
            throw new IllegalStateException(
                    "EarlyStopping monitors " + monitor.kerasName() + ", which was NaN in epoch "
                            + r.epoch()
                            + (monitor.name().startsWith("VAL")
                                    ? " (no validation source, or a diverged model?)"
                                    : " (a diverged model?)"));
        }
        boolean improved = monitor.higherIsBetter() ? value > best + minDelta : value < best - minDelta;
        if (improved) {
            best = value;
            bestEpoch = r.epoch();
            waited = 0;
            bestWeights = null;
        } else {
            waited++;
        }
        return improved;
    }

    private void stop(Trainer trainer, int epoch) {
        stoppedAfter = epoch;
        LOG.info(
                "Early stopping after epoch {}: {} has not improved on {} (epoch {}) for {} epochs",
                epoch,
                monitor.kerasName(),
                best,
                bestEpoch,
                waited);
        if (bestWeights != null) {
            trainer.model()
                    .stateDict()
                    .forEach((n, t) -> System.arraycopy(bestWeights.get(n), 0, t.data(), 0, t.size()));
        } else if (restoreBestWeights) {
            LOG.warn(
                    "Early stopping: the best epoch ({}) came before this run resumed, and its weights were not kept;"
                            + " keeping the last epoch's",
                    bestEpoch);
        }
        trainer.requestStop();
    }

    private static Map<String, float[]> snapshot(Map<String, Tensor> params) {
        Map<String, float[]> copy = new LinkedHashMap<>();
        params.forEach((n, t) -> copy.put(n, t.toArray()));
        return copy;
    }
}
