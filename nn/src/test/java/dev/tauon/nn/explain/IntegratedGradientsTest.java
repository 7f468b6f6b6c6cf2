package dev.tauon.nn.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Generator;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Activation;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.layers.Conv2D;
import dev.tauon.nn.layers.Dense;
import dev.tauon.nn.layers.Flatten;
import dev.tauon.nn.layers.MaxPool2D;
import org.junit.jupiter.api.Test;

class IntegratedGradientsTest {

    private static Sequential model() {
        Sequential m = new Sequential(
                new Conv2D(4, 3, Activation.TANH),
                new MaxPool2D(2),
                new Flatten(),
                new Dense(8, Activation.TANH),
                new Dense(3, Activation.SOFTMAX));
        m.build(new Generator(11), 2, 6, 6);
        return m;
    }

    /** |sum of attributions - (f(x) - f(baseline))| relative to |f(x) - f(baseline)|, per example. */
    private static double[] completenessError(Sequential m, Tensor x, Tensor baseline, int[] targets, int steps) {
        Tensor ig = IntegratedGradients.of(m, x, baseline, targets, steps);
        float[] fx = Scores.of("test", m, x, targets);
        float[] fb = Scores.of("test", m, baseline, targets);
        int per = x.size() / x.dim(0);
        double[] err = new double[x.dim(0)];
        for (int e = 0; e < err.length; e++) {
            double sum = 0;
            for (int i = e * per; i < (e + 1) * per; i++) {
                sum += ig.data()[i];
            }
            double delta = fx[e] - fb[e];
            assertTrue(Math.abs(delta) > 0.05, "the test needs a score that moves: " + delta);
            err[e] = Math.abs(sum - delta) / Math.abs(delta);
        }
        return err;
    }

    @Test
    void attributionsSumToTheScoreDifferenceWithinOnePercent() {
        Sequential m = model();
        Tensor x = Tensor.randn(new Generator(2), 3, 2, 6, 6).mul(2f);
        Tensor baseline = Tensor.zeros(3, 2, 6, 6);
        int[] targets = {0, 1, 2};
        double[] many = completenessError(m, x, baseline, targets, 256);
        double[] one = completenessError(m, x, baseline, targets, 1);
        double worstOne = 0;
        for (int e = 0; e < many.length; e++) {
            assertTrue(many[e] < 0.01, "example " + e + ": completeness error " + many[e] + " with 256 steps");
            worstOne = Math.max(worstOne, one[e]);
        }
        assertTrue(worstOne > 0.01, "one step is too few, else the test shows nothing: " + worstOne);
    }

    @Test
    void aBaselineOfTheInputItselfGivesZero() {
        Sequential m = model();
        Tensor x = Tensor.randn(new Generator(2), 1, 2, 6, 6);
        Tensor ig = IntegratedGradients.of(m, x, x, new int[] {1}, 4);
        for (float v : ig.data()) {
            assertEquals(0f, v, 0f);
        }
    }

    @Test
    void badArgumentsAreRefused() {
        Sequential m = model();
        Tensor x = Tensor.zeros(1, 2, 6, 6);
        IllegalArgumentException steps =
                assertThrows(IllegalArgumentException.class, () -> IntegratedGradients.of(m, x, new int[] {0}, 0));
        assertTrue(steps.getMessage().contains("steps must be >= 1, got 0"), steps.getMessage());
        IllegalArgumentException shape = assertThrows(
                IllegalArgumentException.class,
                () -> IntegratedGradients.of(m, x, Tensor.zeros(2, 2, 6, 6), new int[] {0}, 4));
        assertTrue(
                shape.getMessage().contains("baseline [2, 2, 6, 6] and inputs [1, 2, 6, 6] differ"),
                shape.getMessage());
        IllegalArgumentException target =
                assertThrows(IllegalArgumentException.class, () -> Saliency.of(m, x, new int[] {3}));
        assertTrue(
                target.getMessage().contains("Saliency: target class 3 of example 0 is outside [0, 3)"),
                target.getMessage());
        IllegalArgumentException count =
                assertThrows(IllegalArgumentException.class, () -> Saliency.of(m, x, new int[] {0, 1}));
        assertTrue(count.getMessage().contains("2 target classes for a batch of 1"), count.getMessage());
    }
}
