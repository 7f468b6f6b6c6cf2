package dev.tauon.nn.layers;

import dev.tauon.nn.Activation;

/** The {@link Activation#SILU} activation (swish, {@code x * sigmoid(x)}) as a layer. */
public class SiLU extends ActivationLayer {
    /** The SiLU layer. */
    public SiLU() {
        super(Activation.SILU);
    }
}
