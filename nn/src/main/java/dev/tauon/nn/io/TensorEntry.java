package dev.tauon.nn.io;

import dev.tauon.core.Shapes;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** One tensor's entry in a safetensors header, checked: F32, a shape that fits a Java array, offsets that match it. */
record TensorEntry(String name, int[] shape, long begin, long end) {
    static TensorEntry parse(Path file, String name, Object value) throws WeightFileException {
        if (!(value instanceof Map)) {
            throw bad(file, name, "entry is not an object");
        }
        Map<?, ?> m = (Map<?, ?>) value;
        for (Object key : m.keySet()) {
            if (!key.equals("dtype") && !key.equals("shape") && !key.equals("data_offsets")) {
                throw bad(file, name, "unknown field \"" + key + "\"");
            }
        }
        Object dtype = m.get("dtype");
        if (!"F32".equals(dtype)) {
            throw bad(file, name, "dtype " + dtype + " is not supported (Tauon reads F32 only)");
        }
        long[] shape = longs(file, name, "shape", m.get("shape"));
        long[] offsets = longs(file, name, "data_offsets", m.get("data_offsets"));
        if (offsets.length != 2 || offsets[1] < offsets[0]) {
            throw bad(file, name, "data_offsets must be [begin, end] with begin <= end");
        }
        int[] s = new int[shape.length];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            // read through one byte buffer, so the data must fit in 2^31-1 bytes
            if (shape[i] > Integer.MAX_VALUE || (count *= shape[i]) > Integer.MAX_VALUE / 4) {
                throw bad(file, name, "shape is too large for one Java array (at most 2^31-1 bytes)");
            }
            s[i] = (int) shape[i];
        }
        if (offsets[1] - offsets[0] != 4 * count) {
            throw bad(file, name, "shape " + Shapes.str(s) + " needs " + 4 * count + " bytes but data_offsets ["
                    + offsets[0] + ", " + offsets[1] + "] hold " + (offsets[1] - offsets[0]));
        }
        return new TensorEntry(name, s, offsets[0], offsets[1]);
    }

    private static long[] longs(Path file, String name, String field, Object v) throws WeightFileException {
        if (!(v instanceof List)) {
            throw bad(file, name, field + " is missing or not an array");
        }
        List<?> list = (List<?>) v;
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Long)) {
                throw bad(file, name, field + " must hold integers");
            }
            out[i] = (Long) list.get(i);
        }
        return out;
    }

    private static WeightFileException bad(Path file, String name, String problem) {
        return new WeightFileException(file, "tensor '" + name + "': " + problem);
    }
}
