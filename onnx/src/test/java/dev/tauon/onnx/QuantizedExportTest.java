package dev.tauon.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import dev.tauon.core.Generator;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Activation;
import dev.tauon.nn.Module;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.layers.AvgPool2D;
import dev.tauon.nn.layers.BatchNorm2D;
import dev.tauon.nn.layers.Conv2D;
import dev.tauon.nn.layers.Dense;
import dev.tauon.nn.layers.Dropout;
import dev.tauon.nn.layers.Flatten;
import dev.tauon.nn.layers.GELU;
import dev.tauon.nn.layers.GlobalMaxPool2D;
import dev.tauon.nn.layers.MaxPool2D;
import dev.tauon.nn.layers.Padding;
import dev.tauon.nn.layers.ReLU;
import dev.tauon.nn.layers.Residual;
import dev.tauon.nn.quantize.Calibrator;
import dev.tauon.nn.quantize.Int8Layer;
import dev.tauon.nn.quantize.QuantizedModel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Quantised models exported in the QDQ form, run in ONNX Runtime and compared with {@link
 * QuantizedModel#predict}: the same class on every row, and every logit within {@link #STEPS}
 * quantisation steps of the last int8 layer's input (one step moves a logit by at most {@code
 * inputScale * max|w|}) plus float rounding. Where no quantisation follows, the two agree to float
 * rounding.
 */
class QuantizedExportTest {
    /** How many of the last layer's input steps a logit may be off, for values that cross a rounding boundary. */
    static final double STEPS = 2;

    static final int ROWS = 64;

    @Test
    void anMlpGivesTheSameClassesAndLogitsWithinTwoSteps() throws Exception {
        Sequential model = new Sequential(
                new Flatten(),
                new Dense(32, Activation.RELU),
                new Dropout(0.2f),
                new Dense(16, Activation.TANH),
                new Dense(10));
        model.build(new Generator(3), 1, 8, 8);
        QuantizedModel q = quantize(model, Calibrator.minMax(), 1, 8, 8);
        assertEquals(List.of(1, 3, 4), q.quantizedLayers());
        check(q, 1, 8, 8);
    }

    @Test
    void aSmallCnnWithPaddingAndPoolingGivesTheSameClassesAndLogitsWithinTwoSteps() throws Exception {
        Sequential model = new Sequential(
                new Conv2D(8, 3, Activation.RELU).padding(Padding.SAME),
                new MaxPool2D(2),
                new Conv2D(16, 3, Activation.RELU),
                new AvgPool2D(2),
                new Flatten(),
                new Dense(10));
        model.build(new Generator(4), 3, 16, 16);
        QuantizedModel q = quantize(model, Calibrator.percentile(99.9), 3, 16, 16);
        assertEquals(List.of(0, 2, 5), q.quantizedLayers());
        check(q, 3, 16, 16);
    }

    @Test
    void layersThatRunInFloatAreWrittenAsTheFloatExporterWritesThem() throws Exception {
        Sequential model = new Sequential(
                new Conv2D(8, 3).padding(Padding.SAME).useBias(false),
                new BatchNorm2D(),
                new ReLU(),
                new Residual(new Sequential(new Conv2D(8, 3, Activation.RELU).padding(Padding.SAME))),
                new MaxPool2D(2),
                new Flatten(),
                new Dense(10));
        model.build(new Generator(5), 2, 8, 8);
        LayerExportTest.randomiseBatchNorms(model, new Generator(6));
        QuantizedModel q = quantize(model, Calibrator.minMax(), 2, 8, 8);
        assertEquals(List.of(0, 6), q.quantizedLayers(), "the Residual's convolution stays in float");
        check(q, 2, 8, 8);
        // Names are plain UTF-8 in the protobuf, float constants little-endian raw data.
        byte[] file = QuantizedOnnxExport.toBytes(q, 2, 8, 8);
        String text = new String(file, StandardCharsets.ISO_8859_1);
        for (String node : List.of(
                "1/BatchNormalization",
                "3.block.0/Conv",
                "0.weight/DequantizeLinear",
                "6.input/Clip",
                "6.input/QuantizeLinear",
                "6.bias/DequantizeLinear")) {
            assertTrue(text.contains(node), node);
        }
        float[] nested = model.stateDict().get("3.block.0.weight").data();
        ByteBuffer raw = ByteBuffer.allocate(nested.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(nested);
        assertTrue(text.contains(new String(raw.array(), StandardCharsets.ISO_8859_1)), "the float weight as it is");
        OnnxFormatException e =
                assertThrows(OnnxFormatException.class, () -> OnnxImport.fromBytes(file, "quantised.onnx"));
        assertTrue(e.getMessage().contains("has data type 3"), "the importer reads no INT8: " + e.getMessage());
    }

    @Test
    void convolutionsInsidePlainSequentialBlocksAreExportedInInt8() throws Exception {
        // airbench's shape: a stem, then groups of conv, pool, BatchNorm, GELU, conv, BatchNorm, GELU
        Sequential model = new Sequential(
                new Conv2D(6, 2),
                new GELU(),
                new Sequential(
                        new Conv2D(8, 3).padding(Padding.SAME).useBias(false),
                        new MaxPool2D(2),
                        new BatchNorm2D(),
                        new GELU(),
                        new Conv2D(8, 3).padding(Padding.SAME).useBias(false),
                        new BatchNorm2D(),
                        new GELU()),
                new GlobalMaxPool2D(),
                new Dense(10).useBias(false));
        model.build(new Generator(13), 3, 9, 9);
        LayerExportTest.randomiseBatchNorms(model, new Generator(14));
        QuantizedModel q = quantize(model, Calibrator.percentile(99.9), 3, 9, 9);
        assertEquals(List.of(0, 2, 6, 10), q.quantizedLayers());
        check(q, 3, 9, 9);
        String text = new String(QuantizedOnnxExport.toBytes(q, 3, 9, 9), StandardCharsets.ISO_8859_1);
        for (String node :
                List.of("2.0.weight/DequantizeLinear", "2.4.input/QuantizeLinear", "2.2/BatchNormalization")) {
            assertTrue(text.contains(node), node);
        }
    }

    @Test
    void inputsBeyondTheCalibratedRangeStopAtMinus127AsTauonsDo() throws Exception {
        // One int8 layer and nothing after it: ONNX Runtime and Tauon differ by float rounding only, so
        // an input quantised to -128 instead of -127 (QuantizeLinear's own range) would show.
        Sequential model = new Sequential(new Dense(6, Activation.LINEAR));
        model.build(new Generator(7), 40);
        Tensor calibration = Tensor.randn(new Generator(8), 32, 40);
        QuantizedModel q = QuantizedModel.quantize(model, List.of(calibration), Calibrator.percentile(50));
        Tensor x = Tensor.randn(new Generator(9), 16, 40).mul(4f);
        Tensor expected = q.predict(x);
        Tensor actual = OrtRun.run(QuantizedOnnxExport.toBytes(q, 40), x);
        double error = Parity.relativeError(actual.data(), expected.data());
        assertTrue(error <= Parity.TOLERANCE, "relative error " + error);
    }

    @Test
    void probabilitiesAndFilesAsTheFloatExporterWritesThem(@TempDir Path dir) throws Exception {
        Sequential model = new Sequential(new Flatten(), new Dense(5, Activation.RELU), new Dense(3));
        model.build(new Generator(10), 2, 3);
        QuantizedModel q = quantize(model, Calibrator.minMax(), 2, 3);
        Tensor x = Tensor.randn(new Generator(12), 4, 2, 3);
        Tensor p = OrtRun.run(QuantizedOnnxExport.toBytesWithProbabilities(q, 2, 3), x);
        Tensor expected = q.predict(x).softmax(1);
        assertTrue(Parity.relativeError(p.data(), expected.data()) <= 1e-3, "probabilities");
        Path file = dir.resolve("model-int8.onnx");
        QuantizedOnnxExport.writeProbabilities(q, file, 2, 3);
        assertArrayEquals(QuantizedOnnxExport.toBytesWithProbabilities(q, 2, 3), Files.readAllBytes(file));
        QuantizedOnnxExport.write(q, file, 2, 3);
        assertArrayEquals(QuantizedOnnxExport.toBytes(q, 2, 3), Files.readAllBytes(file));
        try (var listing = Files.list(dir)) {
            assertEquals(1, listing.count(), "no temporary file is left behind");
        }
    }

    @Test
    void aLayerWithoutAnExporterIsRefusedByName() {
        Module custom = new Module() {
            @Override
            public Tensor forward(Tensor x) {
                return x.mul(x);
            }
        };
        Sequential model = new Sequential(new Flatten(), new Dense(4), custom);
        model.build(new Generator(13), 2, 2);
        QuantizedModel q = quantize(model, Calibrator.minMax(), 2, 2);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> QuantizedOnnxExport.toBytes(q, 2, 2));
        assertTrue(
                e.getMessage().contains("layer 2 ") && e.getMessage().contains("has no ONNX exporter"), e.getMessage());
    }

    private static QuantizedModel quantize(Sequential model, Calibrator calibrator, int... shape) {
        return QuantizedModel.quantize(model, List.of(Tensor.randn(new Generator(20), batch(32, shape))), calibrator);
    }

    /** Checks ONNX Runtime against Tauon on {@link #ROWS} random examples, as the class comment says. */
    private static void check(QuantizedModel q, int... shape) throws Exception {
        Tensor x = Tensor.randn(new Generator(21), batch(ROWS, shape));
        Tensor expected = q.predict(x);
        for (OptLevel level : OptLevel.values()) {
            compare(q, expected, OrtRun.run(QuantizedOnnxExport.toBytes(q, shape), x, level), level);
        }
    }

    /** The same class on every row, and every logit within {@link #STEPS} of the last int8 layer's input steps. */
    private static void compare(QuantizedModel q, Tensor expected, Tensor actual, OptLevel level) {
        assertArrayEquals(expected.shape(), actual.shape());
        assertArrayEquals(expected.argmax(1).data(), actual.argmax(1).data(), level + ": the same classes");
        List<Integer> int8 = q.quantizedLayers();
        Int8Layer last = q.int8Layer(int8.get(int8.size() - 1)).orElseThrow();
        float largestWeight = 0;
        for (float s : last.weightScale()) {
            largestWeight = Math.max(largestWeight, 127 * s);
        }
        double step = last.inputScale() * largestWeight;
        double largest = 0;
        double worst = 0;
        for (int i = 0; i < expected.size(); i++) {
            largest = Math.max(largest, Math.abs(expected.data()[i]));
            worst = Math.max(worst, Math.abs(actual.data()[i] - expected.data()[i]));
        }
        double bound = STEPS * step + Parity.TOLERANCE * largest;
        assertTrue(
                worst <= bound,
                level + ": largest difference " + worst + " > " + bound + " (one step is " + step + ")");
    }

    private static int[] batch(int n, int... shape) {
        int[] b = new int[shape.length + 1];
        b[0] = n;
        System.arraycopy(shape, 0, b, 1, shape.length);
        return b;
    }
}
