package dev.tauon.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Batch;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Module;
import dev.tauon.nn.losses.Loss;
import dev.tauon.nn.optim.SGD;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Lookahead's syncs, schedule and epoch-end pull-back against values worked out by hand. */
class LookaheadTest {

    /**
     * {@code y = a * x + b} with a buffer counting training forward passes (state that is not
     * trained, as BatchNorm's running statistics). With {@code x = 2} and the loss {@code y}, the
     * gradients are 2 for {@code a} and 1 for {@code b}, so SGD at rate 0.5 moves them by -1 and
     * -0.5 each step.
     */
    static final class Line extends Module {
        final Tensor a = registerParameter("a", Tensor.of(new float[] {1}, 1));
        final Tensor b = registerParameter("b", Tensor.of(new float[] {0}, 1));
        final Tensor seen = registerBuffer("seen", Tensor.of(new float[] {0}, 1));

        @Override
        public Tensor forward(Tensor x) {
            if (isTraining()) {
                seen.data()[0] += 1;
            }
            return x.mul(a).add(b);
        }
    }

    private static final Loss OUTPUT = new Loss() {
        @Override
        public Tensor compute(Tensor output, Batch batch) {
            return output.sum();
        }
    };

    private static final List<Batch> THREE_BATCHES = List.of(batch(), batch(), batch());

    private static Batch batch() {
        return Batch.ofTargets(Tensor.of(new float[] {2}, 1, 1), Tensor.of(new float[] {0}, 1, 1));
    }

    private static Trainer trainer(Line line) {
        return new Trainer(line, OUTPUT, new SGD(line, 0.5f));
    }

    /** (a, b, seen) after each epoch of a two-epoch fit. */
    private static List<float[]> fitTwoEpochs(Trainer t) {
        Line line = (Line) t.model();
        List<float[]> afterEpoch = new ArrayList<>();
        t.fit(THREE_BATCHES, 2, new FitOptions().progress(false).listener(new TrainingListener() {
                    @Override
                    public void onEpochEnd(Trainer trainer, EpochResult r) {
                        afterEpoch.add(new float[] {line.a.item(), line.b.item(), line.seen.item()});
                    }
                }));
        return afterEpoch;
    }

    @Test
    void syncsEveryKStepsWithTheScheduledDecayAndPullsBackAtEachEpochEnd() {
        Trainer t = trainer(new Line());
        // decay(s) = 0.5 * s / 8: 0.25 after step 4, 0.375 after step 6.
        Lookahead lookahead = Lookahead.attach(t, 2, Lookahead.DecaySchedule.polynomial(0.5, 1, 8));
        List<float[]> got = fitTwoEpochs(t);
        // Epoch 1. Steps 1, 2: a = 0, -1; b = -0.5, -1; seen = 1, 2. Step 2 starts the average at
        // (-1, -1, 2). Step 3: (-2, -1.5, 3). The epoch's end pulls back to the average.
        assertArrayEquals(new float[] {-1, -1, 2}, got.get(0), "after epoch 1");
        // Epoch 2. Step 4: (-2, -1.5, 3); blend at rate 1 - 0.25: average = (-1.75, -1.375, 2.75),
        // and the state becomes it. Steps 5, 6: (-2.75, -1.875, 3.75), (-3.75, -2.375, 4.75); blend
        // at rate 0.625: a = -1.75 + (-3.75 + 1.75) * 0.625 = -3, b = -1.375 - 1 * 0.625 = -2,
        // seen = 2.75 + 2 * 0.625 = 4.
        assertArrayEquals(new float[] {-3, -2, 4}, got.get(1), "after epoch 2");
        Map<String, Tensor> average = lookahead.average();
        assertEquals(List.of("a", "b", "seen"), List.copyOf(average.keySet()), "parameters and buffers");
        assertEquals(4f, average.get("seen").item());
        assertTrue(lookahead.isStarted());
    }

    @Test
    void startsInItsStartEpoch() {
        Trainer t = trainer(new Line());
        Lookahead lookahead = Lookahead.attach(t, 2, Lookahead.DecaySchedule.polynomial(0.5, 1, 8))
                .startEpoch(2);
        List<float[]> got = fitTwoEpochs(t);
        // Epoch 1 is plain SGD. Step 4 starts the average at (-3, -2, 4); steps 5, 6 reach
        // (-5, -3, 6); blend at rate 0.625: (-4.25, -2.625, 5.25).
        assertArrayEquals(new float[] {-2, -1.5f, 3}, got.get(0));
        assertArrayEquals(new float[] {-4.25f, -2.625f, 5.25f}, got.get(1));
        assertEquals(2, lookahead.startEpoch());
        assertEquals(2, lookahead.everySteps());
    }

    @Test
    void withoutLookaheadTheSameFitIsPlainSgd() {
        List<float[]> got = fitTwoEpochs(trainer(new Line()));
        assertArrayEquals(new float[] {-5, -3, 6}, got.get(1));
    }

    @Test
    void aDecayOfOneHoldsTheWholeStateAtTheFirstSync() {
        Trainer t = trainer(new Line());
        Lookahead.attach(t, 1, Lookahead.DecaySchedule.constant(1));
        List<float[]> got = fitTwoEpochs(t);
        assertArrayEquals(new float[] {0, -0.5f, 1}, got.get(1), "the buffer is held too");
    }

    @Test
    void badSettingsAreRefused() {
        Trainer t = trainer(new Line());
        assertThrows(
                IllegalArgumentException.class, () -> Lookahead.attach(t, 0, Lookahead.DecaySchedule.constant(0.5)));
        IllegalArgumentException decay =
                assertThrows(IllegalArgumentException.class, () -> Lookahead.DecaySchedule.constant(1.5));
        assertTrue(decay.getMessage().contains("constant decay must be in [0, 1], got 1.5"), decay.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Lookahead.DecaySchedule.polynomial(0.5, -1, 10));
        assertThrows(IllegalArgumentException.class, () -> Lookahead.DecaySchedule.polynomial(0.5, 3, 0));
        Lookahead l = Lookahead.attach(t, 1, steps -> steps == 2 ? 2.0 : 0.5);
        assertThrows(IllegalArgumentException.class, () -> l.startEpoch(0));
        IllegalStateException twice = assertThrows(
                IllegalStateException.class, () -> Lookahead.attach(t, 1, Lookahead.DecaySchedule.constant(0.5)));
        assertTrue(twice.getMessage().contains("has a Lookahead already"), twice.getMessage());
        IllegalStateException bad = assertThrows(IllegalStateException.class, () -> fitTwoEpochs(t));
        assertTrue(
                bad.getMessage().contains("the decay schedule gave 2.0 after step 2; a decay must be in [0, 1]"),
                bad.getMessage());
        assertFalse(Lookahead.attach(trainer(new Line()), 3, s -> 0).isStarted());
    }

    @Test
    void polynomialIsAirbenchsScheduleAndStopsGrowingAtTheEnd() {
        Lookahead.DecaySchedule airbench = Lookahead.DecaySchedule.polynomial(Math.pow(0.95, 5), 3, 100);
        assertEquals(Math.pow(0.95, 5) * Math.pow(0.25, 3), airbench.decay(25), 1e-15);
        assertEquals(Math.pow(0.95, 5), airbench.decay(100), 1e-15);
        assertEquals(Math.pow(0.95, 5), airbench.decay(150), 1e-15);
        assertEquals(0, airbench.decay(0));
    }
}
