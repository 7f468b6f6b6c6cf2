package dev.tauon.nn.train;

import dev.tauon.core.Tensor;
import dev.tauon.nn.StateDicts;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Lookahead as airbench94 does it (K. Jordan, arXiv 2404.00498, its {@code LookaheadState}): an
 * exponential moving average of the model's whole state (parameters, frozen ones included, and
 * buffers such as BatchNorm's running statistics) that training is pulled back to every few steps.
 * Attached to a {@link Trainer}, it runs inside every {@code fit}:
 * <ul>
 *   <li>after every optimiser step that brings the step count {@code s} to a multiple of
 *       {@link #everySteps()}, in an epoch from {@link #startEpoch()} on: the first such step
 *       copies the state as the average, and each later one blends and pulls back,
 *       <pre>
 *   average += (state - average) * (1 - decay(s))      (PyTorch's average.lerp_(state, 1 - decay))
 *   state = average</pre>
 *   <li>after each epoch's last training batch, before validation and the epoch's listeners (so
 *       validation, checkpoints and the end of training see it), once the average exists:
 *       {@code state = average}, which is the blend with decay 1.
 * </ul>
 * A decay near 0 leaves training where it is; one near 1 holds it at the average. airbench94 syncs
 * every 5 steps from its fourth epoch with {@code decay(s) = 0.95^5 * (s / totalSteps)^3} (a
 * {@link DecaySchedule#polynomial polynomial} schedule), so training moves freely early and is
 * averaged strongly at the end:
 * <pre>{@code
 * Lookahead.attach(trainer, 5, Lookahead.DecaySchedule.polynomial(Math.pow(0.95, 5), 3, totalSteps))
 *         .startEpoch(4);
 * }</pre>
 * Unlike {@link dev.tauon.nn.optim.ExponentialMovingAverage}, which keeps an average of the
 * parameters beside training for evaluation only, Lookahead changes the trajectory: training
 * continues from the average.
 *
 * <p>The average is saved in a {@link Checkpoint} (as {@code lookahead.<name>} tensors) and
 * restored with it; the step count it syncs on is the optimiser's, which the checkpoint also keeps,
 * so a resumed run ends with the same bits as an uninterrupted one. Attach the Lookahead before
 * resuming: a checkpoint written with one is refused by a trainer without one.
 */
public final class Lookahead {
    private final Trainer trainer;
    private final int everySteps;
    private final DecaySchedule decay;
    private int startEpoch = 1;
    /** The average of each state-dict entry, by name (tensors of its own); null until the first sync. */
    private Map<String, Tensor> average;

    /**
     * The decay of each blend, from the optimiser's step count after the step that triggers it.
     */
    @FunctionalInterface
    public interface DecaySchedule {
        /** The weight the average keeps at the blend after {@code steps} optimiser steps, in [0, 1]. */
        double decay(long steps);

        /** The same decay at every blend. */
        static DecaySchedule constant(double decay) {
            requireDecay(decay, "constant decay");
            return steps -> decay;
        }

        /**
         * {@code peak * (min(steps, totalSteps) / totalSteps)^power}, computed in double: airbench94's
         * schedule with {@code peak = 0.95^5}, {@code power = 3}.
         */
        static DecaySchedule polynomial(double peak, double power, long totalSteps) {
            requireDecay(peak, "polynomial decay peak");
            if (!(power >= 0) || Double.isInfinite(power) || totalSteps < 1) {
                throw new IllegalArgumentException("Lookahead: polynomial decay needs a finite power >= 0 and"
                        + " totalSteps >= 1, got power " + power + ", totalSteps " + totalSteps);
            }
            return steps -> peak * Math.pow((double) Math.min(steps, totalSteps) / totalSteps, power);
        }
    }

    private Lookahead(Trainer trainer, int everySteps, DecaySchedule decay) {
        this.trainer = trainer;
        this.everySteps = everySteps;
        this.decay = decay;
    }

    /**
     * Attaches a Lookahead to {@code trainer} that syncs every {@code everySteps} optimiser steps
     * with the {@code decay} schedule, from epoch 1 unless {@link #startEpoch} says otherwise.
     *
     * @throws IllegalStateException if the trainer has one already
     */
    public static Lookahead attach(Trainer trainer, int everySteps, DecaySchedule decay) {
        Objects.requireNonNull(trainer, "trainer");
        Objects.requireNonNull(decay, "decay");
        if (everySteps < 1) {
            throw new IllegalArgumentException("Lookahead: everySteps must be >= 1, got " + everySteps);
        }
        if (trainer.lookahead() != null) {
            throw new IllegalStateException("Lookahead: " + trainer + " has a Lookahead already");
        }
        Lookahead lookahead = new Lookahead(trainer, everySteps, decay);
        trainer.setLookahead(lookahead);
        return lookahead;
    }

    /**
     * The first epoch (counting from 1) whose steps sync; airbench94 starts in its fourth. Returns
     * this.
     */
    public Lookahead startEpoch(int epoch) {
        if (epoch < 1) {
            throw new IllegalArgumentException("Lookahead: startEpoch counts from 1, got " + epoch);
        }
        startEpoch = epoch;
        return this;
    }

    /** The first epoch whose steps sync. */
    public int startEpoch() {
        return startEpoch;
    }

    /** How many optimiser steps apart the syncs are. */
    public int everySteps() {
        return everySteps;
    }

    /** Whether the average exists (the first sync has happened). */
    public boolean isStarted() {
        return average != null;
    }

    /** Copies of the average by state-dict name, empty before the first sync. */
    public Map<String, Tensor> average() {
        return average == null ? new LinkedHashMap<>() : copies(average);
    }

    /** Called by the trainer after each optimiser step of {@code epoch}. */
    void afterStep(int epoch) {
        long steps = trainer.optimizer().iterations();
        if (epoch < startEpoch || steps % everySteps != 0) {
            return;
        }
        Map<String, Tensor> state = currentState();
        if (average == null) {
            average = copies(state);
            return;
        }
        double d = decay.decay(steps);
        if (!(d >= 0 && d <= 1)) {
            throw new IllegalStateException(
                    "Lookahead: the decay schedule gave " + d + " after step " + steps + "; a decay must be in [0, 1]");
        }
        float rate = (float) (1 - d);
        state.forEach((name, t) -> {
            float[] w = t.data();
            float[] a = average.get(name).data();
            for (int i = 0; i < w.length; i++) {
                a[i] += (w[i] - a[i]) * rate;
            }
            System.arraycopy(a, 0, w, 0, w.length);
        });
    }

    /** Called by the trainer after an epoch's last training batch: the state becomes the average. */
    void afterEpochTraining() {
        if (average != null) {
            currentState()
                    .forEach((name, t) -> System.arraycopy(average.get(name).data(), 0, t.data(), 0, t.size()));
        }
    }

    /** The model's state dict, which must have the average's names and shapes. */
    private Map<String, Tensor> currentState() {
        Map<String, Tensor> state = trainer.model().stateDict();
        if (average != null) {
            List<String> problems = StateDicts.differences(state, average, "the average");
            if (!problems.isEmpty()) {
                throw new IllegalStateException(
                        "Lookahead: the model's state no longer matches the average: " + StateDicts.describe(problems));
            }
        }
        return state;
    }

    /** Replaces the average (null: not started), for {@link Checkpoint#restore}, which has checked it. */
    void restore(Map<String, Tensor> saved) {
        average = saved == null ? null : copies(saved);
    }

    private static Map<String, Tensor> copies(Map<String, Tensor> tensors) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        tensors.forEach((name, t) -> out.put(name, Tensor.of(t.data(), t.shape())));
        return out;
    }

    private static void requireDecay(double decay, String what) {
        if (!(decay >= 0 && decay <= 1)) {
            throw new IllegalArgumentException("Lookahead: " + what + " must be in [0, 1], got " + decay);
        }
    }
}
