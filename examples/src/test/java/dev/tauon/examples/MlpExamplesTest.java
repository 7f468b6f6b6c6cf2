package dev.tauon.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Tensor;
import org.junit.jupiter.api.Test;

class MlpExamplesTest {

    @Test
    void xorIsLearnedFromSeveralSeeds() {
        for (long seed = 1; seed <= 3; seed++) {
            Tensor p = Xor.train(seed, 2000);
            for (int i = 0; i < 4; i++) {
                float target = Xor.TARGETS[i];
                assertTrue(
                        Math.abs(p.get(i, 0) - target) < 0.1f,
                        "seed " + seed + ": prediction " + p.get(i, 0) + " for target " + target);
            }
        }
    }

    @Test
    void workedNetworkConvergesTowardsItsTarget() {
        float[] losses = WorkedNetwork.train(200, 1.0f, false);
        for (int i = 1; i < losses.length; i++) {
            assertTrue(losses[i] <= losses[i - 1], "loss never rises under plain gradient descent: step " + i);
        }
        assertTrue(losses[losses.length - 1] < 1e-4f, "final loss " + losses[losses.length - 1]);
    }
}
