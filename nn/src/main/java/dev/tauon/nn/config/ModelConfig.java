package dev.tauon.nn.config;

import dev.tauon.core.Generator;
import dev.tauon.core.Tensor;
import dev.tauon.core.io.Excerpt;
import dev.tauon.nn.Module;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A model's architecture, Keras' {@code get_config} / {@code from_config}: {@link #toJson} writes
 * the layer tree of a model of built-in layers (each layer's type and settings, nested for
 * {@code Sequential}, {@code Residual} and {@code Concatenate}), the input shape it was built for and
 * its frozen parameters; {@link #parse} reads it back into a new, unbuilt model, and {@link #build}
 * builds that for the input shape and freezes what was frozen.
 *
 * <pre>{@code
 * {"format":"tauon-model-config","version":1,"input_shape":[3,32,32],
 *  "model":{"type":"Sequential","layers":[
 *    {"type":"Conv2D","filters":32,"kernel":[3,3],"stride":1,"padding":"valid","activation":"relu","use_bias":true},
 *    {"type":"Flatten"}, {"type":"Dense","units":10,"activation":"softmax","use_bias":true}]}}
 * }</pre>
 *
 * <p>Not in the config: initialisers (a loaded model's weights come from its file) and Dropout's
 * generator (training checkpoints carry it). A layer used twice in one model cannot be written.
 *
 * <p><b>Limits.</b> A config read from a file is untrusted input. Reading refuses, with the source,
 * the JSON path and the character offset: text over {@link #MAX_CHARS} characters, nesting deeper
 * than {@link #MAX_DEPTH}, strings over {@link #MAX_STRING_CHARS} characters, more than
 * {@link #MAX_LAYERS} layers, sizes (units, filters, kernels, strides, paddings, input dimensions)
 * over {@link #MAX_DIMENSION}, unknown types or settings, duplicate keys, and a layer tree that does
 * not fit its input shape (each layer's output shape is checked, and every intermediate shape must
 * have at most {@code 2^31 - 1} elements and dimensions of at most {@link #MAX_DIMENSION}).
 * Nothing is allocated for parameters until {@link #build}; {@link #stateSize()} says how many
 * values that will take, so a caller can compare it with what a file holds first.
 * {@link #toJson} refuses (with an {@link IllegalArgumentException}) a model that reading would refuse.
 */
public final class ModelConfig {
    /** The {@code "format"} of a config. */
    public static final String FORMAT = "tauon-model-config";
    /** The version this library writes and the newest it reads. */
    public static final int VERSION = 1;
    /** The longest config text, in characters: about 4,000 layers of settings. */
    public static final int MAX_CHARS = 1 << 20;
    /** The deepest nesting of JSON objects and arrays (each nested container layer takes two). */
    public static final int MAX_DEPTH = 64;
    /** The longest string (a type name, a parameter name), in characters. */
    public static final int MAX_STRING_CHARS = 1_024;
    /** The most layers in one config, containers included. */
    public static final int MAX_LAYERS = 4_096;
    /** The largest size setting or dimension: 2^24. */
    public static final int MAX_DIMENSION = 1 << 24;
    /** The most dimensions of an input shape. */
    public static final int MAX_RANK = 8;
    /** The most frozen parameters one layer may list. */
    public static final int MAX_FROZEN_PER_LAYER = 64;

    private final Module model;
    private final int[] inputShape;
    private final List<ConfigReading.Frozen> frozen;
    private final long stateSize;
    private final String source;

    private ModelConfig(
            Module model, int[] inputShape, List<ConfigReading.Frozen> frozen, long stateSize, String source) {
        this.model = model;
        this.inputShape = inputShape;
        this.frozen = frozen;
        this.stateSize = stateSize;
        this.source = source;
    }

    /** {@link #toJson(Module, LayerCodecs)} with the built-in layers' codecs. */
    public static String toJson(Module model) {
        return toJson(model, LayerCodecs.builtIn());
    }

    /**
     * The config of {@code model}, as compact JSON. The input shape is included if the model is
     * built.
     *
     * @throws IllegalArgumentException if a layer has no codec (the message names it and its class),
     *                                  a layer is used twice, or the config would be beyond the limits
     */
    public static String toJson(Module model, LayerCodecs codecs) {
        Objects.requireNonNull(model, "model");
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        if (model.isBuilt()) {
            List<Object> shape = new ArrayList<>();
            for (int d : model.builtInputShape()) {
                shape.add(d);
            }
            root.put("input_shape", shape);
        }
        root.put("model", new ConfigWriting(codecs).layer(model, "model"));
        String json = ConfigWriting.json(root);
        try {
            parse(json, "the config being written", codecs);
        } catch (ModelConfigException e) {
            throw new IllegalArgumentException(
                    "model config: not writing a config that reading would refuse: " + e.getMessage(), e);
        }
        return json;
    }

    /** {@link #parse(String, String, LayerCodecs)} with the built-in layers' codecs. */
    public static ModelConfig parse(String json, String source) throws ModelConfigException {
        return parse(json, source, LayerCodecs.builtIn());
    }

    /**
     * Reads a config into a new, unbuilt model, checking it throughout (see the limits above).
     *
     * @param source names the config in errors, such as {@code "model.safetensors: metadata \"tauon.model\""}
     */
    public static ModelConfig parse(String json, String source, LayerCodecs codecs) throws ModelConfigException {
        if (json.length() > MAX_CHARS) {
            throw new ModelConfigException(source + ": model config of " + json.length() + " characters is beyond"
                    + " the limit of " + MAX_CHARS + " (ModelConfig.MAX_CHARS)");
        }
        JsonValue root = JsonParser.parse(json, source);
        ConfigReading reading = new ConfigReading(source, codecs);
        if (!(root.value() instanceof Map<?, ?> map)) {
            throw reading.error("", root.offset(), "a model config must be a JSON object, found " + root.describe());
        }
        @SuppressWarnings("unchecked")
        ConfigReader top = new ConfigReader((Map<String, JsonValue>) map, root.offset(), "", reading);
        String format = top.string("format");
        if (!format.equals(FORMAT)) {
            throw top.error("format", "format is " + Excerpt.of(format) + ", expected \"" + FORMAT + "\"");
        }
        int version = top.integer("version", 1, Integer.MAX_VALUE);
        if (version > VERSION) {
            throw top.error(
                    "version", "version " + version + " was written by a newer Tauon; this one reads up to " + VERSION);
        }
        int[] shape = top.has("input_shape") ? top.integers("input_shape", 1, MAX_RANK, 1, MAX_DIMENSION) : null;
        Module model = top.layer("model");
        top.checkAllRead("a model config");
        long size = shape == null ? 0 : new ShapeWalk(reading, codecs).check(model, shape, "model");
        return new ModelConfig(model, shape, reading.frozen(), size, source);
    }

    /** The model, unbuilt until {@link #build} (the same instance every call). */
    public Module model() {
        return model;
    }

    /** The per-example input shape the model was built for when saved, or {@code null} if it was not built. */
    public int[] inputShape() {
        return inputShape == null ? null : inputShape.clone();
    }

    /**
     * How many values the model's parameters and buffers will hold once built for
     * {@link #inputShape()} (0 without an input shape), counted without building anything.
     */
    public long stateSize() {
        return stateSize;
    }

    /**
     * Builds the model for {@link #inputShape()}, initialising it from {@code init}, freezes the
     * parameters the config lists as frozen, and returns it.
     *
     * @throws IllegalStateException if the config has no input shape
     * @throws ModelConfigException  if a frozen parameter named in the config does not exist
     */
    public Module build(Generator init) throws ModelConfigException {
        if (inputShape == null) {
            throw new IllegalStateException(source + ": the model config has no input shape (the model was not"
                    + " built when it was saved); call model().build(init, inputShape) yourself");
        }
        model.build(init, inputShape);
        for (ConfigReading.Frozen f : frozen) {
            Map<String, Tensor> own = f.layer().parameters();
            for (String name : f.names()) {
                Tensor p = name.indexOf('.') < 0 ? own.get(name) : null;
                if (p == null) {
                    throw new ConfigReading(source, null)
                            .error(
                                    f.path() + ".frozen",
                                    f.offset(),
                                    f.layer().name() + " has no parameter " + Excerpt.of(name) + " to freeze (it has "
                                            + own.keySet() + ")");
                }
                p.requiresGrad(false);
            }
        }
        return model;
    }
}
