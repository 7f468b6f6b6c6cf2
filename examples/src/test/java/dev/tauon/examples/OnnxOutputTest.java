package dev.tauon.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.tauon.core.Batch;
import dev.tauon.core.Generator;
import dev.tauon.core.NoGrad;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Module;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.quantize.Calibrator;
import dev.tauon.nn.quantize.QuantizedModel;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run folder's {@code model.onnx} loads in ONNX Runtime and gives the class probabilities the
 * Tauon model gives, for the reference model (which ends in a softmax) and the airbench model
 * (which ends in scaled logits, so a softmax is appended); and {@code model-int8.onnx} gives the
 * quantised model's.
 */
class OnnxOutputTest {

    @Test
    void referenceModelGivesTheSameProbabilities(@TempDir Path dir) throws Exception {
        Module model = Cifar10Model.create(5);
        assertSameProbabilities(dir, model, model);
    }

    @Test
    void airbenchModelGivesTheSoftmaxOfItsLogits(@TempDir Path dir) throws Exception {
        Module model = AirbenchModel.create(1, 10, Tensor.randn(new Generator(9), 8, 3, 32, 32));
        assertSameProbabilities(dir, model, null);
    }

    @Test
    void int8ModelGivesTheProbabilitiesOfTheQuantisedModel(@TempDir Path dir) throws Exception {
        Sequential model = Cifar10Model.create(5);
        QuantizedModel q = QuantizedModel.quantize(
                model, List.of(Tensor.rand(new Generator(4), 16, 3, 32, 32)), Calibrator.percentile(99.99));
        QuantizedRun.writeOnnx(dir, q);
        Tensor images = Tensor.rand(new Generator(3), 6, 3, 32, 32);
        float[] expected = q.predict(images).data();
        float[] actual = runOnnx(dir.resolve("model-int8.onnx"), images);
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < actual.length; i++) {
            // ONNX Runtime's fused int8 kernels give Tauon's bits here; 1e-5 leaves room for float sums
            assertEquals(expected[i], actual[i], 1e-5, "probability " + i);
        }
        assertArrayEquals(argmax(expected, 10), argmax(actual, 10), "the same predictions");
    }

    /** {@code probabilitiesModel} null: Tauon's probabilities are the softmax of the model's output. */
    private static void assertSameProbabilities(Path dir, Module model, Module probabilitiesModel) throws Exception {
        RunReport.writeOnnx(dir, model);
        Tensor images = Tensor.rand(new Generator(3), 6, 3, 32, 32);
        model.eval();
        Tensor expected;
        try (NoGrad ignored = NoGrad.enter()) {
            expected = probabilitiesModel != null
                    ? model.forward(images)
                    : model.forward(images).softmax(1);
        }
        float[] actual = runOnnx(dir.resolve("model.onnx"), images);
        assertEquals(expected.size(), actual.length);
        for (int i = 0; i < actual.length; i++) {
            assertEquals(expected.data()[i], actual[i], 1e-5, "probability " + i);
        }
        assertArrayEquals(argmax(expected.data(), 10), argmax(actual, 10), "the same predictions");
        for (int n = 0; n < 6; n++) {
            double sum = 0;
            for (int c = 0; c < 10; c++) {
                sum += actual[n * 10 + c];
            }
            assertTrue(Math.abs(sum - 1) < 1e-5, "probabilities of image " + n + " sum to " + sum);
        }
    }

    static float[] runOnnx(Path file, Tensor images) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        long[] shape = {images.dim(0), images.dim(1), images.dim(2), images.dim(3)};
        try (OrtSession.SessionOptions options = sessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(file.toString(), options);
                    OnnxTensor x = OnnxTensor.createTensor(
                            env, FloatBuffer.wrap(images.data().clone()), shape);
                    OrtSession.Result result = session.run(Map.of("input", x))) {
                FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
                float[] values = new float[out.remaining()];
                out.get(values);
                return values;
            }
        }
    }

    /** The share of {@code batches}' images whose largest ONNX Runtime output is their label. */
    /** ONNX Runtime's options for these checks: exact int8 sums on x86 CPUs without VNNI too (docs/onnx.md). */
    private static OrtSession.SessionOptions sessionOptions() throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.addConfigEntry("session.x64quantprecision", "1");
        return options;
    }

    static double onnxAccuracy(Path file, Iterable<Batch> batches) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        long right = 0;
        long total = 0;
        try (OrtSession.SessionOptions options = sessionOptions();
                OrtSession session = env.createSession(file.toString(), options)) {
            for (Batch b : batches) {
                Tensor images = b.inputs();
                long[] shape = {images.dim(0), images.dim(1), images.dim(2), images.dim(3)};
                try (OnnxTensor x = OnnxTensor.createTensor(
                                env, FloatBuffer.wrap(images.data().clone()), shape);
                        OrtSession.Result result = session.run(Map.of("input", x))) {
                    FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
                    float[] values = new float[out.remaining()];
                    out.get(values);
                    int[] predicted = argmax(values, values.length / b.size());
                    for (int i = 0; i < predicted.length; i++) {
                        right += predicted[i] == b.labels()[i] ? 1 : 0;
                    }
                    total += predicted.length;
                }
            }
        }
        return (double) right / total;
    }

    static int[] argmax(float[] rows, int classes) {
        int[] best = new int[rows.length / classes];
        for (int n = 0; n < best.length; n++) {
            for (int c = 1; c < classes; c++) {
                if (rows[n * classes + c] > rows[n * classes + best[n]]) {
                    best[n] = c;
                }
            }
        }
        return best;
    }
}
