package dev.tauon.onnx;

import dev.tauon.core.io.Excerpt;
import java.util.List;
import java.util.Map;

/** One operator of the graph: its name, type, input and output value names, and attributes by name. */
record OnnxNode(
        String name,
        String opType,
        String domain,
        List<String> inputs,
        List<String> outputs,
        Map<String, OnnxAttribute> attributes) {

    /** How error messages name the node: {@code node "conv1" of type "Conv"}. */
    String describe() {
        return "node " + Excerpt.of(name) + " of type " + Excerpt.of(opType);
    }
}
