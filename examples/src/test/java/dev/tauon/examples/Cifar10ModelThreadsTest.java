package dev.tauon.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Batch;
import dev.tauon.core.Generator;
import dev.tauon.core.Kernels;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.losses.Loss;
import dev.tauon.nn.optim.Adam;
import dev.tauon.nn.train.FitOptions;
import dev.tauon.nn.train.Trainer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Training the reference CNN at its real batch and image size gives the same weights, bit for bit,
 * on one thread and on two: the promise behind "results do not depend on the thread count", checked
 * through every layer, its backward pass and Adam rather than kernel by kernel.
 */
class Cifar10ModelThreadsTest {

    @Test
    void threeStepsOnOneAndTwoThreadsGiveTheSameWeights() {
        Map<String, Tensor> one = trainWith(1);
        Map<String, Tensor> two = trainWith(2);
        for (String name : one.keySet()) {
            assertArrayEquals(one.get(name).data(), two.get(name).data(), name);
        }
    }

    private static Map<String, Tensor> trainWith(int threads) {
        int before = Kernels.threads();
        Kernels.setThreads(threads);
        try {
            Generator gen = new Generator(3);
            Tensor x = Tensor.uniform(gen, 0f, 1f, 64, 3, 32, 32);
            int[] labels = new int[64];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = gen.nextInt(10);
            }
            Sequential model = Cifar10Model.create(5);
            Trainer trainer = new Trainer(model, Loss.crossEntropy(), new Adam(model));
            trainer.fit(List.of(Batch.ofLabels(x, labels)), 3, new FitOptions().progress(false));
            assertTrue(Float.isFinite((float) trainer.history().last().loss()));
            return model.parameters();
        } finally {
            Kernels.setThreads(before);
        }
    }
}
