package dev.tauon.nn.optim;

import dev.tauon.core.NoGrad;
import dev.tauon.core.Shapes;
import dev.tauon.core.Tensor;
import dev.tauon.core.io.Excerpt;
import dev.tauon.nn.Module;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Updates parameters from their gradients: {@link #zeroGrad()} before a backward pass,
 * {@link #step()} after it. Parameters without a gradient are left alone, and so are frozen ones
 * (whose tensor has {@code requiresGrad(false)}): they get no update and no buffers.
 *
 * <p>Built from a {@link Module}, an optimiser looks its parameters up at the first step, so it can
 * be created before a lazily built model has any. Per-parameter buffers are keyed by parameter
 * name, which is what makes {@link #state()} meaningful in a checkpoint.
 *
 * <p>Every parameter is updated with the optimiser's learning rate and weight decay unless a
 * {@link ParameterGroup} added with {@link #group} selects it: then its learning rate is the
 * optimiser's times the group's scale, and its weight decay the group's.
 */
public abstract class Optimizer {
    private final Supplier<Map<String, Tensor>> source;
    private Map<String, Tensor> parameters;
    private final Map<String, float[]> buffers = new LinkedHashMap<>();
    private final List<ParameterGroup> groups = new ArrayList<>();
    /** Each parameter's group (null: none), worked out at the first step after a group is added. */
    private Map<String, ParameterGroup> assignment;

    private ExponentialMovingAverage average;
    private float learningRate;
    private float weightDecay;
    private long iterations;

    /** An optimiser of every parameter of {@code model} (looked up at each step, so layers built later count). */
    protected Optimizer(Module model, float learningRate) {
        this(model::parameters, learningRate);
    }

    /** An optimiser of the named {@code parameters}. */
    protected Optimizer(Map<String, Tensor> parameters, float learningRate) {
        this(() -> parameters, learningRate);
        this.parameters = new LinkedHashMap<>(parameters);
    }

    private Optimizer(Supplier<Map<String, Tensor>> source, float learningRate) {
        this.source = source;
        setLearningRate(learningRate);
    }

    /**
     * Updates one parameter {@code p} in place from its gradient {@code g}; {@code step} counts from
     * 1. {@code learningRate} and {@code weightDecay} are this parameter's: the optimiser's, or its
     * group's.
     */
    protected abstract void update(String name, float[] p, float[] g, long step, float learningRate, float weightDecay);

    /**
     * Applies one update to every trainable parameter that has a gradient, then updates the
     * {@linkplain #averageWeights weight average} if there is one.
     */
    public final void step() {
        requireOwnWeights("step()");
        Map<String, Tensor> params = parameters();
        Map<String, ParameterGroup> assigned = assignGroups();
        iterations++;
        try (NoGrad ignored = NoGrad.enter()) {
            for (Map.Entry<String, Tensor> e : params.entrySet()) {
                Tensor p = e.getValue();
                Tensor grad = p.grad();
                if (grad != null && p.requiresGrad()) {
                    ParameterGroup group = assigned.get(e.getKey());
                    update(e.getKey(), p.data(), grad.data(), iterations, learningRate(group), weightDecay(group));
                }
            }
            if (average != null) {
                average.update(params);
            }
        }
    }

    /**
     * Adds a parameter group: the parameters it selects, and that no group added before selects,
     * get its learning-rate scale and weight decay. Checked at the next step: a group that selects
     * no parameter is refused then, as it is most likely a mistake in its rule. Returns this
     * (subclasses narrow the type, so calls chain).
     */
    public Optimizer group(ParameterGroup group) {
        groups.add(Objects.requireNonNull(group, "group"));
        assignment = null;
        return this;
    }

    /** The parameter groups, in the order they were added (unmodifiable). */
    public final List<ParameterGroup> groups() {
        return Collections.unmodifiableList(groups);
    }

    /** The learning rate the next step uses for parameter {@code name}: the optimiser's times its group's scale. */
    public final float learningRateOf(String name) {
        return learningRate(groupOf(name));
    }

    /** The weight decay the next step uses for parameter {@code name}: its group's, or the optimiser's. */
    public final float weightDecayOf(String name) {
        return weightDecay(groupOf(name));
    }

    private ParameterGroup groupOf(String name) {
        Map<String, ParameterGroup> assigned = assignGroups();
        if (!assigned.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": no parameter named " + Excerpt.of(name)
                    + "; the parameters are " + Excerpt.of(String.join(", ", assigned.keySet())));
        }
        return assigned.get(name);
    }

    private float learningRate(ParameterGroup group) {
        return group == null ? learningRate : learningRate * group.learningRateScale();
    }

    private float weightDecay(ParameterGroup group) {
        return group == null || !group.hasWeightDecay() ? weightDecay : group.weightDecay();
    }

    /** Each parameter's first selecting group, or null; fails if a group selects nothing. */
    private Map<String, ParameterGroup> assignGroups() {
        if (assignment == null) {
            Map<String, ParameterGroup> assigned = new LinkedHashMap<>();
            boolean[] used = new boolean[groups.size()];
            for (Map.Entry<String, Tensor> e : parameters().entrySet()) {
                ParameterGroup first = null;
                for (int i = 0; i < groups.size(); i++) {
                    if (groups.get(i).selects(e.getKey(), e.getValue())) {
                        used[i] = true;
                        first = first == null ? groups.get(i) : first;
                    }
                }
                assigned.put(e.getKey(), first);
            }
            for (int i = 0; i < used.length; i++) {
                if (!used[i]) {
                    throw new IllegalStateException(getClass().getSimpleName() + ": parameter group " + i + ", "
                            + groups.get(i) + ", selects none of the parameters "
                            + Excerpt.of(String.join(", ", assigned.keySet())));
                }
            }
            assignment = assigned;
        }
        return assignment;
    }

    /**
     * Starts an exponential moving average of the weights, updated after every step from then on
     * and kept in this optimiser's {@link #state()} (so checkpoints save it): see
     * {@link ExponentialMovingAverage}. {@code decay} is in [0, 1), typically 0.99 to 0.9999.
     *
     * @throws IllegalStateException if this optimiser already averages the weights
     */
    public final ExponentialMovingAverage averageWeights(float decay) {
        if (average != null) {
            throw new IllegalStateException(
                    getClass().getSimpleName() + ": already averages the weights, with decay " + average.decay());
        }
        average = new ExponentialMovingAverage(this, fraction("weight-average decay", decay));
        return average;
    }

    /** Fails if the weight average is swapped into the parameters: what {@code action} would see or change is not the trained weights. */
    private void requireOwnWeights(String action) {
        if (average != null && average.isSwappedIn()) {
            throw new IllegalStateException(getClass().getSimpleName() + ": " + action
                    + " while the averaged weights are swapped in; swap them out first");
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
                throw new IllegalStateException(
                        getClass().getSimpleName()
                                + ": the model has no parameters yet; build it (model.build(inputShape)) before the first step");
            }
            parameters = new LinkedHashMap<>(found);
        }
        return parameters;
    }

    /**
     * A per-parameter buffer of zeros the first time, under {@code kind.parameterName}. The kind
     * {@code "ema"} belongs to the weight average.
     */
    protected final float[] buffer(String kind, String name, int size) {
        return buffers.computeIfAbsent(kind + "." + name, k -> new float[size]);
    }

    /** The buffer {@code kind.parameterName}, or null if there is none yet. */
    final float[] existingBuffer(String kind, String name) {
        return buffers.get(kind + "." + name);
    }

    /** Returns {@code value} if it is finite and at least 0, else fails naming this optimiser and the hyperparameter. */
    protected final float nonNegative(String hyperparameter, float value) {
        if (!(value >= 0) || Float.isInfinite(value)) {
            throw new IllegalArgumentException(
                    getClass().getSimpleName() + ": " + hyperparameter + " must be finite and >= 0, got " + value);
        }
        return value;
    }

    /** Returns {@code value} if it is in [0, 1) (a decay rate or momentum), else fails naming this optimiser and the hyperparameter. */
    protected final float fraction(String hyperparameter, float value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(
                    getClass().getSimpleName() + ": " + hyperparameter + " must be in [0, 1), got " + value);
        }
        return value;
    }

    /** The learning rate the next step uses. */
    public final float learningRate() {
        return learningRate;
    }

    /**
     * Sets the learning rate for the following steps (schedules call this). Parameter groups scale
     * it: a group with scale 64 steps at 64 times this rate.
     */
    public final void setLearningRate(float rate) {
        learningRate = nonNegative("learning rate", rate);
    }

    /** The weight decay of parameters that no group gives their own (0 unless a subclass sets it). */
    public final float weightDecay() {
        return weightDecay;
    }

    /** Sets the weight decay of parameters that no group gives their own; subclasses' setters call this. */
    protected final void setWeightDecay(float wd) {
        weightDecay = nonNegative("weight decay", wd);
    }

    /** Steps taken so far. */
    public final long iterations() {
        return iterations;
    }

    /**
     * A copy of the step count, learning rate and buffers (the weight average included). Group
     * settings and hyperparameters are not in it: the code that builds the optimiser sets them.
     */
    public final OptimizerState state() {
        requireOwnWeights("state()");
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
     * parameters with that parameter's size; weight averages ({@code ema.*}) only if this optimiser
     * {@linkplain #averageWeights averages the weights}. Returns copies of the buffers, ready to use.
     *
     * @throws IllegalArgumentException naming the first problem
     * @throws IllegalStateException    if the averaged weights are swapped in (restoring would mix
     *                                  them up with the trained ones)
     */
    public final Map<String, float[]> checkState(OptimizerState state) {
        requireOwnWeights("restoring a state");
        if (state.iterations() < 0) {
            throw new IllegalArgumentException(
                    getClass().getSimpleName() + ": step count must be >= 0, got " + state.iterations());
        }
        nonNegative("learning rate", state.learningRate());
        Map<String, Tensor> params = parameters();
        Map<String, float[]> restored = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : state.buffers().entrySet()) {
            String key = e.getKey();
            int dot = key.indexOf('.');
            Tensor p = dot < 0 ? null : params.get(key.substring(dot + 1));
            if (p == null || e.getValue().size() != p.size()) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ": state buffer " + Excerpt.of(key)
                        + " " + Shapes.str(e.getValue().shape()) + " matches no parameter of that size");
            }
            if (average == null && key.startsWith(ExponentialMovingAverage.KIND + ".")) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ": state buffer " + Excerpt.of(key)
                        + " is a weight average, but this optimizer averages no weights; call averageWeights(decay)"
                        + " before restoring");
            }
            restored.put(key, Arrays.copyOf(e.getValue().data(), p.size()));
        }
        return restored;
    }
}
