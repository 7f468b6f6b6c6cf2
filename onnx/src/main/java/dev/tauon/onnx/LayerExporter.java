package dev.tauon.onnx;

import dev.tauon.nn.Module;

/** Writes one kind of layer into the graph as ONNX nodes, in evaluation mode. */
@FunctionalInterface
interface LayerExporter {
    /**
     * Adds the nodes that compute {@code layer} on the value {@code input} (per-example shape
     * {@code inputShape}); returns the name of the value they produce. {@code path} is the layer's
     * dotted name in the model, the prefix of its nodes and constants; {@code children} exports a
     * container's children into the same graph {@code g}.
     */
    String export(Module layer, String input, int[] inputShape, String path, ExportGraph g, ModuleExporter children);

    /** Exports a child module, as containers need. */
    @FunctionalInterface
    interface ModuleExporter {
        String export(Module child, String input, int[] inputShape, String path);
    }
}
