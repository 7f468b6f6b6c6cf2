package dev.tauon.spark;

import dev.tauon.core.Generator;
import dev.tauon.nn.Activation;
import dev.tauon.nn.Module;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.layers.BatchNorm2D;
import dev.tauon.nn.layers.Conv2D;
import dev.tauon.nn.layers.Dense;
import dev.tauon.nn.layers.Dropout;
import dev.tauon.nn.layers.Flatten;
import dev.tauon.nn.layers.MaxPool2D;
import dev.tauon.nn.losses.Loss;
import dev.tauon.nn.optim.Adam;
import dev.tauon.nn.optim.SGD;
import java.util.ArrayList;
import java.util.List;

/** Small models and data for the distributed tests: seconds, not minutes. */
final class TestSetups {
    static final int[] MLP_SHAPE = {6};
    static final int[] CNN_SHAPE = {3, 8, 8};

    private TestSetups() {}

    /** An MLP with dropout (so the per-task generators matter), trained with Adam. */
    static ReplicaSpec mlp() {
        return new ReplicaSpec(
                () -> new Sequential(
                                new Dense(16, Activation.RELU), new Dropout(0.25f), new Dense(3, Activation.SOFTMAX))
                        .build(new Generator(3), MLP_SHAPE),
                Loss::crossEntropy,
                m -> new Adam(m, 0.01f));
    }

    /** The small CNN: conv, BatchNorm (running statistics are averaged), pool, dense; Adam. */
    static ReplicaSpec cnn() {
        return new ReplicaSpec(
                () -> new Sequential(
                                new Conv2D(4, 3, Activation.RELU),
                                new BatchNorm2D(),
                                new MaxPool2D(2),
                                new Flatten(),
                                new Dense(3, Activation.SOFTMAX))
                        .build(new Generator(5), CNN_SHAPE),
                Loss::crossEntropy,
                m -> new Adam(m, 0.01f));
    }

    /** An MLP without dropout, plain SGD: the optimiser for which averaging one step is the mean gradient. */
    static ReplicaSpec mlpSgd() {
        return plainMlp(m -> new SGD(m, 0.1f));
    }

    /** An MLP without dropout, trained with Adam: no layer whose output depends on the whole batch. */
    static ReplicaSpec mlpAdam() {
        return plainMlp(m -> new Adam(m, 0.01f));
    }

    private static ReplicaSpec plainMlp(OptimizerFactory optimizer) {
        return new ReplicaSpec(
                () -> new Sequential(new Dense(16, Activation.RELU), new Dense(3, Activation.SOFTMAX))
                        .build(new Generator(3), MLP_SHAPE),
                Loss::crossEntropy,
                optimizer);
    }

    /** A small CNN in the reference's shape (conv, pool, conv, dense, dense), no BatchNorm; Adam. */
    static ReplicaSpec plainCnn() {
        return new ReplicaSpec(
                () -> new Sequential(
                                new Conv2D(4, 3, Activation.RELU),
                                new MaxPool2D(2),
                                new Conv2D(8, 2, Activation.RELU),
                                new Flatten(),
                                new Dense(8, Activation.RELU),
                                new Dense(3, Activation.SOFTMAX))
                        .build(new Generator(5), CNN_SHAPE),
                Loss::crossEntropy,
                m -> new Adam(m, 0.01f));
    }

    /** {@code n} examples of {@code size} features whose label is the argmax of three feature sums. */
    static List<LabeledExample> examples(int n, int size, long seed) {
        Generator g = new Generator(seed);
        List<LabeledExample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] x = new float[size];
            float[] sums = new float[3];
            for (int j = 0; j < size; j++) {
                x[j] = (float) g.nextGaussian();
                sums[j % 3] += x[j];
            }
            int label = sums[0] >= sums[1] && sums[0] >= sums[2] ? 0 : sums[1] >= sums[2] ? 1 : 2;
            out.add(new LabeledExample(x, label));
        }
        return out;
    }

    static int size(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** The model's whole state dict, as one array, for bit comparisons. */
    static float[] state(Module model) {
        return FlatState.flatten(model.stateDict().values());
    }
}
