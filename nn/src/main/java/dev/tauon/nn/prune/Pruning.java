package dev.tauon.nn.prune;

import dev.tauon.core.Tensor;
import dev.tauon.nn.ForwardHook;
import dev.tauon.nn.Module;
import dev.tauon.nn.layers.KernelLayer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Magnitude pruning of a model's Dense and Conv2D weights, with the masks kept as module buffers:
 * <pre>{@code
 * Pruning pruning = Pruning.attach(model);       // a weight_mask of ones beside each weight
 * pruning.prune(0.8, PruningScope.GLOBAL);      // the 80% smallest |w| of the model set to zero
 * }</pre>
 *
 * <p>Each pruned layer gets a buffer {@code weight_mask} (1 keeps a weight, 0 prunes it), so
 * weight files and checkpoints save and restore the masks with the weights, and a
 * {@linkplain ForwardHook forward hook} that multiplies the weight by its mask, in place, before
 * every forward pass, in training and in inference: a pruned weight is zero whenever the layer
 * runs, even after an optimiser step or a load of unmasked weights. During training
 * {@link PruningSchedule} also zeroes the pruned weights' gradients. The layer's code is not changed.
 *
 * <p>A pruned model's state dict has the mask entries: to load its weights, attach pruning to a
 * fresh model of the same architecture first. {@link #remove()} makes the pruning permanent (the
 * weights stay zero, the masks and hooks go), as PyTorch's {@code prune.remove}.
 *
 * <p>Biases are not pruned (they are few, and pruning them saves nothing). Ties between equal
 * magnitudes are broken by position, weights already pruned ranking first, so the same weights
 * always give the same masks.
 */
public final class Pruning {
    /** The name of the mask buffer added beside each pruned weight. */
    public static final String MASK = "weight_mask";

    private final LinkedHashMap<String, Target> targets;

    /** One pruned weight: its layer, the weight and its mask, and the hook applying it. */
    private record Target(KernelLayer layer, Tensor weight, Tensor mask, ForwardHook.Registration hook) {}

    private Pruning(LinkedHashMap<String, Target> targets) {
        this.targets = targets;
    }

    /** {@link #attach(Module, Predicate)} for every Dense and Conv2D weight. */
    public static Pruning attach(Module model) {
        return attach(model, name -> true);
    }

    /**
     * Adds a mask of ones (nothing pruned yet) and the hook applying it to every Dense and Conv2D
     * layer of the built {@code model} whose weight's dotted name ({@code "0.weight"}) {@code include}
     * accepts: a common choice leaves out the first convolution and the last layer.
     *
     * @throws IllegalStateException    if the model is not built, or a layer already has a mask
     * @throws IllegalArgumentException if no weight is selected
     */
    public static Pruning attach(Module model, Predicate<String> include) {
        if (!model.isBuilt()) {
            throw new IllegalStateException("Pruning: " + model.name() + " is not built; build it"
                    + " (model.build(inputShape)) so that its weights exist");
        }
        LinkedHashMap<String, KernelLayer> layers = new LinkedHashMap<>();
        findLayers(model, "", layers, Collections.newSetFromMap(new IdentityHashMap<>()));
        LinkedHashMap<String, Target> targets = new LinkedHashMap<>();
        for (Map.Entry<String, KernelLayer> e : layers.entrySet()) {
            String weightName = e.getKey() + "weight";
            KernelLayer layer = e.getValue();
            if (!include.test(weightName)) {
                continue;
            }
            if (layer.buffers().containsKey(MASK)) {
                throw new IllegalStateException("Pruning: " + layer.name() + " at '" + weightName + "' already has a "
                        + MASK + "; pruning is attached once per model");
            }
            Tensor weight = layer.weight();
            Tensor mask = layer.registerBuffer(MASK, Tensor.ones(weight.shape()));
            ForwardHook.Registration hook = layer.addForwardHook(new ForwardHook() {
                @Override
                public void beforeForward(Module module, Tensor input) {
                    multiply(weight.data(), mask.data());
                }
            });
            targets.put(weightName, new Target(layer, weight, mask, hook));
        }
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("Pruning: no weight to prune in " + model.name()
                    + " (pruning takes Dense and Conv2D weights; the selection accepted none of "
                    + layers.keySet().stream().map(n -> n + "weight").toList() + ")");
        }
        return new Pruning(targets);
    }

    private static void findLayers(Module m, String prefix, Map<String, KernelLayer> into, Set<Module> seen) {
        if (!seen.add(m)) {
            return;
        }
        if (m instanceof KernelLayer k) {
            into.put(prefix, k);
        }
        m.children().forEach((name, child) -> findLayers(child, prefix + name + ".", into, seen));
    }

    /** The dotted names of the pruned weights, in the model's order. */
    public List<String> weightNames() {
        return List.copyOf(targets.keySet());
    }

    /** The mask of each pruned weight by the weight's name (the buffers themselves: 1 kept, 0 pruned). */
    public Map<String, Tensor> masks() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        targets.forEach((n, t) -> out.put(n, t.mask()));
        return out;
    }

    /**
     * Prunes the smallest weights by magnitude until a fraction {@code sparsity} of the selected
     * weights is pruned, in each layer ({@link PruningScope#LAYERWISE}) or over all of them
     * together ({@link PruningScope#GLOBAL}), and zeroes them. Already pruned weights rank first,
     * so a growing sparsity never brings a weight back; a lower one restores the latest pruned as zeros.
     */
    public void prune(double sparsity, PruningScope scope) {
        if (!(sparsity >= 0 && sparsity <= 1)) {
            throw new IllegalArgumentException("Pruning: sparsity must be in [0, 1], got " + sparsity);
        }
        List<Target> all = new ArrayList<>(targets.values());
        if (scope == PruningScope.LAYERWISE) {
            for (Target t : all) {
                pruneTogether(List.of(t), sparsity);
            }
        } else {
            pruneTogether(all, sparsity);
        }
        applyMasks();
    }

    /** Ranks the weights of {@code group} by (already pruned first, |w|, position) and prunes the first fraction. */
    private static void pruneTogether(List<Target> group, double sparsity) {
        int total = 0;
        for (Target t : group) {
            total += t.weight().size();
        }
        long[] keys = new long[total];
        int at = 0;
        for (Target t : group) {
            float[] w = t.weight().data();
            float[] m = t.mask().data();
            for (int i = 0; i < w.length; i++) {
                float score = m[i] == 0f ? -1f : Math.abs(w[i]);
                keys[at] = ((long) sortable(score) << 32) | at;
                at++;
            }
        }
        Arrays.sort(keys);
        int pruned = (int) Math.round(sparsity * total);
        boolean[] off = new boolean[total];
        for (int i = 0; i < pruned; i++) {
            off[(int) (keys[i] & 0xffffffffL)] = true;
        }
        at = 0;
        for (Target t : group) {
            float[] m = t.mask().data();
            for (int i = 0; i < m.length; i++) {
                m[i] = off[at++] ? 0f : 1f;
            }
        }
    }

    /** An int whose signed order is the float's numeric order. */
    private static int sortable(float f) {
        int bits = Float.floatToIntBits(f);
        return bits ^ ((bits >> 31) & 0x7fffffff);
    }

    /** Multiplies every pruned weight by its mask, in place: what the forward hooks do before each pass. */
    public void applyMasks() {
        for (Target t : targets.values()) {
            multiply(t.weight().data(), t.mask().data());
        }
    }

    /** Multiplies every pruned weight's gradient (where there is one) by its mask, so an optimiser step leaves pruned weights alone. */
    public void maskGradients() {
        for (Target t : targets.values()) {
            Tensor g = t.weight().grad();
            if (g != null) {
                multiply(g.data(), t.mask().data());
            }
        }
    }

    /** Zeroes the values the mask prunes: a select rather than a product, so they become +0, never -0 or NaN. */
    private static void multiply(float[] values, float[] mask) {
        for (int i = 0; i < values.length; i++) {
            values[i] = mask[i] == 0f ? 0f : values[i];
        }
    }

    /** The fraction of the selected weights that is pruned (0 in the masks). */
    public double sparsity() {
        long zeros = 0;
        long total = 0;
        for (Target t : targets.values()) {
            zeros += zeros(t.mask().data());
            total += t.mask().size();
        }
        return (double) zeros / total;
    }

    /** The fraction of weight {@code weightName} that is pruned. */
    public double sparsity(String weightName) {
        Target t = targets.get(weightName);
        if (t == null) {
            throw new IllegalArgumentException(
                    "Pruning: no pruned weight named '" + weightName + "'; they are " + targets.keySet());
        }
        return (double) zeros(t.mask().data()) / t.mask().size();
    }

    private static long zeros(float[] mask) {
        long n = 0;
        for (float v : mask) {
            if (v == 0f) {
                n++;
            }
        }
        return n;
    }

    /**
     * Makes the pruning permanent: applies the masks once more, then removes the hooks and the
     * {@code weight_mask} buffers, so the model's state dict is the unpruned architecture's again
     * with the pruned weights at zero. This object is of no further use.
     */
    public void remove() {
        applyMasks();
        for (Target t : targets.values()) {
            t.hook().close();
            t.layer().removeBuffer(MASK);
        }
        targets.clear();
    }
}
