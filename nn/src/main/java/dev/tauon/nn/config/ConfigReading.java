package dev.tauon.nn.config;

import dev.tauon.core.io.Excerpt;
import dev.tauon.nn.Module;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Reads layer objects of a parsed config into unbuilt modules, counting them and noting frozen parameters. */
final class ConfigReading {
    /** A layer's frozen parameters, to freeze once the model is built. */
    record Frozen(Module layer, List<String> names, String path, int offset) {}

    private final String source;
    private final LayerCodecs codecs;
    private final List<Frozen> frozen = new ArrayList<>();
    private final Map<Module, Integer> offsets = new IdentityHashMap<>();
    private int layers;

    ConfigReading(String source, LayerCodecs codecs) {
        this.source = source;
        this.codecs = codecs;
    }

    List<Frozen> frozen() {
        return frozen;
    }

    @SuppressWarnings("unchecked")
    Module layer(JsonValue v, String path) throws ModelConfigException {
        if (!(v.value() instanceof Map<?, ?> map)) {
            throw error(path, v.offset(), "a layer must be an object with a \"type\", found " + v.describe());
        }
        if (++layers > ModelConfig.MAX_LAYERS) {
            throw error(path, v.offset(), "more than " + ModelConfig.MAX_LAYERS + " layers (ModelConfig.MAX_LAYERS)");
        }
        ConfigReader in = new ConfigReader((Map<String, JsonValue>) map, v.offset(), path, this);
        String type = in.string("type");
        LayerCodec<?> codec = codecs.codec(type);
        if (codec == null) {
            throw in.error(
                    "type",
                    "unknown layer type " + Excerpt.of(type) + "; built-in types: "
                            + String.join(", ", LayerCodecs.builtIn().types())
                            + " (for a layer of your own, register a codec with LayerCodecs.with)");
        }
        Module layer;
        try {
            layer = codec.read(in);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw error(path, v.offset(), e.getMessage()); // the layer's own check of a setting, naming the layer
        }
        if (in.has("frozen")) {
            frozen.add(new Frozen(layer, in.strings("frozen", 1, ModelConfig.MAX_FROZEN_PER_LAYER), path, v.offset()));
        }
        in.checkAllRead(type);
        offsets.put(layer, v.offset());
        return layer;
    }

    /** Where the object of {@code layer} starts in the config text, or -1. */
    int offsetOf(Module layer) {
        return offsets.getOrDefault(layer, -1);
    }

    ModelConfigException error(String path, int offset, String problem) {
        return new ModelConfigException(source + ": model config at " + (path.isEmpty() ? "the top level" : path)
                + (offset < 0 ? "" : " (char " + offset + ")") + ": " + problem);
    }
}
