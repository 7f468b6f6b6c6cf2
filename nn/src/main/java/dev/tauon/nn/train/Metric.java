package dev.tauon.nn.train;

import java.util.Locale;

/** A quantity of an {@link EpochResult} that listeners watch, with the direction that counts as better. */
public enum Metric {
    /** The training loss; lower is better. */
    LOSS(false),
    /** The training accuracy; higher is better. */
    ACCURACY(true),
    /** The validation loss; lower is better. */
    VAL_LOSS(false),
    /** The validation accuracy; higher is better. */
    VAL_ACCURACY(true);

    private final boolean higherIsBetter;

    Metric(boolean higherIsBetter) {
        this.higherIsBetter = higherIsBetter;
    }

    /** Whether a larger value of this metric is an improvement. */
    public boolean higherIsBetter() {
        return higherIsBetter;
    }

    /** This metric's value in {@code r}; NaN for a validation metric of a fit without validation. */
    public double of(EpochResult r) {
        switch (this) {
            case LOSS:
                return r.loss();
            case ACCURACY:
                return r.accuracy();
            case VAL_LOSS:
                return r.valLoss();
            default:
                return r.valAccuracy();
        }
    }

    /** The Keras name: {@code val_loss}, ... */
    public String kerasName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
