package dev.tauon.nn.config;

import dev.tauon.nn.Module;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Where a {@link LayerCodec} writes a layer's settings: one JSON object, keys in the order written. */
public final class ConfigWriter {
    private final Map<String, Object> object;
    private final ConfigWriting context;
    private final String path;

    ConfigWriter(Map<String, Object> object, ConfigWriting context, String path) {
        this.object = object;
        this.context = context;
        this.path = path;
    }

    /** Writes an integer setting. */
    public ConfigWriter integer(String key, int value) {
        return put(key, value);
    }

    /** Writes integers as an array, such as a kernel's height and width. */
    public ConfigWriter integers(String key, int... values) {
        List<Object> list = new ArrayList<>();
        for (int v : values) {
            list.add(v);
        }
        return put(key, list);
    }

    /** Writes a finite float, in the shortest form that reads back as the same bits. */
    public ConfigWriter number(String key, float value) {
        if (!Float.isFinite(value)) {
            throw new IllegalArgumentException(
                    "model config: " + path + "." + key + " is " + value + "; a config holds finite numbers only");
        }
        return put(key, value);
    }

    /** Writes a boolean setting. */
    public ConfigWriter bool(String key, boolean value) {
        return put(key, value);
    }

    /** Writes a string setting. */
    public ConfigWriter string(String key, String value) {
        return put(key, value);
    }

    /** Writes a child layer as a nested config, with its own type and settings. */
    public ConfigWriter layer(String key, Module layer) {
        return put(key, context.layer(layer, path + "." + key));
    }

    /** Writes child layers as an array of nested configs. */
    public ConfigWriter layers(String key, List<? extends Module> layers) {
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            list.add(context.layer(layers.get(i), path + "." + key + "[" + i + "]"));
        }
        return put(key, list);
    }

    private ConfigWriter put(String key, Object value) {
        if (object.containsKey(key)) {
            throw new IllegalArgumentException("model config: " + path + "." + key + " written twice");
        }
        object.put(key, value);
        return this;
    }
}
