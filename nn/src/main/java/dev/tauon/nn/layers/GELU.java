package dev.tauon.nn.layers;

import dev.tauon.nn.Activation;

/**
 * The {@link Activation#GELU} activation as a layer, or its tanh approximation
 * {@link Activation#GELU_TANH}, which PyTorch calls {@code GELU(approximate='tanh')}.
 */
public class GELU extends ActivationLayer {
    private final boolean tanhApproximation;

    /** The exact GELU, {@code x * Phi(x)}. */
    public GELU() {
        this(false);
    }

    /** The exact GELU, or with {@code tanhApproximation} its tanh approximation. */
    public GELU(boolean tanhApproximation) {
        super(tanhApproximation ? Activation.GELU_TANH : Activation.GELU);
        this.tanhApproximation = tanhApproximation;
    }

    @Override
    public String name() {
        return tanhApproximation ? "GELU(tanh)" : "GELU";
    }
}
