package dev.tauon.spark;

import dev.tauon.core.Generator;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Module;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A model's tensors laid end to end in one float array, in state-dict order: the form in which
 * weights, buffers and gradients travel between driver and executors.
 */
final class FlatState {
    private FlatState() {}

    static int size(Collection<Tensor> tensors) {
        long n = 0;
        for (Tensor t : tensors) {
            n += t.size();
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("FlatState: " + n + " values do not fit in one array");
        }
        return (int) n;
    }

    /** The values of {@code tensors}, one after the other. */
    static float[] flatten(Collection<Tensor> tensors) {
        float[] out = new float[size(tensors)];
        int at = 0;
        for (Tensor t : tensors) {
            System.arraycopy(t.data(), 0, out, at, t.size());
            at += t.size();
        }
        return out;
    }

    /** Copies {@code flat} back into {@code tensors}, in place. */
    static void load(Collection<Tensor> tensors, float[] flat) {
        checkSize(tensors, flat, "state");
        int at = 0;
        for (Tensor t : tensors) {
            System.arraycopy(flat, at, t.data(), 0, t.size());
            at += t.size();
        }
    }

    /** Copies only the buffers (state that is not trained, such as running statistics) from a flat state dict. */
    static void loadBuffers(Module model, float[] flatState) {
        Map<String, Tensor> state = model.stateDict();
        checkSize(state.values(), flatState, "state");
        Set<Tensor> buffers = Collections.newSetFromMap(new IdentityHashMap<>());
        buffers.addAll(model.buffers().values());
        int at = 0;
        for (Tensor t : state.values()) {
            if (buffers.contains(t)) {
                System.arraycopy(flatState, at, t.data(), 0, t.size());
            }
            at += t.size();
        }
    }

    /** The parameters' gradients, zeros where a parameter has none. */
    static float[] gradients(Collection<Tensor> parameters) {
        float[] out = new float[size(parameters)];
        int at = 0;
        for (Tensor p : parameters) {
            if (p.grad() != null) {
                System.arraycopy(p.grad().data(), 0, out, at, p.size());
            }
            at += p.size();
        }
        return out;
    }

    /** Makes {@code flat} the gradient of each trainable parameter (after {@code zeroGrad}). */
    static void setGradients(Collection<Tensor> parameters, float[] flat) {
        checkSize(parameters, flat, "gradient");
        int at = 0;
        for (Tensor p : parameters) {
            if (p.requiresGrad()) {
                float[] g = new float[p.size()];
                System.arraycopy(flat, at, g, 0, g.length);
                p.zeroGrad();
                // A parameter is a leaf: backward from it with a seed sets its gradient to the seed.
                p.backward(Tensor.of(g, p.shape()));
            }
            at += p.size();
        }
    }

    /** The states of the model's random generators (Dropout's), in {@code generators()} order. */
    static long[][] generatorStates(Module model) {
        return model.generators().values().stream().map(Generator::state).toArray(long[][]::new);
    }

    /** Sets the model's generators to {@code states}, as {@link #generatorStates} gave them. */
    static void loadGenerators(Module model, long[][] states) {
        Collection<Generator> generators = model.generators().values();
        if (states.length != generators.size()) {
            throw new IllegalArgumentException("FlatState: " + states.length + " generator states for a model with "
                    + generators.size() + " generators; were driver and executors given different models?");
        }
        int i = 0;
        for (Generator g : generators) {
            g.setState(states[i++]);
        }
    }

    private static void checkSize(Collection<Tensor> tensors, float[] flat, String what) {
        int expected = size(tensors);
        if (flat.length != expected) {
            throw new IllegalArgumentException("FlatState: " + what + " of " + flat.length + " values for a model of "
                    + expected + "; were driver and executors given different models?");
        }
    }
}
