package dev.tauon.onnx;

import java.util.List;

/**
 * The parts of an ONNX model Tauon reads and writes: the operators in order, the constants, and the
 * graph's inputs and outputs with their shapes (a dimension below 0 is a named, dynamic one such as
 * the batch).
 */
record OnnxGraph(
        String name,
        List<OnnxNode> nodes,
        List<OnnxTensor> initializers,
        List<ValueInfo> inputs,
        List<ValueInfo> outputs,
        long opset) {

    /** A graph input or output: a float tensor's name and shape. */
    record ValueInfo(String name, long[] dims) {}
}
