package dev.tauon.nn.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Generator;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Activation;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.io.Weights;
import dev.tauon.nn.layers.Dense;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PruningTest {

    /** Two Dense layers, the first with weights 1..12 (times a sign), the second with 0.01..0.06. */
    static Sequential twoLayers() {
        Sequential m = new Sequential(new Dense(4, Activation.RELU), new Dense(2));
        m.build(new Generator(3), 3);
        float[] w0 = m.parameters().get("0.weight").data();
        for (int i = 0; i < w0.length; i++) {
            w0[i] = (i % 2 == 0 ? 1 : -1) * (i + 1);
        }
        float[] w1 = m.parameters().get("1.weight").data();
        for (int i = 0; i < w1.length; i++) {
            w1[i] = 0.01f * (w1.length - i);
        }
        return m;
    }

    @Test
    void layerwisePruningRemovesTheSmallestFractionOfEachLayer() {
        Sequential m = twoLayers();
        Pruning p = Pruning.attach(m);
        assertEquals(List.of("0.weight", "1.weight"), p.weightNames());
        p.prune(0.5, PruningScope.LAYERWISE);
        float[] w0 = m.parameters().get("0.weight").data();
        for (int i = 0; i < w0.length; i++) {
            assertEquals(i < 6 ? 0f : (i % 2 == 0 ? 1 : -1) * (i + 1), w0[i], "0.weight[" + i + "]");
        }
        float[] w1 = m.parameters().get("1.weight").data();
        for (int i = 0; i < w1.length; i++) {
            assertEquals(i >= 4 ? 0f : 0.01f * (w1.length - i), w1[i], 1e-7, "1.weight[" + i + "]");
        }
        assertEquals(0.5, p.sparsity("0.weight"));
        assertEquals(0.5, p.sparsity("1.weight"));
        assertEquals(0.5, p.sparsity());
    }

    @Test
    void globalPruningRanksAllWeightsTogether() {
        Sequential m = twoLayers();
        Pruning p = Pruning.attach(m);
        p.prune(0.5, PruningScope.GLOBAL); // 10 of 20: all 8 small weights of layer 1, then |1| and |2|
        assertEquals(1.0, p.sparsity("1.weight"));
        assertEquals(2.0 / 12, p.sparsity("0.weight"), 1e-12);
        float[] w0 = m.parameters().get("0.weight").data();
        assertEquals(0f, w0[0]);
        assertEquals(0f, w0[1]);
        assertEquals(3f, w0[2]);
    }

    @Test
    void prunedWeightsStayPrunedAsSparsityGrows() {
        Sequential m = twoLayers();
        Pruning p = Pruning.attach(m);
        p.prune(0.25, PruningScope.LAYERWISE);
        float[] w0 = m.parameters().get("0.weight").data();
        w0[11] = 0.001f; // would now be the smallest unpruned weight, ranked after the pruned ones
        p.prune(0.5, PruningScope.LAYERWISE);
        float[] mask = p.masks().get("0.weight").data();
        for (int i = 0; i < 3; i++) {
            assertEquals(0f, mask[i], "pruned before, pruned still: " + i);
        }
        assertEquals(0f, mask[11]);
        assertEquals(0.5, p.sparsity("0.weight"));
    }

    @Test
    void masksAreBuffersAndTheHookAppliesThemBeforeEveryForward() {
        Sequential m = twoLayers();
        Pruning p = Pruning.attach(m);
        p.prune(0.5, PruningScope.LAYERWISE);
        assertTrue(m.stateDict().containsKey("0.weight_mask"));
        assertTrue(m.buffers().containsKey("1.weight_mask"));
        assertFalse(m.parameters().containsKey("0.weight_mask"));
        Tensor x = Tensor.of(new float[] {0.5f, -1f, 2f}, 1, 3);
        float[] before = m.call(x).toArray();
        float[] w0 = m.parameters().get("0.weight").data();
        w0[0] = 100f; // as an optimiser step would move a pruned weight
        assertArrayEquals(before, m.call(x).toArray());
        assertEquals(0f, w0[0], "the forward hook zeroed it again");
    }

    @Test
    void maskGradientsZeroesThePrunedWeightsGradients() {
        Sequential m = twoLayers();
        Pruning p = Pruning.attach(m);
        p.prune(0.5, PruningScope.LAYERWISE);
        m.call(Tensor.ones(2, 3)).sum().backward();
        float[] g = m.parameters().get("0.weight").grad().data();
        float[] mask = p.masks().get("0.weight").data();
        boolean someNonZeroWherePruned = false;
        for (int i = 0; i < g.length; i++) {
            someNonZeroWherePruned |= mask[i] == 0f && g[i] != 0f;
        }
        assertTrue(someNonZeroWherePruned, "the test needs gradients where weights are pruned");
        p.maskGradients();
        for (int i = 0; i < g.length; i++) {
            if (mask[i] == 0f) {
                assertEquals(0f, g[i], "gradient of pruned weight " + i);
            }
        }
    }

    @Test
    void weightFilesKeepTheMasksAndAFreshPrunedModelLoadsThem(@TempDir Path dir) throws IOException {
        Sequential m = twoLayers();
        Pruning.attach(m).prune(0.5, PruningScope.GLOBAL);
        Path file = dir.resolve("pruned.safetensors");
        Weights.save(m, file);
        Sequential fresh = new Sequential(new Dense(4, Activation.RELU), new Dense(2));
        fresh.build(new Generator(9), 3);
        assertThrows(
                IOException.class,
                () -> Weights.load(fresh, file),
                "without pruning attached the masks have nowhere to go");
        Pruning p = Pruning.attach(fresh);
        Weights.load(fresh, file);
        assertEquals(0.5, p.sparsity());
        assertArrayEquals(
                m.parameters().get("0.weight").data(),
                fresh.parameters().get("0.weight").data());
    }

    @Test
    void removeMakesThePruningPermanent() {
        Sequential m = twoLayers();
        Pruning p = Pruning.attach(m);
        p.prune(0.5, PruningScope.LAYERWISE);
        p.remove();
        assertEquals(
                List.of("0.weight", "0.bias", "1.weight", "1.bias"),
                List.copyOf(m.stateDict().keySet()));
        float[] w0 = m.parameters().get("0.weight").data();
        w0[0] = 7f;
        m.call(Tensor.ones(1, 3));
        assertEquals(7f, w0[0], "no hook is left");
        Pruning again = Pruning.attach(m);
        assertEquals(0.0, again.sparsity(), "attached again, from a mask of ones");
    }

    @Test
    void selectionAndBadUseAreRefusedWithTheirReason() {
        Sequential m = twoLayers();
        Pruning p = Pruning.attach(m, name -> !name.startsWith("1."));
        assertEquals(List.of("0.weight"), p.weightNames());
        IllegalStateException twice = assertThrows(IllegalStateException.class, () -> Pruning.attach(m));
        assertTrue(twice.getMessage().contains("already has a weight_mask"), twice.getMessage());
        IllegalArgumentException range =
                assertThrows(IllegalArgumentException.class, () -> p.prune(1.5, PruningScope.GLOBAL));
        assertTrue(range.getMessage().contains("sparsity must be in [0, 1], got 1.5"), range.getMessage());
        IllegalArgumentException none =
                assertThrows(IllegalArgumentException.class, () -> Pruning.attach(twoLayers(), name -> false));
        assertTrue(none.getMessage().contains("no weight to prune"), none.getMessage());
        IllegalStateException unbuilt =
                assertThrows(IllegalStateException.class, () -> Pruning.attach(new Sequential(new Dense(2))));
        assertTrue(unbuilt.getMessage().contains("is not built"), unbuilt.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> p.sparsity("2.weight"));
        assertTrue(unknown.getMessage().contains("no pruned weight named '2.weight'"), unknown.getMessage());
    }
}
