package dev.tauon.nn.optim;

/**
 * The learning rate for each epoch. The trainer sets {@code optimizer.setLearningRate(rate(epoch))}
 * at the start of every epoch, with the epoch numbered from 1; in a hand-written loop, do the same.
 * For rates that change within an epoch (warm-up, one-cycle), see {@link StepSchedule}.
 * A schedule is a pure function of the epoch, so a resumed run gets the same rates.
 */
@FunctionalInterface
public interface LearningRateSchedule {

    /** The learning rate for epoch {@code epoch} (1 for the first). */
    float rate(int epoch);

    /** The same rate every epoch. */
    static LearningRateSchedule constant(float rate) {
        return epoch -> rate;
    }

    /** {@code initial * gamma^floor((epoch - 1) / every)}: multiplied by gamma every {@code every} epochs. */
    static LearningRateSchedule step(float initial, int every, float gamma) {
        if (every < 1) {
            throw new IllegalArgumentException("step schedule: every must be >= 1, got " + every);
        }
        return epoch -> (float) (initial * Math.pow(gamma, (epoch - 1) / every));
    }

    /**
     * Cosine annealing from {@code initial} at epoch 1 towards {@code minimum}, reached after
     * {@code epochs} epochs: {@code min + (initial - min) * (1 + cos(pi * (epoch - 1) / epochs)) / 2}.
     */
    static LearningRateSchedule cosine(float initial, float minimum, int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("cosine schedule: epochs must be >= 1, got " + epochs);
        }
        return epoch -> {
            double progress = Math.min(epoch - 1, epochs) / (double) epochs;
            return (float) (minimum + (initial - minimum) * (1 + Math.cos(Math.PI * progress)) / 2);
        };
    }
}
