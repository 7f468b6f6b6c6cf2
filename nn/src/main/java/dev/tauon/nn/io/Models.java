package dev.tauon.nn.io;

import dev.tauon.core.Generator;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Module;
import dev.tauon.nn.config.LayerCodecs;
import dev.tauon.nn.config.ModelConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Whole models in one file, Keras' {@code model.save} and {@code keras.models.load_model}: a
 * safetensors weight file whose metadata also holds the model's config ({@link ModelConfig}, under
 * {@link #CONFIG_KEY}), so that {@link #load} rebuilds any network of built-in layers without the
 * code that built it. Layers of your own need a codec ({@link LayerCodecs#with}) on both sides.
 *
 * <pre>{@code
 * Models.save(model, Path.of("model.safetensors"));
 * Sequential restored = Models.load(Path.of("model.safetensors"), Sequential.class);
 * }</pre>
 */
public final class Models {
    /** The metadata key of the model config. */
    public static final String CONFIG_KEY = "tauon.model";

    private Models() {}

    /** {@link #save(Module, Path, LayerCodecs)} with the built-in layers' codecs. */
    public static void save(Module model, Path file) throws IOException {
        save(model, file, LayerCodecs.builtIn());
    }

    /**
     * Writes {@code model}'s weights and its config to {@code file}, atomically.
     *
     * @throws IllegalArgumentException if a layer has no codec: the message names it and its class
     *                                  (register a codec, or rebuild the model in code and use
     *                                  {@link Weights})
     * @throws IllegalStateException    if the model is not built
     */
    public static void save(Module model, Path file, LayerCodecs codecs) throws IOException {
        if (!model.isBuilt()) {
            throw new IllegalStateException(model.name() + " is not built, so it has no weights to save and no input"
                    + " shape; build it first (model.build(inputShape))");
        }
        Map<String, Tensor> state = model.stateDict(); // may be empty: a model of pooling layers has no weights
        Map<String, String> metadata = Weights.metadata();
        metadata.put(CONFIG_KEY, ModelConfig.toJson(model, codecs));
        SafeTensors.write(file, state, metadata);
    }

    /** {@link #load(Path, LayerCodecs)} with the built-in layers' codecs. */
    public static Module load(Path file) throws IOException {
        return load(file, LayerCodecs.builtIn());
    }

    /** {@link #load(Path)}, checking that the model is a {@code type} ({@code Sequential.class}, say). */
    public static <M extends Module> M load(Path file, Class<M> type) throws IOException {
        Module model = load(file);
        if (!type.isInstance(model)) {
            throw new WeightFileException(
                    file, "the model is a " + model.getClass().getSimpleName() + ", not a " + type.getSimpleName());
        }
        return type.cast(model);
    }

    /**
     * Rebuilds the model saved in {@code file} (by {@link #save}, or by {@link Weights#save} from a
     * model of built-in layers) and loads its weights: a new model, built for the input shape it was
     * saved with, its frozen parameters frozen again, in training mode like any new model (call
     * {@code eval()} to predict). The config is checked whole, its layers' sizes are compared with
     * what the file holds before anything is allocated for them, and the weights must then match by
     * name and shape exactly.
     *
     * @throws WeightFileException                          if the file has no config or its weights do not fit it
     * @throws dev.tauon.nn.config.ModelConfigException if the config is malformed or beyond the limits
     */
    public static Module load(Path file, LayerCodecs codecs) throws IOException {
        SafeTensors.Contents contents = SafeTensors.read(file);
        String json = contents.metadata().get(CONFIG_KEY);
        if (json == null) {
            throw new WeightFileException(
                    file,
                    "has no model config (metadata \"" + CONFIG_KEY + "\"), only weights:"
                            + " it was saved from a model with a layer that is not built-in, by an older Tauon, or by another"
                            + " tool; rebuild the model in code and use Weights.load");
        }
        ModelConfig config = ModelConfig.parse(json, file + ": metadata \"" + CONFIG_KEY + "\"", codecs);
        if (config.inputShape() == null) {
            throw new WeightFileException(file, "the model config has no input_shape, so the model cannot be built");
        }
        long held = 0;
        for (Tensor t : contents.tensors().values()) {
            held += t.size();
        }
        if (config.stateSize() > held) {
            throw new WeightFileException(
                    file,
                    "the model config's layers need " + config.stateSize()
                            + " parameter and buffer values but the file holds " + held + "; not building it");
        }
        Module model = config.build(new Generator(Module.DEFAULT_SEED));
        Weights.assign(model.stateDict(), contents.tensors(), file, "weights");
        return model;
    }

    /** The config of {@code model}, or {@code null} if it has a layer without a built-in codec or is beyond the limits. */
    static String configOrNull(Module model) {
        try {
            return ModelConfig.toJson(model);
        } catch (IllegalArgumentException e) {
            return null; // weights alone are still worth saving; Models.load then says why it cannot rebuild
        }
    }
}
