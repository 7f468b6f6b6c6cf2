package dev.tauon.nn.config;

import dev.tauon.core.io.JsonStrings;
import dev.tauon.nn.Module;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns a module tree into config objects, then into JSON text. */
final class ConfigWriting {
    private final LayerCodecs codecs;
    private final Set<Module> seen = Collections.newSetFromMap(new IdentityHashMap<>());

    ConfigWriting(LayerCodecs codecs) {
        this.codecs = codecs;
    }

    /** The config object of {@code layer}: its type, its settings, and its frozen parameters if any. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    Map<String, Object> layer(Module layer, String path) {
        String type = codecs.typeOf(layer.getClass());
        if (type == null) {
            throw new IllegalArgumentException("model config: " + path + " is " + layer.name() + " ("
                    + layer.getClass().getName() + "), not a built-in layer; register a codec for it"
                    + " (LayerCodecs.with) or rebuild the model in code and use Weights.load");
        }
        if (!seen.add(layer)) {
            throw new IllegalArgumentException("model config: " + path + " is " + layer.name()
                    + ", a layer already used elsewhere in the model; a config cannot express a shared layer");
        }
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("type", type);
        ((LayerCodec) codecs.codec(type)).write(layer, new ConfigWriter(object, this, path));
        List<Object> frozen = new ArrayList<>();
        layer.parameters().forEach((name, p) -> {
            if (name.indexOf('.') < 0 && !p.requiresGrad()) {
                frozen.add(name);
            }
        });
        if (!frozen.isEmpty()) {
            object.put("frozen", frozen);
        }
        return object;
    }

    /** Compact JSON of a tree of maps, lists, strings, numbers and booleans. */
    static String json(Object value) {
        StringBuilder sb = new StringBuilder();
        append(sb, value);
        return sb.toString();
    }

    private static void append(StringBuilder sb, Object value) {
        if (value instanceof Map<?, ?> map) {
            sb.append('{');
            String sep = "";
            for (Map.Entry<?, ?> e : map.entrySet()) {
                sb.append(sep).append(JsonStrings.quote((String) e.getKey())).append(':');
                append(sb, e.getValue());
                sep = ",";
            }
            sb.append('}');
        } else if (value instanceof List<?> list) {
            sb.append('[');
            for (int i = 0; i < list.size(); i++) {
                sb.append(i == 0 ? "" : ",");
                append(sb, list.get(i));
            }
            sb.append(']');
        } else if (value instanceof String s) {
            sb.append(JsonStrings.quote(s));
        } else if (value instanceof Float f) {
            sb.append(Float.toString(f)); // the shortest decimal that reads back as the same float
        } else {
            sb.append(value); // Integer, Boolean
        }
    }
}
