package dev.tauon.nn.layers;

import dev.tauon.nn.Activation;

/** The {@link Activation#SIGMOID} activation as a layer. */
public class Sigmoid extends ActivationLayer {
    /** The sigmoid layer. */
    public Sigmoid() {
        super(Activation.SIGMOID);
    }
}
