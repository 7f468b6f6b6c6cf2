package dev.tauon.nn.config;

import dev.tauon.core.Generator;
import dev.tauon.core.NoGrad;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Activation;
import dev.tauon.nn.Module;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.layers.ActivationLayer;
import dev.tauon.nn.layers.AvgPool2D;
import dev.tauon.nn.layers.BatchNorm1D;
import dev.tauon.nn.layers.BatchNorm2D;
import dev.tauon.nn.layers.Concatenate;
import dev.tauon.nn.layers.Conv2D;
import dev.tauon.nn.layers.Dense;
import dev.tauon.nn.layers.Dropout;
import dev.tauon.nn.layers.Flatten;
import dev.tauon.nn.layers.GELU;
import dev.tauon.nn.layers.GlobalAvgPool2D;
import dev.tauon.nn.layers.GlobalMaxPool2D;
import dev.tauon.nn.layers.Identity;
import dev.tauon.nn.layers.LeakyReLU;
import dev.tauon.nn.layers.MaxPool2D;
import dev.tauon.nn.layers.Padding;
import dev.tauon.nn.layers.ReLU;
import dev.tauon.nn.layers.Rescaling;
import dev.tauon.nn.layers.Residual;
import dev.tauon.nn.layers.SiLU;
import dev.tauon.nn.layers.Sigmoid;
import dev.tauon.nn.layers.Softmax;
import dev.tauon.nn.layers.Tanh;
import dev.tauon.nn.layers.ZeroPadding2D;
import java.util.List;

/** Models that use every built-in layer with settings away from their defaults, for the config tests. */
final class ConfigModels {
    /** A model and the per-example input shape it is built for. */
    record Case(String name, Module model, int[] input) {}

    private ConfigModels() {}

    /** Every built-in layer, most settings changed from their defaults, BatchNorm's statistics moved. */
    static List<Case> all() {
        Sequential images = new Sequential(
                new Rescaling(1 / 255f, -0.5f),
                new ZeroPadding2D(1, 0, 2, 1),
                new Conv2D(6, 3, 2, Activation.GELU_TANH),
                new BatchNorm2D().momentum(0.3f).epsilon(1e-4f).freezeScale(),
                new ActivationLayer(Activation.LEAKY_RELU),
                new Residual(new Sequential(
                        new Conv2D(6, 3).padding(Padding.SAME),
                        new ReLU(),
                        new Conv2D(6, 3).padding(Padding.SAME).useBias(false))),
                new Residual(new Sequential(new Conv2D(8, 1), new SiLU()), new Conv2D(8, 1).useBias(false)),
                new Concatenate(
                        new Conv2D(4, 1, Activation.RELU),
                        new Sequential(new ZeroPadding2D(1), new Conv2D(4, 3, Activation.SILU).stride(1)),
                        new Identity(),
                        new MaxPool2D(3, 1, 1)),
                new GELU(true),
                new GELU(),
                new LeakyReLU(0.3f),
                new Tanh(),
                new Sigmoid(),
                new AvgPool2D(3, 2, 1),
                new Conv2D(8, 1).stride(2).padding(Padding.SAME),
                new BatchNorm2D().scale(false).shift(false),
                new GlobalAvgPool2D(true),
                new Flatten(),
                new Dense(16, Activation.SILU),
                new BatchNorm1D().freezeShift(),
                new Dropout(0.25f),
                new Dense(10, Activation.SOFTMAX).useBias(false));
        Sequential pooled = new Sequential(
                new Conv2D(4, 3), new MaxPool2D(2, 1), new GlobalMaxPool2D(), new Dense(3), new Softmax());
        Module residualDense = new Residual(new Sequential(new Dense(5, Activation.TANH), new Dense(5)));
        Sequential sequences = new Sequential(new BatchNorm1D().epsilon(1e-3f), new Flatten(), new Dense(2));
        return List.of(
                new Case("every layer", images, new int[] {3, 13, 12}),
                new Case("global max pooling", pooled, new int[] {2, 7, 7}),
                new Case("a residual root", residualDense, new int[] {5}),
                new Case("sequences", sequences, new int[] {3, 4}),
                new Case("an empty Sequential", new Sequential(), new int[] {2, 3}));
    }

    /** Builds the case's model from {@code seed}, freezes one more weight, and moves BatchNorm's statistics. */
    static Module built(Case c, long seed) {
        Module m = c.model().build(new Generator(seed), c.input());
        m.parameters().values().stream().findFirst().ifPresent(p -> p.requiresGrad(false));
        m.train();
        try (NoGrad ignored = NoGrad.enter()) {
            for (int i = 0; i < 2; i++) {
                m.forward(input(c, seed + i, 4));
            }
        }
        return m;
    }

    /** A batch of {@code n} random inputs for the case. */
    static Tensor input(Case c, long seed, int n) {
        int[] shape = new int[c.input().length + 1];
        shape[0] = n;
        System.arraycopy(c.input(), 0, shape, 1, c.input().length);
        return Tensor.uniform(new Generator(seed), -1f, 2f, shape);
    }
}
