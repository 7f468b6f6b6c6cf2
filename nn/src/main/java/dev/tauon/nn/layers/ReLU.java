package dev.tauon.nn.layers;

import dev.tauon.nn.Activation;

/** The {@link Activation#RELU} activation as a layer. */
public class ReLU extends ActivationLayer {
    /** The ReLU layer. */
    public ReLU() {
        super(Activation.RELU);
    }
}
