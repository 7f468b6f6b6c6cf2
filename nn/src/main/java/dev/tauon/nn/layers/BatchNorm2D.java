package dev.tauon.nn.layers;

import dev.tauon.nn.Summary;

/**
 * Batch normalisation of NCHW images, PyTorch's {@code BatchNorm2d} and Keras'
 * {@code BatchNormalization} after a convolution: each channel is normalised over the batch, the
 * height and the width. See {@link BatchNorm} for the formula, the defaults and how they map to
 * Keras.
 *
 * <pre>{@code
 * new Sequential(new Conv2D(32, 3).padding(Padding.SAME), new BatchNorm2D(), new ReLU());
 * }</pre>
 */
public class BatchNorm2D extends BatchNorm {

    @Override
    protected void checkExampleShape(int[] exampleShape) {
        if (exampleShape.length != 3) {
            throw new IllegalArgumentException(name() + ": input " + Summary.tauonShape(exampleShape)
                    + " must be [N, C, H, W]" + (exampleShape.length < 3 ? "; for features use BatchNorm1D" : ""));
        }
    }

    @Override
    protected String expectedLayout(int channels, int rank) {
        return "[N, " + channels + ", H, W]";
    }
}
