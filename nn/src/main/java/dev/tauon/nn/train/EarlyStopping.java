package dev.tauon.nn.train;

import dev.tauon.core.Tensor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

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

    public EarlyStopping(Metric monitor, int patience) {
        if (patience < 0) {
            throw new IllegalArgumentException("EarlyStopping: patience must be >= 0, got " + patience);
        }
        this.monitor = java.util.Objects.requireNonNull(monitor);
        this.patience = patience;
    }

    /** The least change that counts as an improvement (default 0). Returns this. */
    public EarlyStopping minDelta(double delta) {
        minDelta = Math.abs(delta);
        return this;
    }

    /** Restores the best epoch's weights when stopping early (default off, as in Keras). Returns this. */
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

    @Override
    public void onTrainStart(Trainer trainer, int firstEpoch, int epochs) {
        best = monitor.higherIsBetter() ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        bestEpoch = 0;
        waited = 0;
        bestWeights = null;
        stoppedAfter = 0;
    }

    @Override
    public void onEpochEnd(Trainer trainer, EpochResult r) {
        double value = monitor.of(r);
        if (Double.isNaN(value)) {
            throw new IllegalStateException("EarlyStopping monitors " + monitor.kerasName() + ", which epoch "
                    + r.epoch() + " did not measure" + (monitor.name().startsWith("VAL") ? " (no validation source?)" : ""));
        }
        boolean improved = monitor.higherIsBetter() ? value > best + minDelta : value < best - minDelta;
        if (improved) {
            best = value;
            bestEpoch = r.epoch();
            waited = 0;
            if (restoreBestWeights) {
                bestWeights = snapshot(trainer.model().parameters());
            }
            return;
        }
        waited++;
        if (waited >= patience) {
            stoppedAfter = r.epoch();
            LOG.info("Early stopping after epoch {}: {} has not improved on {} (epoch {}) for {} epochs", r.epoch(),
                    monitor.kerasName(), best, bestEpoch, waited);
            if (bestWeights != null) {
                trainer.model().parameters().forEach((n, t) ->
                        System.arraycopy(bestWeights.get(n), 0, t.data(), 0, t.size()));
            }
            trainer.requestStop();
        }
    }

    private static Map<String, float[]> snapshot(Map<String, Tensor> params) {
        Map<String, float[]> copy = new LinkedHashMap<>();
        params.forEach((n, t) -> copy.put(n, t.toArray()));
        return copy;
    }
}
