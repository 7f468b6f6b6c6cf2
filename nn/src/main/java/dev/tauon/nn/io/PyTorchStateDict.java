package dev.tauon.nn.io;

import dev.tauon.core.Shapes;
import dev.tauon.core.Tensor;
import dev.tauon.core.io.Excerpt;
import dev.tauon.nn.Module;
import dev.tauon.nn.layers.BatchNorm;
import dev.tauon.nn.layers.Conv2D;
import dev.tauon.nn.layers.Dense;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Loads a PyTorch {@code state_dict} saved as safetensors into the matching Tauon model. PyTorch's
 * names say which module a tensor belongs to ({@code features.3.weight}: module {@code features.3},
 * tensor {@code weight}); Tauon's layers are paired with those modules, and each pair converted by
 * the rules of the Tauon layer's type:
 *
 * <ul>
 *   <li>{@code Dense} from {@code nn.Linear}: {@code weight} is transposed, PyTorch's
 *       {@code [out, in]} to Tauon's {@code [in, out]}; {@code bias} as it is;</li>
 *   <li>{@code Conv2D} from {@code nn.Conv2d}: {@code weight [out, in, kh, kw]} and {@code bias}, the
 *       same layout in both;</li>
 *   <li>{@code BatchNorm1D} / {@code BatchNorm2D} from {@code nn.BatchNorm1d} / {@code 2d}:
 *       {@code weight}, {@code bias}, {@code running_mean}, {@code running_var} as they are (the same
 *       formula and momentum convention); {@code num_batches_tracked}, which Tauon does not keep, is
 *       ignored;</li>
 *   <li>any other layer with state: the same names and shapes, copied as they are.</li>
 * </ul>
 *
 * <p><b>Pairing.</b> Without a map, the Tauon layers with state, in their state dict order, are
 * paired with the PyTorch modules with state, in natural order of their names (dot-separated parts,
 * numbers compared as numbers: {@code 4} before {@code 10}). That is the definition order of an
 * {@code nn.Sequential}, whatever order the file stores the tensors in (the {@code safetensors}
 * package sorts them by name). For modules with names ({@code conv1}, {@code bn1}, {@code fc}),
 * whose alphabetical order is not their order in the network, pass the map from PyTorch module
 * names to Tauon ones ({@code "conv1" -> "0"}), which must cover both sides.
 *
 * <p>Everything is checked before anything is copied: both sides' layer counts, each pair's tensor
 * names and shapes (errors name the PyTorch module, the Tauon layer and both shapes), then the whole
 * converted state against the model ({@link Weights#check}).
 *
 * <p>The file is what {@code safetensors.torch.save_file(model.state_dict(), path)} writes: F32,
 * F64, F16 and BF16 tensors are read as float (F64 rounded to nearest, the others exactly, as
 * torch's {@code .float()} does), and the int64 (or int32) {@code num_batches_tracked} of a BatchNorm
 * is skipped; any other integer tensor is refused by name. Two layouts still differ: the features after a
 * Flatten are channel-major in both PyTorch and Tauon (so a Linear after a Flatten needs no
 * permutation), and Tauon's {@code Padding.SAME} is PyTorch's {@code padding=k // 2} for odd kernels
 * at stride 1. {@code docs/crosscheck/pytorch_state_dict.py} writes the fixture that
 * {@code PyTorchStateDictTest} checks against PyTorch's own outputs.
 */
public final class PyTorchStateDict {
    private static final String NUM_BATCHES_TRACKED = "num_batches_tracked";

    private PyTorchStateDict() {}

    /**
     * Loads the state dict in {@code file} into the built {@code model}, pairing layers with
     * PyTorch modules by order (see the class comment), and returns the pairs, one line each, such
     * as {@code "features.0 -> 0 Conv2D(8, 3x3)"}.
     */
    public static List<String> load(Module model, Path file) throws IOException {
        return load(model, file, null);
    }

    /**
     * {@link #load(Module, Path)} with the pairs given: {@code modules} maps each PyTorch module
     * name with state to a Tauon module name ({@code ""} for the model itself).
     */
    public static List<String> load(Module model, Path file, Map<String, String> modules) throws IOException {
        Map<String, Tensor> target = Weights.requireState(model, "load");
        Map<String, Map<String, Tensor>> torch = byModule(floatsOnly(SafeTensors.readPyTorch(file), file));
        Map<String, Module> tauon = layersWithState(model);
        Map<String, String> pairs =
                modules == null ? byOrder(torch, tauon, file) : checked(modules, torch, tauon, file);
        Map<String, Tensor> converted = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, String> p : pairs.entrySet()) {
            Module layer = tauon.get(p.getValue());
            convert(layer, p.getValue(), torch.get(p.getKey()), p.getKey(), converted, file);
            lines.add(display(p.getKey()) + " -> " + display(p.getValue()) + " " + layer.name());
        }
        Weights.check(target, converted, file, "PyTorch weights");
        Weights.copy(target, converted);
        return lines;
    }

    /**
     * The file's tensors, after refusing any integer tensor but {@code num_batches_tracked} (an
     * integer tensor is no weight; read as float only to keep the pairing checks in one place).
     */
    private static Map<String, Tensor> floatsOnly(SafeTensors.PyTorchTensors read, Path file)
            throws WeightFileException {
        for (Map.Entry<String, Dtype> e : read.dtypes().entrySet()) {
            String name = e.getKey();
            if (e.getValue().integer()
                    && !name.substring(name.lastIndexOf('.') + 1).equals(NUM_BATCHES_TRACKED)) {
                throw new WeightFileException(
                        file,
                        "tensor " + Excerpt.of(name) + " is " + e.getValue() + ": integer tensors are read only as"
                                + " BatchNorm's " + NUM_BATCHES_TRACKED + " (skipped); weights must be F32, F64, F16"
                                + " or BF16");
            }
        }
        return read.tensors();
    }

    private static String display(String module) {
        return module.isEmpty() ? "(model)" : module;
    }

    /** The file's tensors by module name (the name up to its last dot), modules in natural order. */
    private static Map<String, Map<String, Tensor>> byModule(Map<String, Tensor> tensors) {
        Map<String, Map<String, Tensor>> out = new TreeMap<>(NATURAL);
        tensors.forEach((name, t) -> {
            int dot = name.lastIndexOf('.');
            out.computeIfAbsent(dot < 0 ? "" : name.substring(0, dot), k -> new LinkedHashMap<>())
                    .put(name.substring(dot + 1), t);
        });
        return out;
    }

    /** Names compared part by part between dots, parts of digits as numbers: {@code 4} before {@code 10}. */
    static final Comparator<String> NATURAL = (a, b) -> {
        String[] x = a.isEmpty() ? new String[0] : a.split("\\.", -1);
        String[] y = b.isEmpty() ? new String[0] : b.split("\\.", -1);
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = x[i].matches("\\d{1,18}") && y[i].matches("\\d{1,18}")
                    ? Long.compare(Long.parseLong(x[i]), Long.parseLong(y[i]))
                    : x[i].compareTo(y[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    };

    /** Every module of the tree that owns parameters or buffers itself, by dotted name, in state dict order. */
    private static Map<String, Module> layersWithState(Module model) {
        Map<String, Module> out = new LinkedHashMap<>();
        collect(model, "", out);
        return out;
    }

    private static void collect(Module m, String name, Map<String, Module> out) {
        if (m.stateDict().keySet().stream().anyMatch(n -> n.indexOf('.') < 0)) {
            out.put(name, m);
        }
        m.children().forEach((child, c) -> collect(c, name.isEmpty() ? child : name + "." + child, out));
    }

    private static Map<String, String> byOrder(
            Map<String, Map<String, Tensor>> torch, Map<String, Module> tauon, Path file) throws WeightFileException {
        if (torch.size() != tauon.size()) {
            throw new WeightFileException(
                    file,
                    "the file has " + torch.size() + " PyTorch modules with state "
                            + names(torch.keySet()) + " but the model has " + tauon.size() + " layers with state "
                            + names(tauon.keySet()) + "; pair them explicitly with load(model, file, modules)");
        }
        Map<String, String> pairs = new LinkedHashMap<>();
        List<String> t = new ArrayList<>(tauon.keySet());
        int i = 0;
        for (String module : torch.keySet()) {
            pairs.put(module, t.get(i++));
        }
        return pairs;
    }

    private static Map<String, String> checked(
            Map<String, String> modules, Map<String, Map<String, Tensor>> torch, Map<String, Module> tauon, Path file)
            throws WeightFileException {
        List<String> problems = new ArrayList<>();
        modules.forEach((from, to) -> {
            if (!torch.containsKey(from)) {
                problems.add("the file has no PyTorch module " + Excerpt.of(from));
            }
            if (!tauon.containsKey(to)) {
                problems.add("the model has no layer with state named " + Excerpt.of(to));
            }
        });
        torch.keySet().stream()
                .filter(m -> !modules.containsKey(m))
                .forEach(m -> problems.add("PyTorch module " + Excerpt.of(m) + " is not mapped"));
        tauon.keySet().stream()
                .filter(m -> !modules.containsValue(m))
                .forEach(m -> problems.add("no PyTorch module is mapped to layer " + Excerpt.of(m)));
        if (!problems.isEmpty()) {
            throw new WeightFileException(
                    file,
                    "the module map does not fit: " + String.join("; ", problems)
                            + " (the file's modules: " + names(torch.keySet()) + ", the model's layers: "
                            + names(tauon.keySet()) + ")");
        }
        Map<String, String> pairs = new LinkedHashMap<>();
        torch.keySet().forEach(m -> pairs.put(m, modules.get(m)));
        return pairs;
    }

    private static String names(Iterable<String> names) {
        List<String> out = new ArrayList<>();
        names.forEach(n -> out.add(out.size() < 20 ? Excerpt.of(n) : "..."));
        return "[" + String.join(", ", out.subList(0, Math.min(out.size(), 21))) + "]";
    }

    /** Puts the Tauon tensors of one PyTorch module's tensors into {@code out}, checking names and shapes. */
    private static void convert(
            Module layer,
            String tauonName,
            Map<String, Tensor> torch,
            String torchName,
            Map<String, Tensor> out,
            Path file)
            throws WeightFileException {
        Map<String, Tensor> own = new LinkedHashMap<>();
        layer.stateDict().forEach((n, t) -> {
            if (n.indexOf('.') < 0) {
                own.put(n, t);
            }
        });
        Map<String, Tensor> given = new LinkedHashMap<>(torch);
        if (layer instanceof BatchNorm) {
            Tensor tracked = given.remove(NUM_BATCHES_TRACKED);
            if (tracked != null && tracked.size() != 1) {
                throw pairError(
                        file,
                        torchName,
                        tauonName,
                        layer,
                        NUM_BATCHES_TRACKED + " has shape " + Shapes.str(tracked.shape()) + ", expected a scalar");
            }
        }
        if (!given.keySet().equals(own.keySet())) {
            throw pairError(
                    file,
                    torchName,
                    tauonName,
                    layer,
                    "PyTorch's tensors " + given.keySet() + " are not the layer's " + own.keySet());
        }
        String prefix = tauonName.isEmpty() ? "" : tauonName + ".";
        for (Map.Entry<String, Tensor> e : own.entrySet()) {
            Tensor t = given.get(e.getKey());
            boolean transpose = layer instanceof Dense && e.getKey().equals("weight");
            int[] expected = e.getValue().shape();
            int[] inFile = transpose ? new int[] {expected[1], expected[0]} : expected;
            if (!Arrays.equals(t.shape(), inFile)) {
                throw pairError(
                        file,
                        torchName,
                        tauonName,
                        layer,
                        e.getKey() + " is " + Shapes.str(t.shape())
                                + " in the file, expected " + Shapes.str(inFile)
                                + (transpose
                                        ? " (PyTorch's [out, in] of the layer's " + Shapes.str(expected) + ")"
                                        : ""));
            }
            out.put(prefix + e.getKey(), transpose ? t.transpose(0, 1) : t);
        }
    }

    private static WeightFileException pairError(
            Path file, String torchName, String tauonName, Module layer, String problem) {
        String kind = layer instanceof Dense
                ? " (from nn.Linear)"
                : layer instanceof Conv2D
                        ? " (from nn.Conv2d)"
                        : layer instanceof BatchNorm ? " (from nn.BatchNorm)" : "";
        return new WeightFileException(
                file,
                "PyTorch module " + Excerpt.of(torchName) + " does not fit layer " + Excerpt.of(tauonName) + " "
                        + layer.name() + kind + ": " + problem);
    }
}
