package dev.tauon.nn.layers;

/** How a convolution treats the border, as in Keras. */
public enum Padding {
    /** No padding: the output shrinks by {@code kernel - 1} (with stride 1). */
    VALID,
    /** Zero padding so that the output size is {@code ceil(input / stride)}. */
    SAME
}
