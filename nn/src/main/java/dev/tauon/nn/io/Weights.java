package dev.tauon.nn.io;

import dev.tauon.core.Tensor;
import dev.tauon.nn.Module;
import dev.tauon.nn.StateDicts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A module's state (its {@link Module#stateDict()}: parameters and buffers) as a safetensors file,
 * under their dotted names ({@code "0.weight"}, {@code "1.running_mean"}, ...), so that other tools
 * (Python's {@code safetensors}, say) can read them. This package depends on {@link Module}, never
 * the other way round: a module knows nothing of files.
 */
public final class Weights {
    private Weights() {}

    /**
     * What {@link #save} writes as {@code "layout"} in the metadata: Tauon's tensor layouts, which
     * are not all PyTorch's (hence {@code "format": "tauon"}, not {@code "pt"}; to read a PyTorch
     * {@code state_dict}, use {@link PyTorchStateDict}).
     */
    public static final String LAYOUT = "Dense weight [in, out] (PyTorch Linear: [out, in]);"
            + " Conv2D weight [out, in, kh, kw] (as PyTorch); BatchNorm weight, bias, running_mean, running_var";

    /**
     * Writes the state dict of {@code model} to {@code file} (atomically: temporary file, then
     * rename), with {@code "format": "tauon"} and {@link #LAYOUT} in the metadata. If every layer of
     * the model is a built-in one, the model's config goes in too ({@link Models#CONFIG_KEY}), so
     * {@link Models#load} can rebuild it; {@link Models#save} insists on that.
     */
    public static void save(Module model, Path file) throws IOException {
        Map<String, Tensor> state = requireState(model, "save");
        Map<String, String> metadata = metadata();
        String config = Models.configOrNull(model);
        if (config != null) {
            metadata.put(Models.CONFIG_KEY, config);
        }
        SafeTensors.write(file, state, metadata);
    }

    /** The metadata every weight file gets: format, layout and producer. */
    static Map<String, String> metadata() {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "tauon");
        metadata.put("layout", LAYOUT);
        metadata.put("producer", "tauon");
        return metadata;
    }

    /**
     * Copies the tensors of {@code file} into {@code model}'s parameters and buffers. Nothing is
     * changed unless every entry of the state dict is found with the right shape and no extra
     * tensor is present; otherwise the error lists the missing names, unexpected names and shape
     * differences.
     */
    public static void load(Module model, Path file) throws IOException {
        assign(requireState(model, "load"), SafeTensors.read(file).tensors(), file, "weights");
    }

    /** Copies {@code source} into {@code target} by name after checking that they match exactly. */
    public static void assign(Map<String, Tensor> target, Map<String, Tensor> source, Path file, String what)
            throws WeightFileException {
        check(target, source, file, what);
        copy(target, source);
    }

    /**
     * Fails, changing nothing, unless {@code source} has exactly {@code target}'s names with the same
     * shapes; the message lists the first {@link StateDicts#MAX_PROBLEMS_LISTED} differences (see
     * {@link StateDicts#differences}).
     */
    public static void check(Map<String, Tensor> target, Map<String, Tensor> source, Path file, String what)
            throws WeightFileException {
        List<String> problems = StateDicts.differences(target, source, "file");
        if (!problems.isEmpty()) {
            throw new WeightFileException(file, what + " do not match the model: " + StateDicts.describe(problems));
        }
    }

    /** Copies every tensor of {@code source} into the same-named one of {@code target}; call {@link #check} first. */
    public static void copy(Map<String, Tensor> target, Map<String, Tensor> source) {
        StateDicts.copy(target, source);
    }

    static Map<String, Tensor> requireState(Module model, String action) {
        Map<String, Tensor> state = model.stateDict();
        if (state.isEmpty()) {
            throw new IllegalStateException(
                    model.name() + " has no parameters to " + action + "; build it first (model.build(inputShape))");
        }
        return state;
    }
}
