package dev.tauon.nn.layers;

import dev.tauon.core.Tensor;
import dev.tauon.nn.Activation;
import dev.tauon.nn.Module;

/**
 * {@code x > 0 ? x : slope * x}. The default slope is PyTorch's 0.01
 * ({@link Activation#LEAKY_RELU_SLOPE}); Keras' LeakyReLU layer defaults to 0.3, so pass it to
 * match a Keras model.
 */
public class LeakyReLU extends Module {
    private final float slope;

    /** Leaky ReLU with Keras' default slope, {@link Activation#LEAKY_RELU_SLOPE}. */
    public LeakyReLU() {
        this(Activation.LEAKY_RELU_SLOPE);
    }

    /** Leaky ReLU: {@code x} for {@code x > 0}, {@code slope * x} otherwise. */
    public LeakyReLU(float slope) {
        if (!Float.isFinite(slope)) {
            throw new IllegalArgumentException("LeakyReLU: slope " + slope + " must be finite");
        }
        this.slope = slope;
    }

    /** The slope below zero. */
    public float slope() {
        return slope;
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        return inputShape.clone();
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.leakyRelu(slope);
    }

    @Override
    public String name() {
        return "LeakyReLU(" + slope + ")";
    }
}
