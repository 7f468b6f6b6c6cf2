package dev.tauon.nn.layers;

import dev.tauon.nn.Activation;

/** The {@link Activation#TANH} activation as a layer. */
public class Tanh extends ActivationLayer {
    public Tanh() {
        super(Activation.TANH);
    }
}
