package dev.tauon.nn;

import dev.tauon.core.BatchSums;
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
     * The mask is drawn from {@code gen}, one float per element in row-major order; inside
     * {@link BatchSums#inBlocksOf} it is drawn per block of examples instead, each block from its
     * own stream seeded by one draw of {@code gen} and the block's index in the whole batch, so a
     * share of a batch split over machines gets the masks the whole batch gets for its blocks.
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
        int block = BatchSums.blockSize();
        if (block == 0 || x.rank() == 0) {
            fillMask(mask, 0, mask.length, rate, keep, gen);
        } else {
            long base = gen.nextLong();
            int rows = x.dim(0);
            int row = rows == 0 ? 0 : mask.length / rows;
            for (int r0 = 0; r0 < rows; r0 += block) {
                Generator blockStream = new Generator(blockSeed(base, BatchSums.firstBlock() + r0 / block));
                fillMask(mask, r0 * row, Math.min(rows, r0 + block) * row, rate, keep, blockStream);
            }
        }
        return x.mul(Tensor.wrap(mask, x.shape()));
    }

    private static void fillMask(float[] mask, int from, int to, float rate, float keep, Generator gen) {
        for (int i = from; i < to; i++) {
            mask[i] = gen.nextFloat() >= rate ? keep : 0f;
        }
    }

    /** A seed for block {@code index}'s stream, mixed so that neighbouring blocks get unrelated streams. */
    private static long blockSeed(long base, long index) {
        return Generator.mix(base ^ (index * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L));
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
