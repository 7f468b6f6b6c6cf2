package dev.tauon.nn.layers;

import dev.tauon.nn.Activation;

/** The {@link Activation#SOFTMAX} activation as a layer. */
public class Softmax extends ActivationLayer {
    public Softmax() {
        super(Activation.SOFTMAX);
    }
}
