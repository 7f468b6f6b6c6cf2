package dev.tauon.onnx;

import static dev.tauon.onnx.LayerExporters.child;
import static dev.tauon.onnx.OnnxAttribute.ofInt;

import dev.tauon.core.io.AtomicFiles;
import dev.tauon.nn.Module;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.io.Int8Tensor;
import dev.tauon.nn.layers.Conv2D;
import dev.tauon.nn.quantize.Int8Layer;
import dev.tauon.nn.quantize.QuantizedModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes a {@link QuantizedModel} as an ONNX model in the QDQ form (QuantizeLinear and
 * DequantizeLinear around float operators), opset 17, with the input and output of {@link
 * OnnxExport}. Each int8 layer becomes:
 *
 * <ul>
 *   <li>its input clipped to {@code [-127 s, 127 s]} ({@code Clip}; Tauon's symmetric int8 stops at
 *       -127 where QuantizeLinear would give -128), then {@code QuantizeLinear} to int8 with the
 *       calibrated scale {@code s} and zero point 0, then {@code DequantizeLinear};
 *   <li>its weights as an INT8 constant, output channels first, with one scale per output channel
 *       ({@code DequantizeLinear}, axis 0, zero points 0): a Dense as {@code Gemm} with {@code transB
 *       = 1} on its {@code [units, inputs]} weight, a Conv2D as {@code Conv} on its OIHW weight;
 *   <li>its bias as the INT32 values Tauon adds to its integer sums, at scale {@code s *
 *       weightScale} ({@code DequantizeLinear}, axis 0), as the standard QDQ pattern has it;
 *   <li>its activation in float.
 * </ul>
 *
 * <p>Layers that run in float in the quantised model are written as {@link OnnxExport} writes them.
 * The quantisation steps are Tauon's to the bit (QuantizeLinear divides by the scale and rounds half
 * to even, as Tauon does); the layers' sums are not: a runtime sums dequantised floats where Tauon
 * sums integers exactly, so outputs differ by float rounding, and, where that moves a value across a
 * rounding boundary of the next quantisation, by one quantisation step of that value.
 */
public final class QuantizedOnnxExport {
    /** The largest magnitude of Tauon's symmetric int8 values. */
    private static final int QMAX = 127;

    private QuantizedOnnxExport() {}

    /**
     * The ONNX model of {@code model} for examples of shape {@code inputShape} (without the batch
     * dimension), as the bytes of an {@code .onnx} file.
     *
     * @throws IllegalArgumentException naming the layer, if a layer that runs in float has no exporter
     */
    public static byte[] toBytes(QuantizedModel model, int... inputShape) {
        return toBytes(model, false, inputShape);
    }

    /**
     * {@link #toBytes} with a {@code Softmax} over axis 1 appended unless the model already ends in
     * one: the file's output is class probabilities.
     */
    public static byte[] toBytesWithProbabilities(QuantizedModel model, int... inputShape) {
        return toBytes(model, true, inputShape);
    }

    /** Writes {@link #toBytes} to {@code file}, through a temporary file renamed into place. */
    public static void write(QuantizedModel model, Path file, int... inputShape) throws IOException {
        AtomicFiles.write(file, toBytes(model, inputShape));
    }

    /** Writes {@link #toBytesWithProbabilities} to {@code file}, through a temporary file renamed into place. */
    public static void writeProbabilities(QuantizedModel model, Path file, int... inputShape) throws IOException {
        AtomicFiles.write(file, toBytesWithProbabilities(model, inputShape));
    }

    private static byte[] toBytes(QuantizedModel model, boolean probabilities, int... inputShape) {
        Objects.requireNonNull(model, "model");
        Sequential floats = model.model();
        return OnnxExport.toBytes(floats, probabilities, inputShape, g -> {
            String value = OnnxExport.INPUT;
            int[] shape = inputShape.clone();
            for (int i = 0; i < model.layers().size(); i++) {
                Module layer = model.layers().get(i);
                String path = model.layerPaths().get(i);
                Optional<Int8Layer> q = model.int8Layer(i);
                value = q.isPresent()
                        ? int8Layer(q.get(), value, shape, path, g)
                        : OnnxExport.export(layer, value, shape, path, g);
                shape = layer.outputShape(shape);
            }
            return value;
        });
    }

    private static String int8Layer(Int8Layer q, String x, int[] shape, String path, ExportGraph g) {
        String input = quantized(x, q.inputScale(), child(path, "input"), g);
        int outputs = q.weightScale().length;
        List<String> inputs = new ArrayList<>(List.of(input, weight(q.weight(), q.weightScale(), path, g)));
        if (q.bias() != null) {
            String bias = g.int32s(child(path, "bias"), q.bias(), outputs);
            inputs.add(dequantized(
                    bias,
                    g.constant(child(path, "bias_scale"), q.outputScale(), outputs),
                    g.int32s(child(path, "bias_zero_point"), new int[outputs], outputs),
                    child(path, "bias"),
                    g));
        }
        String y = q.layer() instanceof Conv2D c
                ? LayerExporters.conv(c, inputs, shape, path, g)
                : g.node(path, "Gemm", inputs, ofInt("transB", 1));
        return ActivationExport.apply(q.layer().activation(), y, path, g);
    }

    /** {@code x} as Tauon's int8 input quantisation sees it: clipped, quantised and dequantised. */
    private static String quantized(String x, float scale, String path, ExportGraph g) {
        String s = g.scalar(child(path, "scale"), scale);
        String zero = g.int8s(child(path, "zero_point"), new byte[1]);
        float limit = QMAX * scale;
        String clipped = g.node(
                path, "Clip", List.of(x, g.scalar(child(path, "min"), -limit), g.scalar(child(path, "max"), limit)));
        String q = g.node(path, "QuantizeLinear", List.of(clipped, s, zero));
        return g.node(path, "DequantizeLinear", List.of(q, s, zero));
    }

    /** The int8 weight, output channels first, dequantised with one scale per output channel. */
    private static String weight(Int8Tensor w, float[] scale, String path, ExportGraph g) {
        long[] dims = Arrays.stream(w.shape()).asLongStream().toArray();
        String weight = g.int8s(child(path, "weight"), w.data(), dims);
        return dequantized(
                weight,
                g.constant(child(path, "weight_scale"), scale, scale.length),
                g.int8s(child(path, "weight_zero_point"), new byte[scale.length], scale.length),
                child(path, "weight"),
                g);
    }

    private static String dequantized(String q, String scale, String zero, String path, ExportGraph g) {
        return g.node(path, "DequantizeLinear", List.of(q, scale, zero), ofInt("axis", 0));
    }
}
