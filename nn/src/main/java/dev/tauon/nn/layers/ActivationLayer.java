package dev.tauon.nn.layers;

import dev.tauon.core.Tensor;
import dev.tauon.nn.Activation;
import dev.tauon.nn.Module;
import java.util.Objects;

/** An activation as a layer of its own; {@link ReLU}, {@link Sigmoid}, {@link Tanh} and {@link Softmax} name the common ones. */
public class ActivationLayer extends Module {
    private final Activation activation;

    /** A layer that applies {@code activation} to its input. */
    public ActivationLayer(Activation activation) {
        this.activation = Objects.requireNonNull(activation, "activation");
    }

    /** The activation this layer applies. */
    public Activation activation() {
        return activation;
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        return inputShape.clone();
    }

    @Override
    public Tensor forward(Tensor x) {
        return activation.apply(x);
    }

    @Override
    public boolean endsInSoftmax() {
        return activation == Activation.SOFTMAX;
    }

    @Override
    public Tensor forwardLogits(Tensor x) {
        return endsInSoftmax() ? x : super.forwardLogits(x);
    }

    @Override
    public String name() {
        String n = getClass().getSimpleName();
        return n.equals("ActivationLayer") ? "Activation(" + activation.kerasName() + ")" : n;
    }
}
