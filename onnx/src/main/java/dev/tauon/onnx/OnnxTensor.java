package dev.tauon.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A constant of the graph (an initializer, or a Constant node's value): its name, dimensions, and
 * its values as floats or as 64-bit integers (the two element types Tauon's operators need), or, for
 * the int8 and int32 constants of a quantised model's export, as the little-endian bytes of ONNX
 * data type {@code rawType}.
 */
record OnnxTensor(String name, long[] dims, float[] floats, long[] longs, int rawType, byte[] raw) {

    static OnnxTensor ofFloats(String name, float[] values, long... dims) {
        return new OnnxTensor(name, dims, values, null, 0, null);
    }

    static OnnxTensor ofLongs(String name, long[] values, long... dims) {
        return new OnnxTensor(name, dims, null, values, 0, null);
    }

    static OnnxTensor ofInt8(String name, byte[] values, long... dims) {
        return new OnnxTensor(name, dims, null, null, OnnxFields.INT8, values);
    }

    static OnnxTensor ofInt32(String name, int[] values, long... dims) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asIntBuffer().put(values);
        return new OnnxTensor(name, dims, null, null, OnnxFields.INT32, bytes.array());
    }

    boolean isFloat() {
        return floats != null;
    }

    int[] intDims() {
        return Arrays.stream(dims).mapToInt(d -> (int) d).toArray();
    }

    long size() {
        if (raw != null) {
            return raw.length / (rawType == OnnxFields.INT32 ? Integer.BYTES : 1);
        }
        return isFloat() ? floats.length : longs.length;
    }
}
