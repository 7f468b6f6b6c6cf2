package dev.tauon.examples;

import dev.tauon.core.Batch;
import dev.tauon.core.Generator;
import dev.tauon.core.NoGrad;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Activation;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.layers.Dense;
import dev.tauon.nn.losses.MeanSquaredError;
import dev.tauon.nn.optim.Adam;
import dev.tauon.nn.optim.Optimizer;

/** XOR with a 2-4-1 MLP (tanh hidden units, sigmoid output), trained by the plain low-level loop. */
public final class Xor {
    static final float[] INPUTS = {0, 0, 0, 1, 1, 0, 1, 1};
    static final float[] TARGETS = {0, 1, 1, 0};

    private Xor() {}

    public static void main(String[] args) {
        Tensor predictions = train(1, 2000);
        for (int i = 0; i < 4; i++) {
            System.out.printf(
                    "%d XOR %d -> %.4f (target %d)%n",
                    (int) INPUTS[2 * i], (int) INPUTS[2 * i + 1], predictions.get(i, 0), (int) TARGETS[i]);
        }
    }

    /** Trains from {@code seed} for {@code steps} full-batch steps and returns the 4 predictions. */
    static Tensor train(long seed, int steps) {
        Sequential model = new Sequential(new Dense(4, Activation.TANH), new Dense(1, Activation.SIGMOID))
                .build(new Generator(seed), 2);
        Tensor x = Tensor.of(INPUTS, 4, 2);
        Batch batch = Batch.ofTargets(x, Tensor.of(TARGETS, 4, 1));
        Optimizer opt = new Adam(model, 0.05f);
        MeanSquaredError mse = new MeanSquaredError();
        for (int step = 0; step < steps; step++) {
            Tensor loss = mse.compute(model.forward(x), batch);
            opt.zeroGrad();
            loss.backward();
            opt.step();
        }
        try (NoGrad scope = NoGrad.enter()) {
            return model.forward(x);
        }
    }
}
