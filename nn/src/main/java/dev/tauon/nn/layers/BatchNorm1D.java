package dev.tauon.nn.layers;

import dev.tauon.nn.Summary;

/**
 * Batch normalisation of features, PyTorch's {@code BatchNorm1d}: inputs {@code [N, F]} (after a
 * Dense layer) are normalised per feature over the batch, and inputs {@code [N, C, L]} (sequences)
 * per channel over the batch and the length. See {@link BatchNorm} for the formula, the defaults
 * and how they map to Keras' {@code BatchNormalization}.
 *
 * <pre>{@code
 * new Sequential(new Flatten(), new Dense(64), new BatchNorm1D(), new ReLU(), new Dense(10));
 * }</pre>
 */
public class BatchNorm1D extends BatchNorm {

    @Override
    protected void checkExampleShape(int[] exampleShape) {
        if (exampleShape.length != 1 && exampleShape.length != 2) {
            throw new IllegalArgumentException(name() + ": input " + Summary.tauonShape(exampleShape)
                    + " must be [N, features] or [N, channels, length]; for images use BatchNorm2D");
        }
    }

    @Override
    protected String expectedLayout(int channels, int rank) {
        return rank == 2 ? "[N, " + channels + "]" : "[N, " + channels + ", L]";
    }
}
