package dev.tauon.benchmarks;

import dev.tauon.core.Generator;
import dev.tauon.core.Tensor;
import dev.tauon.core.Kernels;
import dev.tauon.examples.Cifar10Model;
import dev.tauon.nn.Sequential;

/** The CIFAR-10 CNN of the examples with one batch of random images and labels, for the step benchmarks. */
final class CnnFixture {
    final Sequential model;
    final Tensor images;
    final int[] labels;

    CnnFixture(int batch, int threads) {
        Kernels.setThreads(threads);
        model = Cifar10Model.create(1);
        Generator g = new Generator(2);
        images = Tensor.rand(g, batch, 3, 32, 32);
        labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = g.nextInt(10);
        }
    }
}
