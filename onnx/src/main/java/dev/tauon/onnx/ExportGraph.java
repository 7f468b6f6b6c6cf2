package dev.tauon.onnx;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The graph an export is building: nodes in the order they run and constants, with unique names.
 * A node's one output value is named like the node, so a value in the graph says which layer made
 * it ({@code 1.block.0/Conv}).
 */
final class ExportGraph {
    private final List<OnnxNode> nodes = new ArrayList<>();
    private final List<OnnxTensor> initializers = new ArrayList<>();
    private final Set<String> names = new HashSet<>();

    /** Adds a node {@code op} reading {@code inputs}; returns the name of its output. */
    String node(String path, String op, List<String> inputs, OnnxAttribute... attributes) {
        String name = unique(path.isEmpty() ? op : path + "/" + op);
        Map<String, OnnxAttribute> byName = new LinkedHashMap<>();
        for (OnnxAttribute a : attributes) {
            byName.put(a.name(), a);
        }
        nodes.add(new OnnxNode(name, op, "", List.copyOf(inputs), List.of(name), byName));
        return name;
    }

    /** Adds a float constant; returns its name. */
    String constant(String name, float[] values, long... dims) {
        String unique = unique(name);
        initializers.add(OnnxTensor.ofFloats(unique, values.clone(), dims));
        return unique;
    }

    /** Adds a float scalar (rank 0); returns its name. */
    String scalar(String name, float value) {
        return constant(name, new float[] {value});
    }

    /** Adds an int8 constant; returns its name. */
    String int8s(String name, byte[] values, long... dims) {
        String unique = unique(name);
        initializers.add(OnnxTensor.ofInt8(unique, values.clone(), dims));
        return unique;
    }

    /** Adds an int32 constant; returns its name. */
    String int32s(String name, int[] values, long... dims) {
        String unique = unique(name);
        initializers.add(OnnxTensor.ofInt32(unique, values, dims));
        return unique;
    }

    /** Adds a 64-bit integer constant of rank 1; returns its name. */
    String int64s(String name, long... values) {
        String unique = unique(name);
        initializers.add(OnnxTensor.ofLongs(unique, values.clone(), values.length));
        return unique;
    }

    /**
     * The finished graph, whose output is named {@code output}: the last node's output is renamed,
     * or an Identity node added where the value comes from elsewhere (a model that ends in Dropout
     * after the input, say).
     */
    OnnxGraph finish(String input, String last, int[] inputShape, int[] outputShape) {
        List<OnnxNode> all = new ArrayList<>(nodes);
        OnnxNode tail = all.isEmpty() ? null : all.get(all.size() - 1);
        if (tail != null && tail.outputs().get(0).equals(last)) {
            all.set(
                    all.size() - 1,
                    new OnnxNode(
                            tail.name(),
                            tail.opType(),
                            tail.domain(),
                            tail.inputs(),
                            List.of(OnnxExport.OUTPUT),
                            tail.attributes()));
        } else {
            all.add(new OnnxNode(
                    unique("Identity"), "Identity", "", List.of(last), List.of(OnnxExport.OUTPUT), Map.of()));
        }
        return new OnnxGraph(
                "tauon",
                all,
                List.copyOf(initializers),
                List.of(new OnnxGraph.ValueInfo(input, batched(inputShape))),
                List.of(new OnnxGraph.ValueInfo(OnnxExport.OUTPUT, batched(outputShape))),
                OnnxFields.OPSET);
    }

    /** {@code -1} (the dynamic batch) followed by the example's shape. */
    private static long[] batched(int[] shape) {
        long[] dims = new long[shape.length + 1];
        dims[0] = -1;
        for (int i = 0; i < shape.length; i++) {
            dims[i + 1] = shape[i];
        }
        return dims;
    }

    private String unique(String base) {
        String name = base;
        for (int k = 1; !names.add(name); k++) {
            name = base + "_" + k;
        }
        return name;
    }
}
