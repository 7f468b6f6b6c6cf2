package dev.tauon.nn;

import dev.tauon.core.Generator;
import dev.tauon.core.NoGrad;
import dev.tauon.core.Shapes;
import dev.tauon.core.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A piece of a network: a {@link #forward} function, the parameters and buffers it owns, the child
 * modules it is made of, and a training/evaluation mode.
 *
 * <p>Shapes given to {@link #build} and {@link #outputShape} are per example, without the batch
 * dimension, in Tauon's NCHW order: a CIFAR-10 image is {@code (3, 32, 32)}.
 *
 * <p>Parameters are named by their path through the children, PyTorch style: a Sequential's
 * layers are children {@code "0"}, {@code "1"}, ..., so its first weight is {@code "0.weight"}; a
 * custom module that calls {@code registerModule("conv1", ...)} gets {@code "conv1.weight"}. The
 * order is registration order, stable across runs, and is the order of weight files.
 *
 * <p>Buffers ({@link #registerBuffer}) are state that is not trained, such as BatchNorm's running
 * mean and variance: they are named like parameters, saved and loaded with them through
 * {@link #stateDict()} and {@link #loadStateDict}, and never handed to an optimiser. A parameter
 * can be frozen with {@code requiresGrad(false)}: it stays a parameter (saved, loaded, listed),
 * gets no gradient, and counts as non-trainable in the {@link #summary}.
 *
 * <p>Weight files and checkpoints ({@code dev.tauon.nn.io.Weights}, {@code dev.tauon.nn.train.Checkpoint})
 * read and write a module through its state dict; this class knows nothing of files.
 *
 * <p>{@link #call} is {@link #forward} with this module's {@linkplain #addForwardHook forward hooks}
 * around it; containers run their children through it, so a hook on any layer sees that layer's
 * input and output without the model's code changing (pruning masks and attribution maps use it).
 *
 * <p>Layers whose parameter sizes depend on their input ({@code Dense(64)} after a Flatten) create
 * them in {@link #build}, drawing from the generator passed there, so a seed fixes every weight.
 */
public abstract class Module {
    /** Seed of {@link #build(int...)}, and of the automatic build at the first forward or summary. */
    public static final long DEFAULT_SEED = 0L;

    private final LinkedHashMap<String, Tensor> parameters = new LinkedHashMap<>();
    private final LinkedHashMap<String, Tensor> buffers = new LinkedHashMap<>();
    private final LinkedHashMap<String, Module> children = new LinkedHashMap<>();
    private final List<ForwardHook> forwardHooks = new ArrayList<>();
    private boolean training = true;
    private int[] builtFor;

    /** Computes the output for a batch (the first dimension of {@code x} is the batch). */
    public abstract Tensor forward(Tensor x);

    /**
     * {@link #forward} with this module's forward hooks around it, as PyTorch's {@code module(x)}:
     * containers and trainers call their modules through this.
     */
    public final Tensor call(Tensor x) {
        return hooked(x, this::forward);
    }

    /** {@link #forwardLogits} with this module's forward hooks around it. */
    public final Tensor callLogits(Tensor x) {
        return hooked(x, this::forwardLogits);
    }

    private Tensor hooked(Tensor x, UnaryOperator<Tensor> body) {
        if (forwardHooks.isEmpty()) {
            return body.apply(x);
        }
        // A copy, so that a hook may remove itself while it runs.
        List<ForwardHook> hooks = List.copyOf(forwardHooks);
        for (ForwardHook h : hooks) {
            h.beforeForward(this, x);
        }
        Tensor y = body.apply(x);
        for (ForwardHook h : hooks) {
            y = h.afterForward(this, x, y);
        }
        return y;
    }

    /**
     * {@code next.forward(forward(x))} as one computation, or {@code null} when this module has
     * none for {@code next} (the default). A container runs it in place of the two {@link #call}s
     * when neither module has forward hooks (a hook must see the output between them). An override
     * must give the same values and gradients, bit for bit: it exists for speed (Conv2D with ReLU
     * followed by 2x2 max pooling never stores the convolution's output).
     */
    protected Tensor forwardFusedWith(Module next, Tensor x) {
        return null;
    }

    /**
     * {@link #forwardFusedWith} of this module and {@code next}, or {@code null} where either has
     * forward hooks or there is no fused computation.
     */
    final Tensor callFusedWith(Module next, Tensor x) {
        return forwardHooks.isEmpty() && next.forwardHooks.isEmpty() ? forwardFusedWith(next, x) : null;
    }

    /**
     * Adds a hook that runs around every {@link #call} of this module, after the hooks added
     * before it. Close the returned registration to remove it.
     */
    public final ForwardHook.Registration addForwardHook(ForwardHook hook) {
        ForwardHook h = Objects.requireNonNull(hook, "hook");
        forwardHooks.add(h);
        return () -> forwardHooks.removeIf(x -> x == h);
    }

    /**
     * The output shape for one example of shape {@code inputShape}, without building anything.
     * The default runs a forward pass on one zero example, which needs every parameter to exist;
     * layers override it with shape arithmetic, which needs none.
     */
    public int[] outputShape(int[] inputShape) {
        boolean was = training;
        setTraining(false);
        try (NoGrad ignored = NoGrad.enter()) {
            int[] batched = new int[inputShape.length + 1];
            batched[0] = 1;
            System.arraycopy(inputShape, 0, batched, 1, inputShape.length);
            int[] out = forward(Tensor.zeros(batched)).shape();
            return Arrays.copyOfRange(out, 1, out.length);
        } finally {
            setTraining(was);
        }
    }

    /** {@link #build(Generator, int...)} with a generator seeded by {@link #DEFAULT_SEED}. */
    public Module build(int... inputShape) {
        return build(new Generator(DEFAULT_SEED), inputShape);
    }

    /**
     * Creates the parameters for inputs of shape {@code inputShape} (per example), initialising them
     * from {@code init}. Building again for the same shape does nothing (weights are kept); for
     * another shape it fails, since the parameters already have their sizes.
     */
    public Module build(Generator init, int... inputShape) {
        if (builtFor != null) {
            if (!Arrays.equals(builtFor, inputShape)) {
                throw new IllegalStateException(name() + ": already built for input " + Shapes.str(builtFor)
                        + ", cannot rebuild for " + Shapes.str(inputShape));
            }
            return this;
        }
        buildParameters(inputShape.clone(), init);
        builtFor = inputShape.clone();
        return this;
    }

    /** Whether {@link #build} has run. */
    public boolean isBuilt() {
        return builtFor != null;
    }

    /** The per-example input shape this module was built for, or {@code null}. */
    public int[] builtInputShape() {
        return builtFor == null ? null : builtFor.clone();
    }

    /**
     * Creates this module's parameters (with {@link #registerParameter}) and builds its children.
     * The default builds nothing of its own; override it in layers whose sizes come from the input
     * and in containers, which know how the shape flows through their children.
     */
    protected void buildParameters(int[] inputShape, Generator init) {}

    /** Builds from the first batch if nobody built this module yet: Keras' build-on-first-call. */
    protected final void buildFromBatchIfNeeded(Tensor x) {
        if (builtFor == null) {
            int[] s = x.shape();
            if (s.length == 0) {
                throw new IllegalArgumentException(name() + ": input must have a batch dimension, got a scalar");
            }
            build(Arrays.copyOfRange(s, 1, s.length));
        }
    }

    /** Adds a parameter under {@code name}; it is marked as requiring grad. Returns it. */
    protected final Tensor registerParameter(String name, Tensor value) {
        checkName(name);
        parameters.put(name, value.requiresGrad(true));
        return value;
    }

    /**
     * Adds a buffer under {@code name}: a tensor of this module's state that is not trained (a
     * running mean, a mask), saved and loaded with the parameters. Update it in place (write into
     * its {@code data()}), so that the state dict, which holds the tensor itself, sees the change.
     * Returns it. Code outside the module may add buffers too (pruning adds its masks so).
     */
    public final Tensor registerBuffer(String name, Tensor value) {
        checkName(name);
        if (value.requiresGrad()) {
            throw new IllegalArgumentException(name() + ": buffer '" + name + "' " + Shapes.str(value.shape())
                    + " requires grad, but buffers are not trained; register it as a parameter, or pass a tensor"
                    + " that does not require grad");
        }
        buffers.put(name, value);
        return value;
    }

    /**
     * Removes this module's own buffer {@code name} (not a child's) and returns it, as pruning does
     * when it makes its masks permanent. Fails naming the buffers there are if there is none so called.
     */
    public final Tensor removeBuffer(String name) {
        Tensor removed = buffers.remove(name);
        if (removed == null) {
            throw new IllegalArgumentException(
                    name() + ": no buffer '" + name + "'; its buffers are " + buffers.keySet());
        }
        return removed;
    }

    /** Adds a child module under {@code name}; its parameters appear as {@code name.<its names>}. Returns it. */
    protected final <M extends Module> M registerModule(String name, M child) {
        checkName(name);
        children.put(name, child);
        child.setTraining(training);
        return child;
    }

    private void checkName(String name) {
        if (name.isEmpty()
                || name.contains(".")
                || parameters.containsKey(name)
                || buffers.containsKey(name)
                || children.containsKey(name)) {
            throw new IllegalArgumentException(
                    name() + ": bad or repeated name '" + name + "' (names are unique and contain no '.')");
        }
    }

    /** The direct children, in registration order (unmodifiable). */
    public final Map<String, Module> children() {
        return Collections.unmodifiableMap(children);
    }

    /**
     * Every parameter of this module and its children, by dotted name, in a stable order. A tensor
     * reached twice (a layer used twice) is listed once, under its first name, as PyTorch does:
     * else optimisers would update it twice per step and weight files would store it twice.
     * Frozen parameters ({@code requiresGrad(false)}) are listed too.
     */
    public final LinkedHashMap<String, Tensor> parameters() {
        return collect(true, false);
    }

    /** Every buffer of this module and its children, by dotted name, listed once like {@link #parameters()}. */
    public final LinkedHashMap<String, Tensor> buffers() {
        return collect(false, true);
    }

    /**
     * The whole state of the model, what weight files and checkpoints store: every parameter and
     * every buffer by dotted name, each tensor once. The order is PyTorch's {@code state_dict}
     * order: a module's own parameters, then its own buffers, then each child's state in turn, so
     * BatchNorm's entries read {@code weight, bias, running_mean, running_var}. Without buffers it
     * is {@link #parameters()} in the same order. The tensors are the module's own, not copies.
     */
    public final LinkedHashMap<String, Tensor> stateDict() {
        return collect(true, true);
    }

    /**
     * Copies {@code state} into this module's parameters and buffers. All or nothing: unless
     * {@code state} has exactly the names of {@link #stateDict()} with the same shapes, nothing is
     * changed and the {@link IllegalArgumentException} lists the differences.
     */
    public final void loadStateDict(Map<String, Tensor> state) {
        LinkedHashMap<String, Tensor> own = stateDict();
        List<String> problems = StateDicts.differences(own, state, "state dict");
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(
                    name() + ": state dict does not match the model: " + StateDicts.describe(problems));
        }
        StateDicts.copy(own, state);
    }

    private LinkedHashMap<String, Tensor> collect(boolean withParameters, boolean withBuffers) {
        LinkedHashMap<String, Tensor> all = new LinkedHashMap<>();
        collect("", withParameters, withBuffers, all, Collections.newSetFromMap(new IdentityHashMap<>()));
        return all;
    }

    private void collect(
            String prefix, boolean withParameters, boolean withBuffers, Map<String, Tensor> all, Set<Tensor> seen) {
        if (withParameters) {
            addUnseen(prefix, parameters, all, seen);
        }
        if (withBuffers) {
            addUnseen(prefix, buffers, all, seen);
        }
        children.forEach(
                (childName, child) -> child.collect(prefix + childName + ".", withParameters, withBuffers, all, seen));
    }

    private static void addUnseen(String prefix, Map<String, Tensor> own, Map<String, Tensor> all, Set<Tensor> seen) {
        own.forEach((n, t) -> {
            if (seen.add(t)) {
                all.put(prefix + n, t);
            }
        });
    }

    /** The number of scalar parameters, frozen ones included (buffers are not parameters). */
    public final long parameterCount() {
        return StateDicts.size(parameters().values());
    }

    /**
     * The random generators that drive this module's randomness in training (Dropout masks), by
     * dotted name like parameters; checkpoints save and restore their states.
     */
    public final LinkedHashMap<String, Generator> generators() {
        LinkedHashMap<String, Generator> all = new LinkedHashMap<>(ownGenerators());
        children.forEach((childName, child) -> child.generators().forEach((n, g) -> all.put(childName + "." + n, g)));
        return all;
    }

    /** This module's own generators; override in modules that draw random numbers while training. */
    protected Map<String, Generator> ownGenerators() {
        return Map.of();
    }

    /** Switches this module and its children to training mode (Dropout active). Returns this. */
    public final Module train() {
        setTraining(true);
        return this;
    }

    /** Switches this module and its children to evaluation mode (Dropout off). Returns this. */
    public final Module eval() {
        setTraining(false);
        return this;
    }

    /** Switches this module and all its children to training mode (dropout, batch statistics) or to inference mode. */
    public final void setTraining(boolean on) {
        training = on;
        children.values().forEach(c -> c.setTraining(on));
    }

    /** Whether this module is in training mode (as set by {@link #setTraining}). */
    public final boolean isTraining() {
        return training;
    }

    /**
     * Whether the output is a softmax (a trailing Softmax layer, or a last layer with the softmax
     * activation). Cross-entropy training then uses {@link #forwardLogits} so softmax is not
     * applied twice, as Keras does for {@code from_logits=False} with a softmax output.
     */
    public boolean endsInSoftmax() {
        return false;
    }

    /** The output before the trailing softmax; only for modules that {@link #endsInSoftmax()}. */
    public Tensor forwardLogits(Tensor x) {
        throw new UnsupportedOperationException(name() + " does not end in a softmax, so it has no separate logits");
    }

    /**
     * A Keras-style table of each child's output shape and parameter count for inputs of shape
     * {@code inputShape} (per example, NCHW). Builds the module with {@link #DEFAULT_SEED} if it is
     * not built yet, so call {@link #build(Generator, int...)} first to choose the seed.
     */
    public Summary summary(int... inputShape) {
        build(inputShape);
        return Summary.of(this, inputShape);
    }

    /** A short description for summaries and error messages, like {@code Dense(64, relu)}. */
    public String name() {
        return getClass().getSimpleName();
    }

    @Override
    public String toString() {
        return name();
    }
}
