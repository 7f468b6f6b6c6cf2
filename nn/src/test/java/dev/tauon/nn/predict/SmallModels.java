package dev.tauon.nn.predict;

import dev.tauon.core.Generator;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Activation;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.layers.Conv2D;
import dev.tauon.nn.layers.Dense;
import dev.tauon.nn.layers.Dropout;
import dev.tauon.nn.layers.Flatten;
import dev.tauon.nn.layers.MaxPool2D;
import java.util.Arrays;

/** The models and inputs the predictor tests share. */
final class SmallModels {
    /** The per-example input shape of {@link #cnn()}. */
    static final int[] INPUT = {3, 16, 16};

    private SmallModels() {}

    /**
     * A small CNN with dropout, so that a prediction in training mode differs from one in
     * evaluation mode; its convolution is big enough at batch 4 to be split between threads.
     */
    static Sequential cnn() {
        return new Sequential(
                new Conv2D(8, 3, Activation.RELU),
                new MaxPool2D(2),
                new Flatten(),
                new Dropout(0.5f),
                new Dense(10, Activation.SOFTMAX));
    }

    /** {@link #cnn()} built with weights from {@code seed}. */
    static Sequential trainedCnn(long seed) {
        return cnn().build(new Generator(seed), INPUT);
    }

    /** A batch of {@code n} random inputs for {@link #cnn()}. */
    static Tensor images(long seed, int n) {
        return Tensor.rand(new Generator(seed), n, INPUT[0], INPUT[1], INPUT[2]);
    }

    /** The examples of a batch as flattened rows. */
    static float[][] rows(Tensor batch) {
        int n = batch.dim(0);
        int size = batch.size() / n;
        float[][] rows = new float[n][];
        for (int i = 0; i < n; i++) {
            rows[i] = Arrays.copyOfRange(batch.data(), i * size, (i + 1) * size);
        }
        return rows;
    }
}
