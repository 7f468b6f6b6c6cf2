package dev.tauon.onnx;

/**
 * A node's attribute: its name, its ONNX type ({@code OnnxFields.TYPE_*}) and the one value that
 * type holds (the others stay 0 or {@code null}).
 */
record OnnxAttribute(String name, int type, float f, long i, String s, long[] ints, float[] floats, OnnxTensor t) {

    static OnnxAttribute ofInt(String name, long value) {
        return new OnnxAttribute(name, OnnxFields.TYPE_INT, 0, value, null, null, null, null);
    }

    static OnnxAttribute ofFloat(String name, float value) {
        return new OnnxAttribute(name, OnnxFields.TYPE_FLOAT, value, 0, null, null, null, null);
    }

    static OnnxAttribute ofInts(String name, long... values) {
        return new OnnxAttribute(name, OnnxFields.TYPE_INTS, 0, 0, null, values, null, null);
    }

    static OnnxAttribute ofString(String name, String value) {
        return new OnnxAttribute(name, OnnxFields.TYPE_STRING, 0, 0, value, null, null, null);
    }

    static OnnxAttribute ofTensor(String name, OnnxTensor value) {
        return new OnnxAttribute(name, OnnxFields.TYPE_TENSOR, 0, 0, null, null, null, value);
    }
}
