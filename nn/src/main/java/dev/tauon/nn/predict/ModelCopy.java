package dev.tauon.nn.predict;

import dev.tauon.core.Shapes;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Module;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Makes a predictor's own instance of a model: a new one from the architecture's factory, built,
 * sharing no module with the trained model, and holding a copy of its weights.
 */
final class ModelCopy {
    private ModelCopy() {}

    /** A new instance from {@code architecture} holding a copy of {@code trained}'s current weights. */
    static Module of(Module trained, Supplier<? extends Module> architecture) {
        String op = "Predictor.snapshot";
        if (!trained.isBuilt()) {
            throw new IllegalStateException(op + ": " + trained.name() + " is not built; build it"
                    + " (model.build(inputShape)) or train it first, so that it has weights and an input shape");
        }
        Module copy = fresh(op, architecture, trained.builtInputShape());
        requireNothingShared(op, trained, copy);
        // The whole state, not the parameters alone: BatchNorm's running statistics are buffers.
        copyState(op, trained.stateDict(), copy.stateDict());
        return copy;
    }

    /**
     * A new model from {@code architecture}, built for {@code inputShape}; with no shape given it
     * must come built.
     */
    static Module fresh(String op, Supplier<? extends Module> architecture, int[] inputShape) {
        Module model = architecture.get();
        if (model == null) {
            throw new IllegalArgumentException(op + ": the architecture supplier returned null");
        }
        if (inputShape.length == 0) {
            if (!model.isBuilt()) {
                throw new IllegalStateException(op + ": " + model.name() + " from the architecture supplier is not"
                        + " built and no input shape was given; build it in the supplier or pass the input shape");
            }
        } else if (!model.isBuilt()) {
            model.build(inputShape);
        } else if (!Arrays.equals(model.builtInputShape(), inputShape)) {
            throw new IllegalArgumentException(op + ": " + model.name() + " from the architecture supplier is built"
                    + " for input " + Shapes.str(model.builtInputShape()) + ", expected " + Shapes.str(inputShape));
        }
        return model;
    }

    /**
     * Fails if any module of {@code copy} is one of {@code trained}'s: it would share that module's
     * weights and training flag, which is what the copy is for avoiding.
     */
    private static void requireNothingShared(String op, Module trained, Module copy) {
        Set<Module> original = Collections.newSetFromMap(new IdentityHashMap<>());
        collect(trained, original);
        List<String> shared = new ArrayList<>();
        findShared(copy, "", original, shared);
        if (!shared.isEmpty()) {
            throw new IllegalArgumentException(op + ": the architecture supplier's model shares "
                    + String.join(", ", shared) + " with the trained model; it must make new layers on every call");
        }
    }

    private static void collect(Module m, Set<Module> into) {
        if (into.add(m)) {
            m.children().values().forEach(c -> collect(c, into));
        }
    }

    private static void findShared(Module m, String path, Set<Module> original, List<String> shared) {
        if (original.contains(m)) {
            shared.add(path.isEmpty() ? "the whole model" : "module " + path + " (" + m.name() + ")");
            return;
        }
        m.children()
                .forEach((name, child) ->
                        findShared(child, path.isEmpty() ? name : path + "." + name, original, shared));
    }

    private static void copyState(String op, Map<String, Tensor> from, Map<String, Tensor> to) {
        if (!from.keySet().equals(to.keySet())) {
            throw new IllegalArgumentException(op + ": the architecture does not match the trained model: its state"
                    + " is " + to.keySet() + ", the trained model's is " + from.keySet());
        }
        for (Map.Entry<String, Tensor> e : to.entrySet()) {
            Tensor source = from.get(e.getKey());
            if (!Arrays.equals(source.shape(), e.getValue().shape())) {
                throw new IllegalArgumentException(op + ": the architecture does not match the trained model: "
                        + e.getKey() + " is " + Shapes.str(e.getValue().shape()) + " in the architecture, "
                        + Shapes.str(source.shape()) + " in the trained model");
            }
        }
        to.forEach((name, t) -> System.arraycopy(from.get(name).data(), 0, t.data(), 0, t.size()));
    }
}
