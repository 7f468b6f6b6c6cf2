package dev.tauon.nn.init;

import dev.tauon.core.Generator;
import dev.tauon.core.Tensor;

/**
 * Creates a parameter tensor's initial values. Layers pass the fans as Keras computes them:
 * for Dense, {@code fanIn} = inputs and {@code fanOut} = units; for a convolution with a
 * {@code kh x kw} kernel, {@code fanIn = kh*kw*inChannels} and {@code fanOut = kh*kw*filters}.
 * Every value comes from {@code gen}, so a seed fixes the weights.
 */
@FunctionalInterface
public interface Initializer {

    Tensor create(Generator gen, int fanIn, int fanOut, int... shape);

    /** Glorot (Xavier) uniform: U(-l, l) with l = sqrt(6 / (fanIn + fanOut)); Keras' default for kernels. */
    static Initializer glorotUniform() {
        return (gen, fanIn, fanOut, shape) -> {
            float limit = (float) Math.sqrt(6.0 / (fanIn + fanOut));
            return Tensor.uniform(gen, -limit, limit, shape);
        };
    }

    /** He uniform: U(-l, l) with l = sqrt(6 / fanIn), for ReLU networks. */
    static Initializer heUniform() {
        return (gen, fanIn, fanOut, shape) -> {
            float limit = (float) Math.sqrt(6.0 / fanIn);
            return Tensor.uniform(gen, -limit, limit, shape);
        };
    }

    /**
     * He normal as Keras defines it: a normal truncated at two standard deviations (values beyond
     * are drawn again), whose standard deviation before truncation is sqrt(2 / fanIn) / 0.8796...
     * so that the truncated distribution has variance 2 / fanIn.
     */
    static Initializer heNormal() {
        return (gen, fanIn, fanOut, shape) -> {
            double std = Math.sqrt(2.0 / fanIn) / 0.87962566103423978;
            Tensor t = Tensor.zeros(shape);
            float[] d = t.data();
            for (int i = 0; i < d.length; i++) {
                double z;
                do {
                    z = gen.nextGaussian();
                } while (Math.abs(z) > 2.0);
                d[i] = (float) (z * std);
            }
            return t;
        };
    }

    /** All zeros; the default for biases. Draws nothing from the generator. */
    static Initializer zeros() {
        return (gen, fanIn, fanOut, shape) -> Tensor.zeros(shape);
    }
}
