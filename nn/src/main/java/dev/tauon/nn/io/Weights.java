package dev.tauon.nn.io;

import dev.tauon.core.Shapes;
import dev.tauon.core.Tensor;
import dev.tauon.core.io.Excerpt;
import dev.tauon.nn.Module;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A module's parameters as a safetensors file, under their parameter names ({@code "0.weight"}, ...),
 * so that other tools (Python's {@code safetensors}, say) can read them.
 */
public final class Weights {
    /** How many differences an error message lists before it says how many more there are. */
    static final int MAX_PROBLEMS_LISTED = 12;

    private Weights() {
    }

    /** Writes every parameter of {@code model} to {@code file} (atomically: temporary file, then rename). */
    public static void save(Module model, Path file) throws IOException {
        requireParameters(model, "save");
        SafeTensors.write(file, model.parameters(), Map.of("format", "pt", "producer", "tauon"));
    }

    /**
     * Copies the tensors of {@code file} into {@code model}'s parameters. Nothing is changed unless
     * every parameter is found with the right shape and no extra tensor is present; otherwise the
     * error lists every missing name, unexpected name and shape difference.
     */
    public static void load(Module model, Path file) throws IOException {
        requireParameters(model, "load");
        assign(model.parameters(), SafeTensors.read(file).tensors(), file, "weights");
    }

    /** Copies {@code source} into {@code target} by name after checking that they match exactly. */
    public static void assign(Map<String, Tensor> target, Map<String, Tensor> source, Path file, String what)
            throws WeightFileException {
        check(target, source, file, what);
        copy(target, source);
    }

    /**
     * Fails, changing nothing, unless {@code source} has exactly {@code target}'s names with the same
     * shapes; the message lists the first {@link #MAX_PROBLEMS_LISTED} differences (missing names,
     * unexpected names, shape differences), names from the file quoted with {@link Excerpt}.
     */
    public static void check(Map<String, Tensor> target, Map<String, Tensor> source, Path file, String what)
            throws WeightFileException {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : target.entrySet()) {
            Tensor found = source.get(e.getKey());
            if (found == null) {
                problems.add("missing " + e.getKey() + " " + Shapes.str(e.getValue().shape()));
            } else if (!Arrays.equals(found.shape(), e.getValue().shape())) {
                problems.add(e.getKey() + ": file has " + Shapes.str(found.shape()) + ", model has "
                        + Shapes.str(e.getValue().shape()));
            }
        }
        for (String name : source.keySet()) {
            if (!target.containsKey(name)) {
                problems.add("unexpected " + Excerpt.of(name) + " " + Shapes.str(source.get(name).shape()));
            }
        }
        if (!problems.isEmpty()) {
            String listed = String.join("; ", problems.subList(0, Math.min(problems.size(), MAX_PROBLEMS_LISTED)));
            if (problems.size() > MAX_PROBLEMS_LISTED) {
                listed += "; and " + (problems.size() - MAX_PROBLEMS_LISTED) + " more";
            }
            throw new WeightFileException(file, what + " do not match the model: " + listed);
        }
    }

    /** Copies every tensor of {@code source} into the same-named one of {@code target}; call {@link #check} first. */
    public static void copy(Map<String, Tensor> target, Map<String, Tensor> source) {
        target.forEach((name, t) -> System.arraycopy(source.get(name).data(), 0, t.data(), 0, t.size()));
    }

    private static void requireParameters(Module model, String action) {
        if (model.parameters().isEmpty()) {
            throw new IllegalStateException(model.name() + " has no parameters to " + action
                    + "; build it first (model.build(inputShape))");
        }
    }
}
