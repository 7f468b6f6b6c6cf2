package dev.tauon.nn.layers;

import dev.tauon.core.Generator;
import dev.tauon.core.Shapes;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Module;
import dev.tauon.nn.Summary;
import java.util.Arrays;

/**
 * Batch normalisation over axis 1, the channels (Ioffe and Szegedy, 2015): what {@link BatchNorm1D}
 * and {@link BatchNorm2D} share. Each channel is normalised to mean 0 and variance 1, then scaled by
 * a learnable {@code weight} (gamma) and shifted by a learnable {@code bias} (beta):
 * {@code y = (x - mean) / sqrt(var + epsilon) * weight + bias}.
 *
 * <p>In training mode the mean and variance are the batch's, over every axis but the channels, with
 * the biased (population) variance, and the gradient flows through them; the running statistics
 * are then updated in place, outside the graph:
 * {@code running = (1 - momentum) * running + momentum * batch}, the running variance taking the
 * unbiased batch variance ({@code n / (n - 1)} times the biased one, {@code n} values per channel).
 * In evaluation mode the running statistics are used and nothing is updated. This is PyTorch's
 * {@code BatchNorm2d} exactly, defaults included: momentum 0.1, epsilon 1e-5, running mean 0,
 * running variance 1, weight 1, bias 0.
 *
 * <p>Keras' {@code BatchNormalization(momentum=0.99, epsilon=1e-3)} counts momentum the other way
 * (the weight of the old value): Keras' {@code momentum=m} is Tauon's {@code momentum(1 - m)}, so
 * its defaults are {@code momentum(0.01f).epsilon(1e-3f)}. Keras also updates the moving variance
 * with the biased batch variance, a difference of a factor {@code n / (n - 1)} that vanishes for
 * large batches. Keras' {@code center} and {@code scale} are {@link #shift(boolean)} and
 * {@link #scale(boolean)}; PyTorch's {@code affine=False} is both off.
 *
 * <p>State dict entries, in PyTorch's names and order: {@code weight}, {@code bias} (parameters,
 * absent when turned off), {@code running_mean}, {@code running_var} (buffers). PyTorch's
 * {@code num_batches_tracked} is not kept, as it only serves {@code momentum=None}, which is not
 * offered. The number of channels comes from {@code build}, or from the first batch.
 */
public abstract class BatchNorm extends Module {
    /** PyTorch's default momentum, the weight of the new batch in the running statistics. */
    public static final float DEFAULT_MOMENTUM = 0.1f;
    /** PyTorch's default epsilon. */
    public static final float DEFAULT_EPSILON = 1e-5f;

    private float momentum = DEFAULT_MOMENTUM;
    private float epsilon = DEFAULT_EPSILON;
    private boolean scale = true;
    private boolean shift = true;
    private boolean scaleFrozen;
    private boolean shiftFrozen;
    private Tensor weight;
    private Tensor bias;
    private Tensor runningMean;
    private Tensor runningVar;
    private int channels;

    /** Fails unless {@code exampleShape} (per example, no batch) is one this layer normalises. */
    protected abstract void checkExampleShape(int[] exampleShape);

    /** The input layout for error messages, like {@code "[N, C, H, W]"} with the channels filled in. */
    protected abstract String expectedLayout(int channels, int rank);

    /**
     * The weight of the new batch in the running statistics, in [0, 1]; default 0.1 (PyTorch's
     * convention; Keras' {@code momentum=m} is {@code 1 - m} here). Returns this.
     */
    public BatchNorm momentum(float momentum) {
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException(name() + ": momentum must be in [0, 1], got " + momentum);
        }
        this.momentum = momentum;
        return this;
    }

    /** Added to the variance before its square root, finite and above 0; default 1e-5 (PyTorch's; Keras' is 1e-3). Returns this. */
    public BatchNorm epsilon(float epsilon) {
        if (!(epsilon > 0) || Float.isInfinite(epsilon)) {
            throw new IllegalArgumentException(name() + ": epsilon must be a finite number above 0, got " + epsilon);
        }
        this.epsilon = epsilon;
        return this;
    }

    /** Whether there is a learnable scale ({@code weight}, gamma); default on, Keras' {@code scale}. Before build. Returns this. */
    public BatchNorm scale(boolean on) {
        requireUnbuilt("scale");
        scale = on;
        return this;
    }

    /** Whether there is a learnable shift ({@code bias}, beta); default on, Keras' {@code center}. Before build. Returns this. */
    public BatchNorm shift(boolean on) {
        requireUnbuilt("shift");
        shift = on;
        return this;
    }

    /**
     * Keeps the scale at its value (1, or what was loaded): a parameter that gets no gradient, saved
     * and loaded as usual and counted as non-trainable. The same as {@code weight().requiresGrad(false)}
     * once built. Returns this.
     */
    public BatchNorm freezeScale() {
        scaleFrozen = true;
        freeze(weight);
        return this;
    }

    /** Keeps the shift at its value, like {@link #freezeScale()} for the bias. Returns this. */
    public BatchNorm freezeShift() {
        shiftFrozen = true;
        freeze(bias);
        return this;
    }

    private static void freeze(Tensor parameter) {
        if (parameter != null) {
            parameter.requiresGrad(false);
        }
    }

    private void requireUnbuilt(String option) {
        if (isBuilt()) {
            throw new IllegalStateException(name() + ": " + option + " must be set before the layer is built");
        }
    }

    /** The weight of the new batch in the running statistics (PyTorch's convention). */
    public float momentum() {
        return momentum;
    }

    /** What is added to the variance before its square root. */
    public float epsilon() {
        return epsilon;
    }

    /** Whether the layer has a learnable scale (set by {@link #scale(boolean)}). */
    public boolean hasScale() {
        return scale;
    }

    /** Whether the layer has a learnable shift (set by {@link #shift(boolean)}). */
    public boolean hasShift() {
        return shift;
    }

    /** The scale (gamma), or {@code null} if turned off or not built. */
    public Tensor weight() {
        return weight;
    }

    /** The shift (beta), or {@code null} if turned off or not built. */
    public Tensor bias() {
        return bias;
    }

    /** The running mean per channel (a buffer), or {@code null} before build. */
    public Tensor runningMean() {
        return runningMean;
    }

    /** The running (unbiased) variance per channel (a buffer), or {@code null} before build. */
    public Tensor runningVar() {
        return runningVar;
    }

    private void checkChannels(int[] inputShape) {
        checkExampleShape(inputShape);
        if (inputShape[0] == 0) {
            // No channel to normalise; the batch statistics would divide by a count of zero values.
            throw new IllegalArgumentException(name() + ": input " + Summary.tauonShape(inputShape)
                    + " has no channels; normalisation needs at least one");
        }
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        checkChannels(inputShape);
        if (isBuilt() && inputShape[0] != channels) {
            throw new IllegalArgumentException(name() + ": input " + Summary.tauonShape(inputShape) + " must be "
                    + expectedLayout(channels, inputShape.length + 1));
        }
        return inputShape.clone();
    }

    @Override
    protected void buildParameters(int[] inputShape, Generator init) {
        checkChannels(inputShape);
        channels = inputShape[0];
        if (scale) {
            weight = registerParameter("weight", Tensor.ones(channels));
            freeze(scaleFrozen ? weight : null);
        }
        if (shift) {
            bias = registerParameter("bias", Tensor.zeros(channels));
            freeze(shiftFrozen ? bias : null);
        }
        runningMean = registerBuffer("running_mean", Tensor.zeros(channels));
        runningVar = registerBuffer("running_var", Tensor.ones(channels));
    }

    /** Normalises with the batch's statistics in training mode, the running ones in evaluation mode. */
    @Override
    public Tensor forward(Tensor x) {
        buildFromBatchIfNeeded(x);
        int[] s = x.shape();
        if (s.length != builtInputShape().length + 1 || s[1] != channels) {
            throw new IllegalArgumentException(name() + ": input " + Shapes.str(s) + " must be "
                    + expectedLayout(channels, builtInputShape().length + 1));
        }
        int[] axes = statisticsAxes(s.length);
        int[] perChannel = new int[s.length];
        Arrays.fill(perChannel, 1);
        perChannel[1] = channels;
        Tensor centred;
        Tensor variance;
        if (isTraining()) {
            long n = x.size() / channels;
            if (n < 2) {
                throw new IllegalArgumentException(name() + ": expected more than 1 value per channel when training,"
                        + " got input " + Shapes.str(s) + ", whose batch variance is 0; train with a larger batch"
                        + " (or larger images), or call eval() to use the running statistics");
            }
            Tensor mean = x.mean(axes, true);
            centred = x.sub(mean);
            variance = centred.mul(centred).mean(axes, true);
            updateRunningStatistics(mean.data(), variance.data(), n);
        } else {
            centred = x.sub(runningMean.reshape(perChannel));
            variance = runningVar.reshape(perChannel);
        }
        Tensor factor = variance.add(epsilon).pow(-0.5f);
        if (weight != null) {
            factor = factor.mul(weight.reshape(perChannel));
        }
        Tensor y = centred.mul(factor);
        return bias == null ? y : y.add(bias.reshape(perChannel));
    }

    /**
     * PyTorch's update, in place on the buffers' arrays (so no graph is recorded and the state dict
     * sees the new values): {@code (1 - m) * running + m * batch}, with the unbiased variance.
     */
    private void updateRunningStatistics(float[] mean, float[] biasedVariance, long n) {
        float[] rm = runningMean.data();
        float[] rv = runningVar.data();
        float unbias = (float) n / (n - 1);
        for (int c = 0; c < channels; c++) {
            rm[c] = (1 - momentum) * rm[c] + momentum * mean[c];
            rv[c] = (1 - momentum) * rv[c] + momentum * (biasedVariance[c] * unbias);
        }
    }

    /** Every axis but the channels: 0 and 2, 3, ... */
    private static int[] statisticsAxes(int rank) {
        int[] axes = new int[rank - 1];
        axes[0] = 0;
        for (int i = 1; i < axes.length; i++) {
            axes[i] = i + 1;
        }
        return axes;
    }

    /**
     * {@code BatchNorm2D(16)} once built (the channel count), then any option that differs from the
     * defaults: {@code BatchNorm2D(16, momentum 0.01, epsilon 0.001, no scale, frozen shift)}.
     */
    @Override
    public String name() {
        StringBuilder sb = new StringBuilder(getClass().getSimpleName());
        StringBuilder opts = new StringBuilder();
        if (isBuilt()) {
            opts.append(", ").append(channels);
        }
        if (momentum != DEFAULT_MOMENTUM) {
            opts.append(", momentum ").append(momentum);
        }
        if (epsilon != DEFAULT_EPSILON) {
            opts.append(", epsilon ").append(epsilon);
        }
        describe(opts, scale, weight == null ? scaleFrozen : !weight.requiresGrad(), "scale");
        describe(opts, shift, bias == null ? shiftFrozen : !bias.requiresGrad(), "shift");
        return opts.length() == 0
                ? sb.toString()
                : sb.append('(').append(opts.substring(2)).append(')').toString();
    }

    private static void describe(StringBuilder opts, boolean on, boolean frozen, String what) {
        if (!on) {
            opts.append(", no ").append(what);
        } else if (frozen) {
            opts.append(", frozen ").append(what);
        }
    }
}
