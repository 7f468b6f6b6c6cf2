package dev.tauon.nn.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Batch;
import dev.tauon.core.Generator;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.losses.Loss;
import dev.tauon.nn.optim.SGD;
import dev.tauon.nn.train.BatchResult;
import dev.tauon.nn.train.FitOptions;
import dev.tauon.nn.train.Trainer;
import dev.tauon.nn.train.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PruningScheduleTest {

    private static List<Batch> batches(int count) {
        Generator g = new Generator(5);
        List<Batch> out = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            Tensor x = Tensor.randn(g, 4, 3);
            int[] labels = new int[4];
            for (int i = 0; i < 4; i++) {
                labels[i] = x.get(i, 0) > 0 ? 1 : 0;
            }
            out.add(Batch.ofLabels(x, labels));
        }
        return out;
    }

    @Test
    void theRampIsZhuAndGuptasCubic() {
        PruningSchedule s =
                new PruningSchedule(Pruning.attach(PruningTest.twoLayers()), PruningScope.GLOBAL, 0.1, 0.9, 10, 30, 5);
        assertEquals(0.0, s.sparsityAt(9));
        assertEquals(0.1, s.sparsityAt(10), 1e-12);
        assertEquals(0.9 - 0.8 * 0.125, s.sparsityAt(20), 1e-12); // half way: (1 - 0.5)^3 of the way left
        assertEquals(0.9, s.sparsityAt(30), 1e-12);
        assertEquals(0.9, s.sparsityAt(100), 1e-12);
        assertTrue(s.prunesAt(10));
        assertTrue(s.prunesAt(15));
        assertFalse(s.prunesAt(16));
        assertTrue(s.prunesAt(30));
        assertFalse(s.prunesAt(35));
        PruningSchedule odd =
                new PruningSchedule(Pruning.attach(PruningTest.twoLayers()), PruningScope.GLOBAL, 0, 0.5, 0, 7, 3);
        assertTrue(odd.prunesAt(7), "the end step prunes even off the frequency");
    }

    @Test
    void fineTuningReachesTheFinalSparsityWithPrunedWeightsAtZeroAfterEveryStep() {
        Sequential m = PruningTest.twoLayers();
        Pruning p = Pruning.attach(m);
        PruningSchedule schedule = new PruningSchedule(p, PruningScope.LAYERWISE, 0.0, 0.75, 0, 8, 2);
        // Momentum and weight decay would move a pruned weight if the masks were not applied after every step.
        SGD sgd = new SGD(m, 0.1f).momentum(0.9f).weightDecay(0.01f);
        Trainer t = new Trainer(m, Loss.crossEntropy(), sgd);
        List<Double> seen = new ArrayList<>();
        TrainingListener check = new TrainingListener() {
            @Override
            public void onBatchEnd(Trainer trainer, BatchResult result) {
                seen.add(p.sparsity());
                p.masks().forEach((name, mask) -> {
                    float[] w = m.parameters().get(name).data();
                    for (int i = 0; i < w.length; i++) {
                        if (mask.data()[i] == 0f) {
                            assertEquals(0f, w[i], name + "[" + i + "] after step " + sgd.iterations());
                        }
                    }
                });
            }
        };
        t.fit(batches(6), 2, new FitOptions().progress(false).listener(schedule).listener(check));
        assertEquals(12, seen.size());
        assertEquals(0.75, p.sparsity("0.weight"), 1e-12);
        assertEquals(0.75, p.sparsity("1.weight"), 1e-12);
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i) >= seen.get(i - 1), "sparsity never falls: " + seen);
        }
        assertTrue(seen.get(1) > 0 && seen.get(1) < 0.75, "it ramps: " + seen);
    }

    @Test
    void badSchedulesAreRefused() {
        Pruning p = Pruning.attach(PruningTest.twoLayers());
        IllegalArgumentException order = assertThrows(
                IllegalArgumentException.class, () -> new PruningSchedule(p, PruningScope.GLOBAL, 0.5, 0.2, 0, 10, 1));
        assertTrue(order.getMessage().contains("initial sparsity <= final sparsity"), order.getMessage());
        IllegalArgumentException steps = assertThrows(
                IllegalArgumentException.class, () -> new PruningSchedule(p, PruningScope.GLOBAL, 0, 0.5, 10, 10, 1));
        assertTrue(steps.getMessage().contains("beginStep 10, endStep 10"), steps.getMessage());
    }
}
