package dev.tauon.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Generator;
import dev.tauon.core.NoGrad;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Functional;
import dev.tauon.nn.Sequential;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The gradient of the whole reference CNN at its real shapes (3x32x32 images), against central
 * differences. The op-level gradient checks use small shapes; this one goes through the blocked,
 * packed and threaded kernel paths that only large shapes take, as training does.
 */
class Cifar10ModelGradientTest {
    private static final int BATCH = 8;
    private static final int SAMPLES = 6;
    private static final float STEP = 3e-3f;

    @Test
    void everyParameterTensorMatchesCentralDifferences() {
        Sequential model = Cifar10Model.create(7);
        Generator gen = new Generator(11);
        Tensor x = Tensor.uniform(gen, 0f, 1f, BATCH, 3, 32, 32);
        int[] labels = new int[BATCH];
        for (int i = 0; i < BATCH; i++) {
            labels[i] = i % 10;
        }
        Functional.crossEntropy(model.forwardLogits(x), labels).backward();

        for (Map.Entry<String, Tensor> e : model.parameters().entrySet()) {
            float[] p = e.getValue().data();
            float[] g = e.getValue().grad().data();
            double diff2 = 0;
            double norm2 = 0;
            StringBuilder seen = new StringBuilder();
            for (int i : largestOfSample(g, gen)) {
                float saved = p[i];
                double up;
                double down;
                try (NoGrad ignored = NoGrad.enter()) {
                    p[i] = saved + STEP;
                    up = Functional.crossEntropy(model.forwardLogits(x), labels).item();
                    p[i] = saved - STEP;
                    down = Functional.crossEntropy(model.forwardLogits(x), labels)
                            .item();
                } finally {
                    p[i] = saved;
                }
                double numeric = (up - down) / (2 * STEP);
                diff2 += (g[i] - numeric) * (g[i] - numeric);
                norm2 += numeric * numeric;
                seen.append(String.format(" [%d: backward %.4e, numeric %.4e]", i, g[i], numeric));
            }
            // ReLU kinks crossed by the step and float32 rounding leave a few percent; a wrong
            // index or a missing term leaves an error of the order of the gradient itself.
            assertTrue(norm2 > 0, e.getKey() + ": the sampled gradients are all zero:" + seen);
            assertTrue(
                    Math.sqrt(diff2 / norm2) < 0.1, e.getKey() + ": relative error " + Math.sqrt(diff2 / norm2) + seen);
        }
    }

    /** Indices of the {@link #SAMPLES} largest gradients among 300 random entries: small ones drown in rounding. */
    private static int[] largestOfSample(float[] g, Generator gen) {
        int[] best = new int[SAMPLES];
        Arrays.fill(best, -1);
        for (int k = 0; k < 300; k++) {
            int j = gen.nextInt(g.length);
            for (int s = 0; s < SAMPLES; s++) {
                if (best[s] == j) {
                    break;
                }
                if (best[s] < 0 || Math.abs(g[j]) > Math.abs(g[best[s]])) {
                    System.arraycopy(best, s, best, s + 1, SAMPLES - s - 1);
                    best[s] = j;
                    break;
                }
            }
        }
        return Arrays.stream(best).filter(i -> i >= 0).toArray();
    }
}
