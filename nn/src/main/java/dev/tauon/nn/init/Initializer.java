package dev.tauon.nn.init;

import dev.tauon.core.Generator;
import dev.tauon.core.Shapes;
import dev.tauon.core.Tensor;
import java.util.Arrays;

/**
 * Creates a parameter tensor's initial values. Layers pass the fans as Keras computes them:
 * for Dense, {@code fanIn} = inputs and {@code fanOut} = units; for a convolution with a
 * {@code kh x kw} kernel, {@code fanIn = kh*kw*inChannels} and {@code fanOut = kh*kw*filters}.
 * Every value comes from {@code gen}, so a seed fixes the weights.
 */
@FunctionalInterface
public interface Initializer {

    /**
     * A new tensor of {@code shape} with initial values drawn from {@code gen}; {@code fanIn} and {@code fanOut} are the layer's, for initialisers that scale by them.
     */
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

    /**
     * PyTorch's default for Linear and Conv weights and biases: U(-l, l) with l = 1 / sqrt(fanIn)
     * (its {@code kaiming_uniform_(a=sqrt(5))}), with fanIn as PyTorch counts it, the inputs of one
     * output: for a convolution, {@code kh*kw*inChannels}, as Tauon's layers pass it.
     */
    static Initializer uniformFanIn() {
        return (gen, fanIn, fanOut, shape) -> {
            float limit = (float) (1 / Math.sqrt(fanIn));
            return Tensor.uniform(gen, -limit, limit, shape);
        };
    }

    /**
     * A convolution weight {@code [O, C, kh, kw]} drawn from {@code rest}, whose first {@code min(O, C)}
     * filters are then made identities (PyTorch's {@code dirac_} on {@code w[:C]}): filter {@code i}
     * passes input channel {@code i} through its kernel centre unchanged. A deep stack of such
     * convolutions starts close to the identity map, which the airbench recipe uses.
     */
    static Initializer partialDirac(Initializer rest) {
        return (gen, fanIn, fanOut, shape) -> {
            if (shape.length != 4) {
                throw new IllegalArgumentException(
                        "partialDirac: needs a convolution weight [O, C, kh, kw], got " + Shapes.str(shape));
            }
            Tensor t = rest.create(gen, fanIn, fanOut, shape);
            int o = shape[0];
            int c = shape[1];
            int kh = shape[2];
            int kw = shape[3];
            float[] w = t.data();
            for (int i = 0; i < Math.min(o, c); i++) {
                Arrays.fill(w, i * c * kh * kw, (i + 1) * c * kh * kw, 0f);
                w[((i * c + i) * kh + kh / 2) * kw + kw / 2] = 1f;
            }
            return t;
        };
    }

    /** All zeros; the default for biases. Draws nothing from the generator. */
    static Initializer zeros() {
        return (gen, fanIn, fanOut, shape) -> Tensor.zeros(shape);
    }
}
