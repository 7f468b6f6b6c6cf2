package dev.tauon.onnx;

import java.util.Arrays;

/**
 * A constant of the graph (an initializer, or a Constant node's value): its name, dimensions, and
 * its values as floats or as 64-bit integers (the two element types Tauon's operators need).
 */
record OnnxTensor(String name, long[] dims, float[] floats, long[] longs) {

    static OnnxTensor ofFloats(String name, float[] values, long... dims) {
        return new OnnxTensor(name, dims, values, null);
    }

    static OnnxTensor ofLongs(String name, long[] values, long... dims) {
        return new OnnxTensor(name, dims, null, values);
    }

    boolean isFloat() {
        return floats != null;
    }

    int[] intDims() {
        return Arrays.stream(dims).mapToInt(d -> (int) d).toArray();
    }

    long size() {
        return isFloat() ? floats.length : longs.length;
    }
}
