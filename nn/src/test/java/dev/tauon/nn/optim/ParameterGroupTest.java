package dev.tauon.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Parameter groups on two one-element parameters, a weight {@code "w"} of shape [1, 1] and a bias
 * {@code "b"} of shape [1], both starting at 1 with the constant gradient 0.5 (the loss is
 * {@code 0.5 * (w + b)}), against values worked out by hand.
 */
class ParameterGroupTest {
    private final Tensor w = Tensor.ones(1, 1).requiresGrad(true);
    private final Tensor b = Tensor.ones(1).requiresGrad(true);

    private Map<String, Tensor> parameters() {
        Map<String, Tensor> params = new LinkedHashMap<>();
        params.put("w", w);
        params.put("b", b);
        return params;
    }

    /** Takes {@code steps} steps and returns {w, b} after each. */
    private double[][] run(Optimizer opt, int steps) {
        double[][] after = new double[steps][];
        for (int i = 0; i < steps; i++) {
            opt.zeroGrad();
            w.sum().add(b.sum()).mul(0.5f).backward();
            opt.step();
            after[i] = new double[] {w.item(), b.item()};
        }
        return after;
    }

    private static void assertClose(double[][] expected, double[][] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], actual[i], 2e-6, "step " + (i + 1));
        }
    }

    @Test
    void aGroupScalesTheLearningRateAndReplacesTheWeightDecay() {
        SGD sgd = new SGD(parameters(), 0.1f)
                .momentum(0.9f)
                .weightDecay(0.1f)
                .group(ParameterGroup.oneDimensional().learningRateScale(2f).weightDecay(0f));
        // w, lr 0.1 and L2 0.1: g = 0.6, buf 0.6, w = 0.94; g = 0.594, buf 1.134, w = 0.8266
        // b, lr 0.2 and no decay: buf 0.5, b = 0.9; buf 0.95, b = 0.71
        assertClose(new double[][] {{0.94, 0.9}, {0.8266, 0.71}}, run(sgd, 2));
    }

    @Test
    void schedulesSetTheRateThatGroupsScale() {
        SGD sgd = new SGD(parameters(), 0.1f)
                .weightDecay(0.01f)
                .group(ParameterGroup.named(n -> n.equals("b"))
                        .learningRateScale(64f)
                        .weightDecay(0.001f));
        sgd.setLearningRate(0.5f);
        assertEquals(0.5f, sgd.learningRateOf("w"));
        assertEquals(32f, sgd.learningRateOf("b"));
        assertEquals(0.01f, sgd.weightDecayOf("w"));
        assertEquals(0.001f, sgd.weightDecayOf("b"));
        // plain SGD: w = 1 - 0.5 * (0.5 + 0.01) = 0.745; b = 1 - 32 * (0.5 + 0.001) = -15.032
        assertClose(new double[][] {{0.745, -15.032}}, run(sgd, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sgd.learningRateOf("x"));
        assertEquals("SGD: no parameter named \"x\"; the parameters are \"w, b\"", e.getMessage());
    }

    @Test
    void aGroupWithoutItsOwnWeightDecayKeepsTheOptimizers() {
        SGD sgd = new SGD(parameters(), 0.1f)
                .weightDecay(0.1f)
                .group(ParameterGroup.oneDimensional().learningRateScale(2f));
        assertEquals(0.1f, sgd.weightDecayOf("b"));
        // b: lr 0.2, g = 0.5 + 0.1 = 0.6, b = 0.88
        assertClose(new double[][] {{0.94, 0.88}}, run(sgd, 1));
    }

    @Test
    void theFirstGroupThatSelectsAParameterWins() {
        SGD sgd = new SGD(parameters(), 0.1f)
                .group(ParameterGroup.named(n -> n.equals("b")).learningRateScale(3f))
                .group(ParameterGroup.where((n, t) -> true).learningRateScale(2f));
        assertEquals(0.2f, sgd.learningRateOf("w"));
        assertEquals(0.3f, sgd.learningRateOf("b"), 1e-7f);
        assertEquals(2, sgd.groups().size());
    }

    @Test
    void aGroupThatSelectsNothingIsRefusedBeforeAnythingChanges() {
        SGD sgd = new SGD(parameters(), 0.1f)
                .momentum(0.9f)
                .group(ParameterGroup.named(n -> n.endsWith(".bias")).weightDecay(0f));
        w.sum().add(b.sum()).backward();
        IllegalStateException e = assertThrows(IllegalStateException.class, sgd::step);
        assertEquals(
                "SGD: parameter group 0, ParameterGroup.named(...) (learning-rate scale 1.0, weight decay 0.0),"
                        + " selects none of the parameters \"w, b\"",
                e.getMessage());
        assertEquals(0, sgd.iterations());
        assertEquals(1f, w.item());
        assertTrue(sgd.state().buffers().isEmpty());
    }

    @Test
    void adamTakesEachGroupsRateAndDecoupledDecay() {
        // OptimizerTest's values: Adam at lr 0.1 on g = 0.5 gives 0.9000006324515321, and 0.8990006324515321
        // with decoupled decay 0.01. Here the base rate is 0.05 and the bias group doubles it.
        Adam adam = new Adam(parameters(), 0.05f)
                .weightDecay(0.02f)
                .group(ParameterGroup.oneDimensional().learningRateScale(2f).weightDecay(0f));
        // w: decay to 1 - 0.05 * 0.02 = 0.999, then half the move of lr 0.1 (alpha is proportional to lr)
        // b: lr 0.1, no decay: OptimizerTest's value
        double moveAtLr01 = 1 - 0.9000006324515321;
        assertClose(new double[][] {{0.999 - moveAtLr01 / 2, 0.9000006324515321}}, run(adam, 1));
    }

    @Test
    void settingsOutsideTheirRangeAreRefusedByName() {
        ParameterGroup g = ParameterGroup.oneDimensional();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> g.learningRateScale(-1f));
        assertEquals("ParameterGroup: learning-rate scale must be finite and >= 0, got -1.0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> g.weightDecay(Float.NaN));
        assertEquals("ParameterGroup: weight decay must be finite and >= 0, got NaN", e.getMessage());
        assertEquals(1f, g.learningRateScale());
        assertEquals(false, g.hasWeightDecay());
    }

    @Test
    void oneDimensionalSelectsBiasesNotKernels() {
        ParameterGroup g = ParameterGroup.oneDimensional();
        assertTrue(g.selects("0.bias", Tensor.zeros(8)));
        assertTrue(g.selects("scale", Tensor.scalar(1f)));
        assertEquals(false, g.selects("0.weight", Tensor.zeros(8, 3, 3, 3)));
        assertEquals(false, g.selects("1.weight", Tensor.zeros(4, 8)));
        assertEquals(List.of(), new SGD(parameters(), 0.1f).groups());
    }
}
