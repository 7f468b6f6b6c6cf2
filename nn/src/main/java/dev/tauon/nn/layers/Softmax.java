package dev.tauon.nn.layers;

import dev.tauon.nn.Activation;

/** The {@link Activation#SOFTMAX} activation as a layer. */
public class Softmax extends ActivationLayer {
    /** The softmax layer, over axis 1 (each example's values). */
    public Softmax() {
        super(Activation.SOFTMAX);
    }
}
