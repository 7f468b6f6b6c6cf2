package dev.tauon.onnx;

import dev.tauon.core.io.AtomicFiles;
import dev.tauon.nn.Module;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Writes a model of built-in layers ({@code dev.tauon.nn.layers}, in {@link dev.tauon.nn.Sequential},
 * {@code Residual} and {@code Concatenate} containers, nested freely) as an ONNX model: opset 17,
 * IR version 8, one float input named {@code input} whose first dimension (the batch) is dynamic,
 * one output named {@code output}. The model is written as it computes in evaluation mode (Dropout
 * left out, BatchNorm with its running statistics), whatever mode it is in; the weights are copied
 * as they are. Constants are named like the state dict's entries ({@code 0.weight}), nodes by the
 * layer's dotted name and the operator ({@code 0/Gemm}).
 *
 * <pre>{@code
 * OnnxExport.write(model, Path.of("model.onnx"), 3, 32, 32);   // per-example shape, NCHW
 * }</pre>
 *
 * <p>ONNX Runtime gives the same outputs as Tauon up to float rounding (the tests check a relative
 * error below 1e-5 for every layer). A layer class without an exporter, such as a custom module or
 * a subclass of a built-in layer, is refused with an {@link IllegalArgumentException} naming it.
 */
public final class OnnxExport {
    /** The name of the graph's input. */
    public static final String INPUT = "input";
    /** The name of the graph's output. */
    public static final String OUTPUT = "output";

    private OnnxExport() {}

    /**
     * The ONNX model of {@code model} for examples of shape {@code inputShape} (without the batch
     * dimension, as given to {@link Module#build(int...)}), as the bytes of an {@code .onnx} file.
     * The model must be built.
     */
    public static byte[] toBytes(Module model, int... inputShape) {
        return toBytes(model, false, inputShape);
    }

    /**
     * {@link #toBytes} with a {@code Softmax} over axis 1 appended unless the model already ends in
     * one ({@link Module#endsInSoftmax()}): the file's output is class probabilities, whether the
     * model gives logits or probabilities.
     */
    public static byte[] toBytesWithProbabilities(Module model, int... inputShape) {
        return toBytes(model, true, inputShape);
    }

    /** Writes {@link #toBytesWithProbabilities} to {@code file}, through a temporary file renamed into place. */
    public static void writeProbabilities(Module model, Path file, int... inputShape) throws IOException {
        AtomicFiles.write(file, toBytesWithProbabilities(model, inputShape));
    }

    private static byte[] toBytes(Module model, boolean probabilities, int... inputShape) {
        return toBytes(model, probabilities, inputShape, g -> export(model, INPUT, inputShape.clone(), "", g));
    }

    /** Writes the nodes that compute a model from the graph's input; returns the value they end in. */
    @FunctionalInterface
    interface Body {
        String write(ExportGraph g);
    }

    /**
     * The file of a graph whose nodes {@code body} writes, with the input, output and Softmax (if
     * {@code probabilities} and {@code model} does not end in one) that every export has.
     */
    static byte[] toBytes(Module model, boolean probabilities, int[] inputShape, Body body) {
        Objects.requireNonNull(model, "model");
        int[] outputShape = model.outputShape(inputShape.clone());
        ExportGraph g = new ExportGraph();
        String last = body.write(g);
        if (probabilities && !model.endsInSoftmax()) {
            last = g.node("probabilities", "Softmax", List.of(last), OnnxAttribute.ofInt("axis", 1));
        }
        String version = OnnxExport.class.getPackage().getImplementationVersion();
        return OnnxWriter.model(g.finish(INPUT, last, inputShape, outputShape), version == null ? "dev" : version);
    }

    /** Writes {@link #toBytes} to {@code file}, through a temporary file renamed into place. */
    public static void write(Module model, Path file, int... inputShape) throws IOException {
        AtomicFiles.write(file, toBytes(model, inputShape));
    }

    /** Whether layers of exactly this class can be exported. */
    public static boolean supports(Class<? extends Module> layerClass) {
        return LayerExporters.of(layerClass) != null;
    }

    /** Adds the nodes of {@code m}, named from {@code path}, on the value {@code input}; returns their output. */
    static String export(Module m, String input, int[] shape, String path, ExportGraph g) {
        LayerExporter exporter = LayerExporters.of(m.getClass());
        if (exporter == null) {
            throw new IllegalArgumentException("ONNX export: " + (path.isEmpty() ? "the model" : "layer " + path) + " "
                    + m.name() + " (" + m.getClass().getName() + ") has no ONNX exporter; only the built-in layers of"
                    + " dev.tauon.nn.layers and Sequential can be exported");
        }
        return exporter.export(m, input, shape, path, g, (child, x, s, p) -> export(child, x, s, p, g));
    }
}
