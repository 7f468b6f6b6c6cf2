package dev.tauon.nn.layers;

import dev.tauon.core.Generator;
import dev.tauon.core.Shapes;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Activation;
import dev.tauon.nn.Module;
import dev.tauon.nn.init.Initializer;
import java.util.Objects;

/**
 * What Dense and Conv2D share: a {@code weight} (Keras' "kernel") and a {@code bias} (unless
 * {@link #useBias(boolean) turned off}, as before a BatchNorm, whose shift makes a bias redundant),
 * created at build time from the input shape, an affine map, and an optional activation after it.
 */
public abstract class KernelLayer extends Module {
    private final Activation activation;
    private Initializer kernelInitializer = Initializer.glorotUniform();
    private Initializer biasInitializer = Initializer.zeros();
    private boolean useBias = true;
    private Tensor weight;
    private Tensor bias;

    /** A layer with a weight and a bias, followed by {@code activation}. */
    protected KernelLayer(Activation activation) {
        this.activation = Objects.requireNonNull(activation, "activation");
    }

    /** The affine part, before the activation; {@code weight()} and {@code bias()} exist when it runs. */
    protected abstract Tensor affine(Tensor x);

    /** Sets how the weight is initialised (default Glorot uniform); before build. Returns this. */
    public KernelLayer kernelInitializer(Initializer init) {
        requireUnbuilt();
        kernelInitializer = Objects.requireNonNull(init);
        return this;
    }

    /** Sets how the bias is initialised (default zeros); before build. Returns this. */
    public KernelLayer biasInitializer(Initializer init) {
        requireUnbuilt();
        biasInitializer = Objects.requireNonNull(init);
        return this;
    }

    /** Whether the layer has a bias (default true, as Keras' {@code use_bias}); before build. Returns this. */
    public KernelLayer useBias(boolean on) {
        requireUnbuilt();
        useBias = on;
        return this;
    }

    /** Whether the layer has a bias (set by {@link #useBias(boolean)}). */
    public boolean hasBias() {
        return useBias;
    }

    private void requireUnbuilt() {
        if (isBuilt()) {
            throw new IllegalStateException(
                    name() + ": initialisers and the bias must be set before the layer is built");
        }
    }

    /** Creates and registers {@code weight} then {@code bias} (if used), the weight drawn first from {@code init}. */
    protected final void createParameters(Generator init, int[] weightShape, int fanIn, int fanOut, int biasSize) {
        weight = registerParameter("weight", kernelInitializer.create(init, fanIn, fanOut, weightShape));
        if (useBias) {
            bias = registerParameter("bias", biasInitializer.create(init, fanIn, fanOut, biasSize));
        }
    }

    /** The weight, or null before the layer is built. */
    public Tensor weight() {
        return weight;
    }

    /** The bias, or {@code null} for a layer built with {@code useBias(false)}. */
    public Tensor bias() {
        return bias;
    }

    /** The activation applied after the weight and bias. */
    public Activation activation() {
        return activation;
    }

    @Override
    public Tensor forward(Tensor x) {
        return activated(requireBuilt(x));
    }

    /**
     * The affine map followed by the activation; a layer whose kernels fuse the pair (Conv2D with
     * ReLU) overrides it, with the same values and gradients.
     */
    protected Tensor activated(Tensor x) {
        return activation.apply(affine(x));
    }

    @Override
    public boolean endsInSoftmax() {
        return activation == Activation.SOFTMAX;
    }

    @Override
    public Tensor forwardLogits(Tensor x) {
        return endsInSoftmax() ? affine(requireBuilt(x)) : super.forwardLogits(x);
    }

    private Tensor requireBuilt(Tensor x) {
        if (weight == null) {
            throw new IllegalStateException(name() + " is not built: call build(inputShape) on it or on its model"
                    + " before forward (input " + Shapes.str(x.shape()) + ")");
        }
        return x;
    }

    /** The activation as a description suffix: {@code ""} for linear, {@code ", relu"} otherwise. */
    protected final String activationSuffix() {
        return activation == Activation.LINEAR ? "" : ", " + activation.kerasName();
    }
}
