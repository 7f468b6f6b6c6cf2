package dev.tauon.nn.io;

import dev.tauon.core.Shapes;
import dev.tauon.core.io.Excerpt;

/**
 * One tensor's entry in a safetensors header, checked: a shape that fits a Java array, offsets that
 * match it at the dtype's element size.
 *
 * @param keyOffset where the entry's name is in the file, for errors found after parsing
 */
record TensorEntry(String name, long keyOffset, int[] shape, long begin, long end, Dtype dtype) {

    /** Checks an entry's shape and data offsets ([begin, end]); the parser has checked their syntax. */
    static TensorEntry of(
            HeaderJson json,
            String name,
            long keyOffset,
            long[] shape,
            long shapeAt,
            long[] offsets,
            long offsetsAt,
            Dtype dtype)
            throws WeightFileException {
        int elementBytes = dtype.bytes;
        if (offsets[1] < offsets[0]) {
            throw json.malformed(
                    offsetsAt,
                    "tensor " + Excerpt.of(name) + ": data_offsets must be [begin, end]" + " with begin <= end, found ["
                            + offsets[0] + ", " + offsets[1] + "]");
        }
        int[] s = new int[shape.length];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            // read into one float or byte array, and the data must fit in 2^31-1 bytes
            if (shape[i] > Integer.MAX_VALUE || (count *= shape[i]) > Integer.MAX_VALUE / elementBytes) {
                throw json.unusable(
                        shapeAt,
                        "tensor " + Excerpt.of(name)
                                + ": shape is too large for one Java array (at most 2^31-1 bytes)");
            }
            s[i] = (int) shape[i];
        }
        if (offsets[1] - offsets[0] != elementBytes * count) {
            throw json.malformed(
                    offsetsAt,
                    "tensor " + Excerpt.of(name) + ": shape " + Shapes.str(s) + " needs "
                            + elementBytes * count + " bytes but data_offsets [" + offsets[0] + ", " + offsets[1]
                            + "] hold "
                            + (offsets[1] - offsets[0]));
        }
        return new TensorEntry(name, keyOffset, s, offsets[0], offsets[1], dtype);
    }

    /** The bytes of one element. */
    int elementBytes() {
        return dtype.bytes;
    }

    /** The number of elements. */
    int size() {
        return (int) ((end - begin) / dtype.bytes);
    }
}
