package dev.tauon.nn;

import dev.tauon.core.Generator;
import dev.tauon.core.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Layers applied one after the other, named {@code "0"}, {@code "1"}, ... (so parameters are
 * {@code "0.weight"}, {@code "0.bias"}, ...). Building passes the per-example shape from each layer
 * to the next, which is how {@code Dense(64)} after a Flatten learns that it has 1024 inputs.
 *
 * <pre>{@code
 * Sequential model = new Sequential(new Flatten(), new Dense(64, Activation.RELU), new Dense(10));
 * model.build(new Generator(42), 1, 28, 28);
 * }</pre>
 */
public class Sequential extends Module {
    private final List<Module> layers = new ArrayList<>();

    /** A model that applies {@code layers} in order, named {@code "0"}, {@code "1"}, ... */
    public Sequential(Module... layers) {
        for (Module m : layers) {
            add(m);
        }
    }

    /** Appends a layer (before the model is built); returns this. */
    public Sequential add(Module layer) {
        if (isBuilt()) {
            throw new IllegalStateException("Sequential: cannot add " + layer.name() + " after the model is built");
        }
        registerModule(Integer.toString(layers.size()), layer);
        layers.add(layer);
        return this;
    }

    /** The layers, in order (unmodifiable). */
    public List<Module> layers() {
        return List.copyOf(layers);
    }

    /** The layer at {@code index}. */
    public Module layer(int index) {
        return layers.get(index);
    }

    @Override
    public Sequential build(int... inputShape) {
        return (Sequential) super.build(inputShape);
    }

    @Override
    public Sequential build(Generator init, int... inputShape) {
        return (Sequential) super.build(init, inputShape);
    }

    @Override
    protected void buildParameters(int[] inputShape, Generator init) {
        int[] shape = inputShape;
        for (Module m : layers) {
            m.build(init, shape);
            shape = m.outputShape(shape);
        }
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        int[] shape = inputShape;
        for (Module m : layers) {
            shape = m.outputShape(shape);
        }
        return shape;
    }

    /** Runs the layers in order; builds the model from this batch's shape on the first call if needed. */
    @Override
    public Tensor forward(Tensor x) {
        buildFromBatchIfNeeded(x);
        return callLayers(x, layers.size());
    }

    /**
     * The first {@code count} layers in order, two at a time where a layer has a fused computation
     * with the next one ({@link Module#forwardFusedWith}) and neither has forward hooks.
     */
    private Tensor callLayers(Tensor x, int count) {
        for (int i = 0; i < count; i++) {
            Module m = layers.get(i);
            Tensor fused = i + 1 < count ? m.callFusedWith(layers.get(i + 1), x) : null;
            if (fused != null) {
                x = fused;
                i++;
            } else {
                x = m.call(x);
            }
        }
        return x;
    }

    @Override
    public boolean endsInSoftmax() {
        return !layers.isEmpty() && layers.get(layers.size() - 1).endsInSoftmax();
    }

    @Override
    public Tensor forwardLogits(Tensor x) {
        if (!endsInSoftmax()) {
            return super.forwardLogits(x);
        }
        buildFromBatchIfNeeded(x);
        x = callLayers(x, layers.size() - 1);
        return layers.get(layers.size() - 1).callLogits(x);
    }
}
