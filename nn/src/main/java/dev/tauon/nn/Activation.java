package dev.tauon.nn;

import dev.tauon.core.Tensor;
import java.util.Locale;

/**
 * The element-wise (or, for softmax, per-example) non-linearities a layer can apply to its output,
 * as in Keras' {@code activation='relu'}. Softmax normalises over axis 1: the features of a
 * {@code [N, F]} output, or the channels of an NCHW one (Keras' last axis in its NHWC order).
 */
public enum Activation {
    /** The identity: no activation. */
    LINEAR,
    /** {@code max(x, 0)}. */
    RELU,
    /** The logistic function {@code 1 / (1 + e^-x)}. */
    SIGMOID,
    /** The hyperbolic tangent. */
    TANH,
    /** Softmax over axis 1: each example's values become probabilities summing to 1. */
    SOFTMAX,
    /** GELU, {@code x * Phi(x)}, exact: PyTorch's {@code GELU()}, Keras' {@code gelu} (approximate=False). */
    GELU,
    /** GELU's tanh approximation: PyTorch's {@code GELU(approximate='tanh')}, Keras' {@code gelu} with approximate=True. */
    GELU_TANH,
    /** SiLU, also called swish: {@code x * sigmoid(x)}. */
    SILU,
    /**
     * Leaky ReLU with PyTorch's slope {@link #LEAKY_RELU_SLOPE} (Keras' LeakyReLU layer defaults to
     * 0.3, its {@code leaky_relu} function to 0.2); the {@code LeakyReLU} layer takes any slope.
     */
    LEAKY_RELU;

    /** The slope of {@link #LEAKY_RELU} below zero: PyTorch's default, 0.01. */
    public static final float LEAKY_RELU_SLOPE = 0.01f;

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
            case GELU:
                return x.gelu();
            case GELU_TANH:
                return x.geluTanh();
            case SILU:
                return x.silu();
            case LEAKY_RELU:
                return x.leakyRelu(LEAKY_RELU_SLOPE);
            default:
                return x;
        }
    }

    /** The Keras spelling, used in layer descriptions: {@code relu}, {@code softmax}, ... */
    public String kerasName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
