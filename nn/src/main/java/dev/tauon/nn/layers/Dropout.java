package dev.tauon.nn.layers;

import dev.tauon.core.Generator;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Functional;
import dev.tauon.nn.Module;
import java.util.Map;

/**
 * Inverted dropout, active only in training mode (see {@link Functional#dropout}). Its masks come
 * from its own generator: seeded explicitly, or else derived at build time from the model's
 * initialisation generator, so a model seed fixes the masks too. Checkpoints save its state.
 */
public class Dropout extends Module {
    private final float rate;
    private Generator generator;

    /** Dropout whose generator is seeded from the model's build generator. */
    public Dropout(float rate) {
        this.rate = checkRate(rate);
    }

    /** Dropout with its own seed, independent of the model's. */
    public Dropout(float rate, long seed) {
        this.rate = checkRate(rate);
        this.generator = new Generator(seed);
    }

    private static float checkRate(float rate) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("Dropout: rate must be in [0, 1), got " + rate);
        }
        return rate;
    }

    /** The fraction of values dropped in training. */
    public float rate() {
        return rate;
    }

    @Override
    protected void buildParameters(int[] inputShape, Generator init) {
        if (generator == null) {
            generator = new Generator(init.nextLong());
        }
    }

    @Override
    protected Map<String, Generator> ownGenerators() {
        return generator == null ? Map.of() : Map.of("generator", generator);
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        return inputShape.clone();
    }

    @Override
    public Tensor forward(Tensor x) {
        if (isTraining() && generator == null) {
            throw new IllegalStateException(
                    name() + " is not built and has no seed: build its model, or use" + " new Dropout(rate, seed)");
        }
        return Functional.dropout(x, rate, isTraining(), generator);
    }

    @Override
    public String name() {
        return "Dropout(" + rate + ")";
    }
}
