package dev.tauon.benchmarks;

import dev.tauon.core.Generator;
import dev.tauon.core.Kernels;
import dev.tauon.core.Tensor;
import dev.tauon.examples.AirbenchModel;
import dev.tauon.examples.Cifar10Model;
import dev.tauon.nn.Sequential;

/**
 * A network of the examples with one batch of random images and labels, for the step benchmarks:
 * {@code cnn}, the CIFAR-10 CNN ({@code Cifar10Model}), or {@code airbench}, the airbench94 network
 * ({@code AirbenchModel}, its whitening filters taken from the same random images).
 */
final class CnnFixture {
    final Sequential model;
    final Tensor images;
    final int[] labels;

    CnnFixture(int batch, int threads) {
        this("cnn", batch, threads);
    }

    CnnFixture(String modelName, int batch, int threads) {
        Kernels.setThreads(threads);
        Generator g = new Generator(2);
        images = Tensor.rand(g, batch, 3, 32, 32);
        labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = g.nextInt(10);
        }
        model = switch (modelName) {
            case "cnn" -> Cifar10Model.create(1);
            case "airbench" -> AirbenchModel.create(1, 10, images);
            default ->
                throw new IllegalArgumentException("unknown model '" + modelName + "' (expected cnn or airbench)");
        };
    }
}
