package dev.tauon.nn.layers;

import dev.tauon.nn.Activation;

/** The {@link Activation#TANH} activation as a layer. */
public class Tanh extends ActivationLayer {
    /** The tanh layer. */
    public Tanh() {
        super(Activation.TANH);
    }
}
