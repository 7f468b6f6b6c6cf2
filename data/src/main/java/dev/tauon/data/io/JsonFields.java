package dev.tauon.data.io;

import dev.tauon.core.io.Excerpt;
import dev.tauon.data.DatasetFormatException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The fields of one JSON object read by {@link Json}, taken by type: a field that is absent or of
 * another type is an error naming the file, the object's path and the key.
 */
public final class JsonFields {
    private final Map<?, ?> object;
    private final String source;
    private final String path;

    private JsonFields(Map<?, ?> object, String source, String path) {
        this.object = object;
        this.source = source;
        this.path = path;
    }

    /**
     * {@code value}, which must be a JSON object.
     *
     * @param source the file, for errors
     * @param path   where the object is, e.g. {@code "encoding.columns[3]"}, for errors
     */
    public static JsonFields of(Object value, String source, String path) throws DatasetFormatException {
        if (!(value instanceof Map<?, ?> map)) {
            throw new DatasetFormatException(source, -1, path + " should be a JSON object, found " + describe(value));
        }
        return new JsonFields(map, source, path);
    }

    /** The file the object was read from, for errors. */
    public String source() {
        return source;
    }

    /** Whether the object has {@code key} (with any value, null included). */
    public boolean has(String key) {
        return object.containsKey(key);
    }

    /** Field {@code key}, which must be an object. */
    public JsonFields object(String key) throws DatasetFormatException {
        return of(require(key), source, where(key));
    }

    /** Field {@code key}, which must be a string. */
    public String string(String key) throws DatasetFormatException {
        Object v = require(key);
        if (!(v instanceof String s)) {
            throw wrong(key, "a string", v);
        }
        return s;
    }

    /** A string, or null when the field holds null. */
    public String stringOrNull(String key) throws DatasetFormatException {
        return require(key) == null ? null : string(key);
    }

    /** Field {@code key}, which must be {@code true} or {@code false}. */
    public boolean bool(String key) throws DatasetFormatException {
        Object v = require(key);
        if (!(v instanceof Boolean b)) {
            throw wrong(key, "true or false", v);
        }
        return b;
    }

    /** Whether field {@code key} is present and holds null. */
    public boolean isNull(String key) {
        return object.containsKey(key) && object.get(key) == null;
    }

    /** Field {@code key}, which must be a number. */
    public double number(String key) throws DatasetFormatException {
        Object v = require(key);
        if (!(v instanceof Double d)) {
            throw wrong(key, "a number", v);
        }
        return d;
    }

    /** An integer within {@code min .. max}. */
    public int integer(String key, int min, int max) throws DatasetFormatException {
        double d = number(key);
        if (d != Math.rint(d) || d < min || d > max) {
            throw new DatasetFormatException(
                    source, -1, where(key) + " should be a whole number in " + min + ".." + max + ", found " + d);
        }
        return (int) d;
    }

    /** An array of objects. */
    public List<JsonFields> objects(String key) throws DatasetFormatException {
        List<?> list = list(key);
        List<JsonFields> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            out.add(of(list.get(i), source, where(key) + "[" + i + "]"));
        }
        return out;
    }

    /** Field {@code key}, which must be an array of strings. */
    public List<String> strings(String key) throws DatasetFormatException {
        List<?> list = list(key);
        List<String> out = new ArrayList<>();
        for (Object v : list) {
            if (!(v instanceof String s)) {
                throw wrong(key, "an array of strings", v);
            }
            out.add(s);
        }
        return out;
    }

    /** An array of numbers, each of which must be a finite float. */
    public float[] floats(String key) throws DatasetFormatException {
        List<?> list = list(key);
        float[] out = new float[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Double d) || !Float.isFinite(d.floatValue())) {
                throw wrong(key, "an array of finite float numbers", list.get(i));
            }
            out[i] = d.floatValue();
        }
        return out;
    }

    private List<?> list(String key) throws DatasetFormatException {
        Object v = require(key);
        if (!(v instanceof List<?> list)) {
            throw wrong(key, "an array", v);
        }
        return list;
    }

    private Object require(String key) throws DatasetFormatException {
        if (!object.containsKey(key)) {
            throw new DatasetFormatException(source, -1, path + " has no key " + Excerpt.of(key));
        }
        return object.get(key);
    }

    private String where(String key) {
        return path + "." + key;
    }

    private DatasetFormatException wrong(String key, String expected, Object found) {
        return new DatasetFormatException(
                source, -1, where(key) + " should be " + expected + ", found " + describe(found));
    }

    private static String describe(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String s) {
            return "the string " + Excerpt.of(s);
        }
        if (v instanceof Map) {
            return "an object";
        }
        if (v instanceof List) {
            return "an array";
        }
        return Excerpt.of(String.valueOf(v));
    }
}
