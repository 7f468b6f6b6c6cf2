package dev.tauon.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Each optimiser on one parameter p = 1 with a constant gradient g (the loss is g * p), against
 * values worked out by hand (SGD) or in double precision outside Java (Adam).
 */
class OptimizerTest {

    /** Runs {@code steps} steps with gradient {@code g} and returns p after each. */
    private static double[] run(Function<Map<String, Tensor>, Optimizer> make, float g, int steps) {
        Tensor p = Tensor.of(new float[] {1f}, 1).requiresGrad(true);
        Map<String, Tensor> params = new LinkedHashMap<>();
        params.put("p", p);
        Optimizer opt = make.apply(params);
        double[] after = new double[steps];
        for (int i = 0; i < steps; i++) {
            opt.zeroGrad();
            p.mul(g).sum().backward();
            opt.step();
            after[i] = p.item();
        }
        return after;
    }

    private static void assertClose(double[] expected, double[] actual) {
        assertArrayEquals(expected, actual, 2e-6);
    }

    @Test
    void sgdPlain() {
        assertClose(new double[] {0.95, 0.90}, run(p -> new SGD(p, 0.1f), 0.5f, 2));
    }

    @Test
    void sgdMomentum() {
        // buf = 0.5 then 0.9 * 0.5 + 0.5 = 0.95; p = 1 - 0.05 = 0.95, then 0.95 - 0.095 = 0.855
        assertClose(new double[] {0.95, 0.855}, run(p -> new SGD(p, 0.1f).momentum(0.9f), 0.5f, 2));
    }

    @Test
    void sgdNesterov() {
        // step 1: buf 0.5, g' = 0.5 + 0.9 * 0.5 = 0.95, p = 0.905; step 2: buf 0.95, g' = 0.5 + 0.855 = 1.355, p =
        // 0.7695
        assertClose(
                new double[] {0.905, 0.7695},
                run(p -> new SGD(p, 0.1f).momentum(0.9f).nesterov(true), 0.5f, 2));
    }

    @Test
    void sgdWeightDecay() {
        // g' = 0.5 + 0.1 * 1 = 0.6, p = 0.94; then g' = 0.5 + 0.094 = 0.594, p = 0.94 - 0.0594 = 0.8806
        assertClose(new double[] {0.94, 0.8806}, run(p -> new SGD(p, 0.1f).weightDecay(0.1f), 0.5f, 2));
    }

    @Test
    void sgdDecoupledWeightDecayShrinksTheWeightsOutsideTheMomentum() {
        // p *= 1 - 0.1 * 0.1 first, then Nesterov on the plain gradient:
        // step 1: p = 0.99, buf 0.5, g' = 0.95, p = 0.895
        // step 2: p = 0.88605, buf 0.95, g' = 1.355, p = 0.75055
        // step 3: p = 0.7430445, buf 1.355, g' = 1.7195, p = 0.5710945
        assertClose(
                new double[] {0.895, 0.75055, 0.5710945},
                run(p -> new SGD(p, 0.1f).momentum(0.9f).nesterov(true).decoupledWeightDecay(0.1f), 0.5f, 3));
        // L2 decay of the same size goes through the momentum: step 1 has g = 0.6, buf 0.6, g' = 1.14
        assertClose(
                new double[] {0.886},
                run(p -> new SGD(p, 0.1f).momentum(0.9f).nesterov(true).weightDecay(0.1f), 0.5f, 1));
    }

    @Test
    void theLastWeightDecaySetterChoosesTheForm() {
        SGD sgd = new SGD(Map.of("p", Tensor.ones(1).requiresGrad(true)), 0.1f).decoupledWeightDecay(0.1f);
        assertTrue(sgd.decoupled());
        assertEquals(0.1f, sgd.weightDecay());
        sgd.weightDecay(0.2f);
        assertEquals(false, sgd.decoupled());
        // Without momentum the two forms give the same iterates; with it, L2 (the last setter) gives
        // step 1: g = 0.7, buf 0.7, p = 0.93; step 2: g = 0.686, buf 1.316, p = 0.7984
        // (decoupled would give 0.93, then 0.8164).
        assertClose(
                new double[] {0.93, 0.7984},
                run(
                        p -> new SGD(p, 0.1f)
                                .momentum(0.9f)
                                .decoupledWeightDecay(0.2f)
                                .weightDecay(0.2f),
                        0.5f,
                        2));
    }

    @Test
    void adamWithKerasBiasCorrection() {
        // With bias correction the first steps move p by about lr whatever the gradient's size.
        assertClose(
                new double[] {0.9000006324515321, 0.8000010797749726, 0.7000014451046599},
                run(p -> new Adam(p, 0.1f), 0.5f, 3));
    }

    @Test
    void adamPutsEpsilonWhereKerasDoes() {
        // g = -0.001: sqrt(v) is 3.2e-5, so Keras' epsilon (1e-7, on the uncorrected sqrt(v)) shows;
        // PyTorch's placement would give 1.09999 after the first step.
        assertClose(new double[] {1.099684769081674, 1.199461605495001}, run(p -> new Adam(p, 0.1f), -0.001f, 2));
    }

    @Test
    void adamWDecaysDecoupled() {
        assertClose(
                new double[] {0.8990006324515321, 0.7981020791425211},
                run(p -> new Adam(p, 0.1f).weightDecay(0.01f), 0.5f, 2));
    }

    @Test
    void stateRoundTripsAndContinuesIdentically() {
        Tensor a = Tensor.of(new float[] {1f, 2f}, 2).requiresGrad(true);
        Adam first = new Adam(Map.of("a", a), 0.01f);
        a.mul(a).sum().backward();
        first.step();
        OptimizerState saved = first.state();
        assertEquals(1, saved.iterations());
        assertEquals(Set.of("m.a", "v.a"), saved.buffers().keySet());

        Tensor b = a.copy().requiresGrad(true);
        Adam second = new Adam(Map.of("a", b), 0.5f);
        second.loadState(saved);
        assertEquals(0.01f, second.learningRate());
        a.zeroGrad();
        a.mul(a).sum().backward();
        first.step();
        b.mul(b).sum().backward();
        second.step();
        assertArrayEquals(a.toArray(), b.toArray());
    }

    @Test
    void stateForAnotherParameterIsRefused() {
        Tensor a = Tensor.zeros(3).requiresGrad(true);
        Adam adam = new Adam(Map.of("a", a), 0.01f);
        OptimizerState wrong = new OptimizerState(1, 0.01f, Map.of("m.b", Tensor.zeros(3)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> adam.loadState(wrong));
        assertTrue(e.getMessage().contains("\"m.b\" [3] matches no parameter"), e.getMessage());
    }

    @Test
    void hyperparametersOutsideTheirRangeAreRefusedByName() {
        Map<String, Tensor> params = Map.of("p", Tensor.ones(1).requiresGrad(true));
        Adam adam = new Adam(params, 0.1f);
        assertRefused("Adam: beta1 must be in [0, 1), got 1.0", () -> adam.betas(1f, 0.999f));
        assertRefused("Adam: beta2 must be in [0, 1), got -0.5", () -> adam.betas(0.5f, -0.5f));
        assertRefused("Adam: beta2 must be in [0, 1), got NaN", () -> adam.betas(0.5f, Float.NaN));
        assertRefused("Adam: epsilon must be positive, got 0.0", () -> adam.epsilon(0f));
        assertRefused("Adam: weight decay must be finite and >= 0, got -1.0", () -> adam.weightDecay(-1f));
        SGD sgd = new SGD(params, 0.1f);
        assertRefused("SGD: momentum must be in [0, 1), got 1.0", () -> sgd.momentum(1f));
        assertRefused(
                "SGD: learning rate must be finite and >= 0, got Infinity",
                () -> sgd.setLearningRate(Float.POSITIVE_INFINITY));
        // A refused call keeps the old settings. The gradient of p*p changes each step, so beta1
        // shows in the iterates: 0 there would give other values than the default 0.9.
        float[] usual = quadraticSteps(new Adam(Map.of("p", Tensor.ones(1).requiresGrad(true)), 0.1f));
        Adam refused = new Adam(Map.of("p", Tensor.ones(1).requiresGrad(true)), 0.1f);
        assertThrows(IllegalArgumentException.class, () -> refused.betas(0f, 2f));
        assertArrayEquals(usual, quadraticSteps(refused));
        Adam changed = new Adam(Map.of("p", Tensor.ones(1).requiresGrad(true)), 0.1f).betas(0f, 0.999f);
        assertNotEquals(usual[2], quadraticSteps(changed)[2]);
    }

    /** Three steps on the loss p*p from p = 1; p after each. */
    private static float[] quadraticSteps(Optimizer opt) {
        Tensor p = opt.parameters().get("p");
        float[] after = new float[3];
        for (int i = 0; i < after.length; i++) {
            opt.zeroGrad();
            p.mul(p).sum().backward();
            opt.step();
            after[i] = p.item();
        }
        return after;
    }

    private static void assertRefused(String message, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertEquals(message, e.getMessage());
    }

    @Test
    void parametersWithoutGradientAreLeftAlone() {
        Tensor used = Tensor.ones(1).requiresGrad(true);
        Tensor unused = Tensor.ones(1).requiresGrad(true);
        Map<String, Tensor> params = new LinkedHashMap<>();
        params.put("used", used);
        params.put("unused", unused);
        SGD sgd = new SGD(params, 0.1f);
        used.sum().backward();
        sgd.step();
        assertEquals(0.9f, used.item());
        assertEquals(1f, unused.item());
        sgd.zeroGrad();
        assertNull(used.grad());
    }

    @Test
    void schedules() {
        LearningRateSchedule step = LearningRateSchedule.step(0.1f, 2, 0.5f);
        assertArrayEquals(
                new float[] {0.1f, 0.1f, 0.05f, 0.05f, 0.025f},
                new float[] {step.rate(1), step.rate(2), step.rate(3), step.rate(4), step.rate(5)});
        LearningRateSchedule cos = LearningRateSchedule.cosine(1f, 0f, 4);
        assertEquals(1f, cos.rate(1), 1e-7);
        assertEquals(0.5f, cos.rate(3), 1e-7);
        assertEquals(0f, cos.rate(5), 1e-7);
        assertEquals(0f, cos.rate(9), 1e-7);
        assertEquals(0.3f, LearningRateSchedule.constant(0.3f).rate(7));
    }
}
