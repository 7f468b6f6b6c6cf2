package dev.tauon.nn;

import dev.tauon.core.Generator;
import dev.tauon.core.Shapes;
import dev.tauon.core.Tensor;
import java.util.Arrays;

/**
 * The layers' computations as plain functions of tensors, like {@code torch.nn.functional}: for
 * custom modules and hand-written loops. Every function is differentiable (built from core ops).
 */
public final class Functional {
    private Functional() {}

    /** {@code max(x, 0)} of every element of {@code x}. */
    public static Tensor relu(Tensor x) {
        return x.relu();
    }

    /** The logistic function of every element of {@code x}. */
    public static Tensor sigmoid(Tensor x) {
        return x.sigmoid();
    }

    /** The hyperbolic tangent of every element of {@code x}. */
    public static Tensor tanh(Tensor x) {
        return x.tanh();
    }

    /** Softmax over axis 1 (features, or channels of NCHW). */
    public static Tensor softmax(Tensor x) {
        return x.softmax(1);
    }

    /** {@code x @ weight + bias} for {@code x [N, in]}, {@code weight [in, out]} (Keras' layout), {@code bias [out]} or null. */
    public static Tensor dense(Tensor x, Tensor weight, Tensor bias) {
        if (x.rank() != 2 || weight.rank() != 2 || x.dim(1) != weight.dim(0)) {
            throw new IllegalArgumentException("dense: input " + Shapes.str(x.shape()) + " does not fit weight "
                    + Shapes.str(weight.shape()) + " (expected input [N, " + weight.dim(0) + "])");
        }
        Tensor y = x.matmul(weight);
        return bias == null ? y : y.add(bias);
    }

    /** 2-D convolution of NCHW {@code x} with an OIHW {@code weight}, {@code bias [O]} or null, equal stride and padding on both axes. */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int stride, int padding) {
        return x.conv2d(weight, bias, stride, padding);
    }

    /** Max pooling of NCHW {@code x} with a square window, no padding. */
    public static Tensor maxPool2d(Tensor x, int kernel, int stride) {
        return x.maxPool2d(kernel, stride);
    }

    /** Merges every dimension after the batch: {@code [N, C, H, W] -> [N, C*H*W]} (NCHW order). */
    public static Tensor flatten(Tensor x) {
        return x.flatten(1);
    }

    /**
     * Inverted dropout: in training, zeroes each element with probability {@code rate} and scales the
     * rest by {@code 1 / (1 - rate)}, so evaluation needs no rescaling; otherwise returns {@code x}.
     * The mask is drawn from {@code gen}, one float per element in row-major order.
     */
    public static Tensor dropout(Tensor x, float rate, boolean training, Generator gen) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("dropout: rate must be in [0, 1), got " + rate);
        }
        if (!training || rate == 0) {
            return x;
        }
        float keep = 1f / (1f - rate);
        float[] mask = new float[x.size()];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = gen.nextFloat() >= rate ? keep : 0f;
        }
        return x.mul(Tensor.wrap(mask, x.shape()));
    }

    /** Mean softmax cross-entropy of {@code logits [N, C]} against class indices (fused and stable). */
    public static Tensor crossEntropy(Tensor logits, int[] labels) {
        return logits.crossEntropy(labels);
    }

    /** Mean softmax cross-entropy of {@code logits [N, C]} against target distributions (one-hot rows). */
    public static Tensor crossEntropy(Tensor logits, Tensor targets) {
        return logits.crossEntropy(targets);
    }

    /** Mean squared error over every element. */
    public static Tensor mse(Tensor predictions, Tensor targets) {
        if (!Arrays.equals(predictions.shape(), targets.shape())) {
            throw new IllegalArgumentException("mse: predictions " + Shapes.str(predictions.shape()) + " and targets "
                    + Shapes.str(targets.shape()) + " differ in shape");
        }
        Tensor diff = predictions.sub(targets);
        return diff.mul(diff).mean();
    }
}
