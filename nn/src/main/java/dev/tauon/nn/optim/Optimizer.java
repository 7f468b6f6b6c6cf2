package dev.tauon.nn.optim;

import dev.tauon.core.NoGrad;
import dev.tauon.core.Shapes;
import dev.tauon.core.Tensor;
import dev.tauon.core.io.Excerpt;
import dev.tauon.nn.Module;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Updates parameters from their gradients: {@link #zeroGrad()} before a backward pass,
 * {@link #step()} after it. Parameters without a gradient are left alone.
 *
 * <p>Built from a {@link Module}, an optimiser looks its parameters up at the first step, so it can
 * be created before a lazily built model has any. Per-parameter buffers are keyed by parameter
 * name, which is what makes {@link #state()} meaningful in a checkpoint.
 */
public abstract class Optimizer {
    private final Supplier<Map<String, Tensor>> source;
    private Map<String, Tensor> parameters;
    private final Map<String, float[]> buffers = new LinkedHashMap<>();
    private float learningRate;
    private long iterations;

    protected Optimizer(Module model, float learningRate) {
        this(model::parameters, learningRate);
    }

    protected Optimizer(Map<String, Tensor> parameters, float learningRate) {
        this(() -> parameters, learningRate);
        this.parameters = new LinkedHashMap<>(parameters);
    }

    private Optimizer(Supplier<Map<String, Tensor>> source, float learningRate) {
        this.source = source;
        setLearningRate(learningRate);
    }

    /** Updates one parameter {@code p} in place from its gradient {@code g}; {@code step} counts from 1. */
    protected abstract void update(String name, float[] p, float[] g, long step);

    /** Applies one update to every parameter that has a gradient. */
    public final void step() {
        Map<String, Tensor> params = parameters();
        iterations++;
        try (NoGrad ignored = NoGrad.enter()) {
            for (Map.Entry<String, Tensor> e : params.entrySet()) {
                Tensor grad = e.getValue().grad();
                if (grad != null) {
                    update(e.getKey(), e.getValue().data(), grad.data(), iterations);
                }
            }
        }
    }

    /**
     * Drops every parameter's gradient, before the next backward pass accumulates new ones. Before
     * a lazily built model has parameters there is nothing to drop, so this does nothing.
     */
    public final void zeroGrad() {
        if (parameters == null && source.get().isEmpty()) {
            return;
        }
        for (Tensor p : parameters().values()) {
            p.zeroGrad();
        }
    }

    /** The parameters, by name, looked up once they exist. */
    public final Map<String, Tensor> parameters() {
        if (parameters == null) {
            Map<String, Tensor> found = source.get();
            if (found.isEmpty()) {
                throw new IllegalStateException(getClass().getSimpleName()
                        + ": the model has no parameters yet; build it (model.build(inputShape)) before the first step");
            }
            parameters = new LinkedHashMap<>(found);
        }
        return parameters;
    }

    /** A per-parameter buffer of zeros the first time, under {@code kind.parameterName}. */
    protected final float[] buffer(String kind, String name, int size) {
        return buffers.computeIfAbsent(kind + "." + name, k -> new float[size]);
    }

    /** Returns {@code value} if it is finite and at least 0, else fails naming this optimiser and the hyperparameter. */
    protected final float nonNegative(String hyperparameter, float value) {
        if (!(value >= 0) || Float.isInfinite(value)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": " + hyperparameter
                    + " must be finite and >= 0, got " + value);
        }
        return value;
    }

    /** Returns {@code value} if it is in [0, 1) (a decay rate or momentum), else fails naming this optimiser and the hyperparameter. */
    protected final float fraction(String hyperparameter, float value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": " + hyperparameter
                    + " must be in [0, 1), got " + value);
        }
        return value;
    }

    public final float learningRate() {
        return learningRate;
    }

    /** Sets the learning rate for the following steps (schedules call this). */
    public final void setLearningRate(float rate) {
        learningRate = nonNegative("learning rate", rate);
    }

    /** Steps taken so far. */
    public final long iterations() {
        return iterations;
    }

    /** A copy of the step count, learning rate and buffers. */
    public final OptimizerState state() {
        Map<String, Tensor> copies = new LinkedHashMap<>();
        buffers.forEach((k, v) -> copies.put(k, Tensor.of(v, v.length)));
        return new OptimizerState(iterations, learningRate, copies);
    }

    /**
     * Restores a state taken with {@link #state()} (from this optimiser type over the same
     * parameters). Checks it whole first ({@link #checkState}); on a bad state nothing changes.
     */
    public final void loadState(OptimizerState state) {
        Map<String, float[]> restored = checkState(state);
        buffers.clear();
        buffers.putAll(restored);
        iterations = state.iterations();
        learningRate = state.learningRate();
    }

    /**
     * Checks, changing nothing, that {@code state} fits this optimiser: a step count of at least 0,
     * a learning rate it accepts, and every buffer named {@code kind.parameterName} for one of its
     * parameters with that parameter's size. Returns copies of the buffers, ready to use.
     *
     * @throws IllegalArgumentException naming the first problem
     */
    public final Map<String, float[]> checkState(OptimizerState state) {
        if (state.iterations() < 0) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": step count must be >= 0, got "
                    + state.iterations());
        }
        nonNegative("learning rate", state.learningRate());
        Map<String, Tensor> params = parameters();
        Map<String, float[]> restored = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : state.buffers().entrySet()) {
            String key = e.getKey();
            int dot = key.indexOf('.');
            Tensor p = dot < 0 ? null : params.get(key.substring(dot + 1));
            if (p == null || e.getValue().size() != p.size()) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ": state buffer " + Excerpt.of(key) + " "
                        + Shapes.str(e.getValue().shape()) + " matches no parameter of that size");
            }
            restored.put(key, Arrays.copyOf(e.getValue().data(), p.size()));
        }
        return restored;
    }
}
