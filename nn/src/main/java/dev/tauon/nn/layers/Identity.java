package dev.tauon.nn.layers;

import dev.tauon.nn.Activation;

/**
 * Returns its input unchanged (the same tensor), like PyTorch's {@code nn.Identity}: a placeholder
 * branch of a {@link Concatenate}, or a layer switched off without rewriting the model.
 */
public class Identity extends ActivationLayer {
    /** A layer that returns its input. */
    public Identity() {
        super(Activation.LINEAR);
    }
}
