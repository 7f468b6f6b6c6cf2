package dev.tauon.nn.config;

import dev.tauon.core.io.Excerpt;
import dev.tauon.nn.Module;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A layer's settings as a {@link LayerCodec} reads them: one JSON object from the config, each
 * setting taken by type and checked against a range, with errors that name the source, the JSON
 * path ({@code model.layers[3].units}) and the character offset. Every key asked for is noted;
 * any other key in the object is refused as unknown once the codec returns.
 */
public final class ConfigReader {
    private final Map<String, JsonValue> members;
    private final int offset;
    private final String path;
    private final ConfigReading context;
    private final Set<String> asked = new LinkedHashSet<>();

    ConfigReader(Map<String, JsonValue> members, int offset, String path, ConfigReading context) {
        this.members = members;
        this.offset = offset;
        this.path = path;
        this.context = context;
    }

    /** Where this object is, such as {@code model.layers[3]}. */
    public String path() {
        return path;
    }

    private String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** Whether the object has {@code key}. */
    public boolean has(String key) {
        asked.add(key);
        return members.containsKey(key);
    }

    /** Integer setting {@code key}, required, in {@code [min, max]}. */
    public int integer(String key, int min, int max) throws ModelConfigException {
        return integer(require(key), key, min, max);
    }

    /** Integer setting {@code key} in {@code [min, max]}, or {@code absent} if the object lacks it. */
    public int integer(String key, int absent, int min, int max) throws ModelConfigException {
        return has(key) ? integer(key, min, max) : absent;
    }

    /** An array of exactly {@code count} integers, each in {@code [min, max]}. */
    public int[] integers(String key, int count, int min, int max) throws ModelConfigException {
        List<JsonValue> items = array(key, count, count);
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = integer(items.get(i), key + "[" + i + "]", min, max);
        }
        return out;
    }

    /** An array of 1 to {@code maxCount} integers, each in {@code [min, max]}. */
    public int[] integers(String key, int minCount, int maxCount, int min, int max) throws ModelConfigException {
        List<JsonValue> items = array(key, minCount, maxCount);
        int[] out = new int[items.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = integer(items.get(i), key + "[" + i + "]", min, max);
        }
        return out;
    }

    /** Float setting {@code key}, required and finite. */
    public float number(String key) throws ModelConfigException {
        JsonValue v = require(key);
        if (!(v.value() instanceof JsonValue.Number n)) {
            throw error(key, v, "must be a number, found " + v.describe());
        }
        float f = Float.parseFloat(n.text());
        if (!Float.isFinite(f)) {
            throw error(key, v, "the number " + n.text() + " is beyond float's range");
        }
        return f;
    }

    /** Float setting {@code key}, finite, or {@code absent} if the object lacks it. */
    public float number(String key, float absent) throws ModelConfigException {
        return has(key) ? number(key) : absent;
    }

    /** Boolean setting {@code key}, or {@code absent} if the object lacks it. */
    public boolean bool(String key, boolean absent) throws ModelConfigException {
        if (!has(key)) {
            return absent;
        }
        JsonValue v = members.get(key);
        if (!(v.value() instanceof Boolean b)) {
            throw error(key, v, "must be true or false, found " + v.describe());
        }
        return b;
    }

    /** String setting {@code key}, required. */
    public String string(String key) throws ModelConfigException {
        JsonValue v = require(key);
        if (!(v.value() instanceof String s)) {
            throw error(key, v, "must be a string, found " + v.describe());
        }
        return s;
    }

    /** An array of {@code minCount} to {@code maxCount} strings. */
    public List<String> strings(String key, int minCount, int maxCount) throws ModelConfigException {
        List<JsonValue> items = array(key, minCount, maxCount);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i).value() instanceof String s)) {
                throw error(
                        key + "[" + i + "]",
                        items.get(i),
                        "must be a string, found " + items.get(i).describe());
            }
            out.add(s);
        }
        return out;
    }

    /**
     * Enum setting {@code key}, written as the constant's name in lower case ({@code "relu"},
     * {@code "same"}), or {@code absent} if the object lacks it.
     */
    public <E extends Enum<E>> E choice(String key, Class<E> type, E absent) throws ModelConfigException {
        if (!has(key)) {
            return absent;
        }
        String s = string(key);
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            String name = e.name().toLowerCase(Locale.ROOT);
            if (name.equals(s)) {
                return e;
            }
            names.add(name);
        }
        throw error(key, members.get(key), Excerpt.of(s) + " is not one of " + names);
    }

    /** A child layer, required. */
    public Module layer(String key) throws ModelConfigException {
        return context.layer(require(key), child(key));
    }

    /** A child layer, or {@code null} if the object lacks it. */
    public Module optionalLayer(String key) throws ModelConfigException {
        return has(key) ? layer(key) : null;
    }

    /** An array of at least {@code minCount} child layers. */
    public List<Module> layers(String key, int minCount) throws ModelConfigException {
        List<JsonValue> items = array(key, minCount, ModelConfig.MAX_LAYERS);
        List<Module> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            out.add(context.layer(items.get(i), child(key) + "[" + i + "]"));
        }
        return out;
    }

    /** An error about setting {@code key} (at its value's offset, or the object's if it is absent). */
    public ModelConfigException error(String key, String problem) {
        return error(key, members.get(key), problem);
    }

    private ModelConfigException error(String key, JsonValue at, String problem) {
        return context.error(child(key), at == null ? offset : at.offset(), problem);
    }

    private JsonValue require(String key) throws ModelConfigException {
        if (!has(key)) {
            throw context.error(path, offset, "missing setting \"" + key + "\"");
        }
        return members.get(key);
    }

    private List<JsonValue> array(String key, int minCount, int maxCount) throws ModelConfigException {
        JsonValue v = require(key);
        if (!(v.value() instanceof List<?> list)) {
            throw error(key, v, "must be an array, found " + v.describe());
        }
        if (list.size() < minCount || list.size() > maxCount) {
            throw error(
                    key,
                    v,
                    "has " + list.size() + " entries, must have "
                            + (minCount == maxCount ? "exactly " + minCount : minCount + " to " + maxCount));
        }
        @SuppressWarnings("unchecked")
        List<JsonValue> items = (List<JsonValue>) list;
        return items;
    }

    private int integer(JsonValue v, String key, int min, int max) throws ModelConfigException {
        if (!(v.value() instanceof JsonValue.Number n)) {
            throw error(key, v, "must be an integer, found " + v.describe());
        }
        String t = n.text();
        if (t.indexOf('.') >= 0 || t.indexOf('e') >= 0 || t.indexOf('E') >= 0) {
            throw error(key, v, "must be an integer, found " + t);
        }
        // at most 32 characters (JsonParser), so anything past 18 digits is out of every int range
        long value = t.length() > 18 ? (t.startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE) : Long.parseLong(t);
        if (value < min || value > max) {
            throw error(key, v, t + " must be " + min + " to " + max);
        }
        return (int) value;
    }

    /** Fails on keys of the object that no one asked for: a misspelt or unsupported setting. */
    void checkAllRead(String what) throws ModelConfigException {
        for (Map.Entry<String, JsonValue> e : members.entrySet()) {
            if (!asked.contains(e.getKey())) {
                // the object's path, not the key's: a key from the file is quoted short, never part of a path
                throw context.error(
                        path,
                        e.getValue().offset(),
                        "unknown setting " + Excerpt.of(e.getKey()) + " for " + what + " (known: "
                                + String.join(", ", asked) + ")");
            }
        }
    }
}
