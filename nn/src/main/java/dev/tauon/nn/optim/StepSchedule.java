package dev.tauon.nn.optim;

/**
 * The learning rate for each optimiser step, for schedules that move within an epoch (warm-up,
 * one-cycle). Steps count from 0: {@code rate(step)} is the rate of the step taken when
 * {@code step} steps are already done, so the trainer sets
 * {@code optimizer.setLearningRate(rate(optimizer.iterations()))} just before every
 * {@code optimizer.step()}; in a hand-written loop, do the same. The step count is part of a
 * checkpoint and a schedule is a pure function of it, so a resumed run continues with the same
 * rates. For rates that change once per epoch, see {@link LearningRateSchedule}.
 */
@FunctionalInterface
public interface StepSchedule {

    /** The learning rate for step {@code step} (0 for the first). */
    float rate(long step);

    /**
     * Linear warm-up to {@code rate}: {@code rate * (step + 1) / warmupSteps} for the first
     * {@code warmupSteps} steps, then {@code rate}. The first step already moves (at
     * {@code rate / warmupSteps}); step {@code warmupSteps - 1} is the first at the full rate.
     */
    static StepSchedule linearWarmup(float rate, long warmupSteps) {
        if (warmupSteps < 1) {
            throw new IllegalArgumentException("linear warm-up schedule: warmupSteps must be >= 1, got " + warmupSteps);
        }
        return step -> step >= warmupSteps ? rate : (float) ((double) rate * (step + 1) / warmupSteps);
    }

    /**
     * The triangular one-cycle schedule of airbench (Jordan, arXiv 2404.00498): linear from
     * {@code start} at step 0 up to {@code peak} at step {@code peakStep}, then linear down to
     * {@code end} at step {@code totalSteps}, and {@code end} after that. airbench94 uses
     * {@code oneCycle(0.2f * lr, lr, 0.07f * lr, (long) (0.23 * total), total)}.
     */
    static StepSchedule oneCycle(float start, float peak, float end, long peakStep, long totalSteps) {
        if (peakStep < 0 || peakStep >= totalSteps) {
            throw new IllegalArgumentException("one-cycle schedule: need 0 <= peakStep < totalSteps, got peakStep "
                    + peakStep + ", totalSteps " + totalSteps);
        }
        return step -> {
            if (step >= totalSteps) {
                return end;
            }
            if (step <= peakStep) {
                return peakStep == 0 ? peak : interpolate(start, peak, step / (double) peakStep);
            }
            return interpolate(peak, end, (step - peakStep) / (double) (totalSteps - peakStep));
        };
    }

    /**
     * {@link #linearWarmup linear warm-up} to {@code peak} over {@code warmupSteps} steps, then
     * cosine annealing from {@code peak} to {@code minimum}, reached at step {@code totalSteps}:
     * {@code min + (peak - min) * (1 + cos(pi * (step - warmupSteps) / (totalSteps - warmupSteps))) / 2},
     * and {@code minimum} after that. {@code warmupSteps} may be 0.
     */
    static StepSchedule cosineWithWarmup(float peak, float minimum, long warmupSteps, long totalSteps) {
        if (warmupSteps < 0 || warmupSteps >= totalSteps) {
            throw new IllegalArgumentException("cosine schedule with warm-up: need 0 <= warmupSteps < totalSteps, got "
                    + "warmupSteps " + warmupSteps + ", totalSteps " + totalSteps);
        }
        StepSchedule warmup = warmupSteps == 0 ? null : linearWarmup(peak, warmupSteps);
        return step -> {
            if (step < warmupSteps) {
                return warmup.rate(step);
            }
            double progress =
                    Math.min(step - warmupSteps, totalSteps - warmupSteps) / (double) (totalSteps - warmupSteps);
            return (float) (minimum + ((double) peak - minimum) * (1 + Math.cos(Math.PI * progress)) / 2);
        };
    }

    /** {@code from + (to - from) * t}, in double, rounded once to float. */
    private static float interpolate(float from, float to, double t) {
        return (float) (from + ((double) to - from) * t);
    }
}
