package dev.tauon.nn;

import dev.tauon.core.Tensor;

/**
 * The element-wise (or, for softmax, per-example) non-linearities a layer can apply to its output,
 * as in Keras' {@code activation='relu'}. Softmax normalises over axis 1: the features of a
 * {@code [N, F]} output, or the channels of an NCHW one (Keras' last axis in its NHWC order).
 */
public enum Activation {
    /** The identity: no activation. */
    LINEAR,
    RELU,
    SIGMOID,
    TANH,
    SOFTMAX;

    /** Applies the activation. */
    public Tensor apply(Tensor x) {
        switch (this) {
            case RELU:
                return x.relu();
            case SIGMOID:
                return x.sigmoid();
            case TANH:
                return x.tanh();
            case SOFTMAX:
                return x.softmax(1);
            default:
                return x;
        }
    }

    /** The Keras spelling, used in layer descriptions: {@code relu}, {@code softmax}, ... */
    public String kerasName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
