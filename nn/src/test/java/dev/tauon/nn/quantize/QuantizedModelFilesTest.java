package dev.tauon.nn.quantize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Batch;
import dev.tauon.core.Generator;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Activation;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.io.Int8Tensor;
import dev.tauon.nn.io.SafeTensors;
import dev.tauon.nn.io.WeightFileException;
import dev.tauon.nn.io.Weights;
import dev.tauon.nn.layers.BatchNorm2D;
import dev.tauon.nn.layers.Conv2D;
import dev.tauon.nn.layers.Dense;
import dev.tauon.nn.layers.Flatten;
import dev.tauon.nn.layers.GELU;
import dev.tauon.nn.layers.MaxPool2D;
import dev.tauon.nn.layers.Padding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saving and loading a quantised model: the same bits back, and every mismatch refused by name. */
class QuantizedModelFilesTest {
    @TempDir
    Path dir;

    /** A CNN with a float layer that has state (BatchNorm2D), so the file holds F32 parameters and buffers too. */
    private static Sequential withBatchNorm(long seed) {
        return new Sequential(
                        new Conv2D(6, 3, Activation.RELU),
                        new BatchNorm2D(),
                        new MaxPool2D(2),
                        new Flatten(),
                        new Dense(4, Activation.SOFTMAX))
                .build(new Generator(seed), 1, 8, 8);
    }

    private QuantizedModel quantised(Sequential model) {
        List<Batch> data = SyntheticTasks.blobs(21, 2, 32);
        // put non-trivial running statistics into the BatchNorm
        SyntheticTasks.trained(model, data, 1);
        return QuantizedModel.quantize(model, SyntheticTasks.inputs(data), Calibrator.percentile(99.9));
    }

    @Test
    void saveThenLoadPredictsTheSameBits() throws IOException {
        Sequential model = withBatchNorm(1);
        QuantizedModel q = quantised(model);
        Path file = dir.resolve("model-int8.safetensors");
        q.save(file);
        Sequential other = withBatchNorm(2); // different float values everywhere, same architecture
        QuantizedModel back = QuantizedModel.load(other, file);
        Tensor x = SyntheticTasks.blobs(22, 1, 16).get(0).inputs();
        assertArrayEquals(q.predict(x).data(), back.predict(x).data());
        assertEquals(List.of(0, 4), back.quantizedLayers());
        assertEquals("percentile 99.9", back.calibrator());
        assertArrayEquals(
                model.stateDict().get("1.running_mean").data(),
                other.stateDict().get("1.running_mean").data());

        SafeTensors.Contents c = SafeTensors.readWithInt8(file);
        assertEquals(
                List.of("0.weight", "4.weight"), List.copyOf(c.int8Tensors().keySet()));
        assertArrayEquals(
                new int[] {6, 1, 3, 3}, c.int8Tensors().get("0.weight").shape());
        assertArrayEquals(new int[] {54, 4}, c.int8Tensors().get("4.weight").shape());
        assertEquals(
                List.of(
                        "0.weight_scale",
                        "0.input_scale",
                        "0.bias",
                        "1.weight",
                        "1.bias",
                        "1.running_mean",
                        "1.running_var",
                        "4.weight_scale",
                        "4.input_scale",
                        "4.bias"),
                List.copyOf(c.tensors().keySet()));
    }

    @Test
    void layersInsideBlocksAreSavedUnderTheirPathsAndLoadBack() throws IOException {
        Sequential model = SyntheticTasks.blockCnn(3);
        QuantizedModel q = QuantizedModel.quantize(
                model, SyntheticTasks.inputs(SyntheticTasks.blobs(23, 2, 16)), Calibrator.minMax());
        Path file = dir.resolve("blocks-int8.safetensors");
        q.save(file);
        SafeTensors.Contents c = SafeTensors.readWithInt8(file);
        assertEquals(
                List.of("0.weight", "2.0.weight", "2.4.weight", "5.weight"),
                List.copyOf(c.int8Tensors().keySet()));
        assertTrue(
                c.tensors().containsKey("2.2.running_var"), c.tensors().keySet().toString());
        QuantizedModel back = QuantizedModel.load(SyntheticTasks.blockCnn(4), file);
        Tensor x = SyntheticTasks.blobs(24, 1, 16).get(0).inputs();
        assertArrayEquals(q.predict(x).data(), back.predict(x).data());
        // the same file does not fit a model whose block is one layer shorter
        Sequential shorter = new Sequential(
                        new Conv2D(6, 2),
                        new GELU(),
                        new Sequential(new Conv2D(8, 3).padding(Padding.SAME)),
                        new Flatten(),
                        new Dense(4))
                .build(new Generator(1), 1, 8, 8);
        WeightFileException e = assertThrows(WeightFileException.class, () -> QuantizedModel.load(shorter, file));
        assertTrue(e.getMessage().contains("unexpected I8 tensor \"2.4.weight\""), e.getMessage());
    }

    @Test
    void theFileIsSmallerThanTheFloatOnesAndAFloatModelCannotLoadIt() throws IOException {
        Sequential model = new Sequential(new Dense(64, Activation.RELU), new Dense(10)).build(new Generator(3), 256);
        QuantizedModel q = QuantizedModel.quantize(model, List.of(Tensor.randn(4, 8, 256)), Calibrator.minMax());
        Path int8 = dir.resolve("q.safetensors");
        Path f32 = dir.resolve("f.safetensors");
        q.save(int8);
        Weights.save(model, f32);
        assertTrue(Files.size(int8) < 0.3 * Files.size(f32), Files.size(int8) + " vs " + Files.size(f32));
        String msg = assertThrows(WeightFileException.class, () -> Weights.load(model, int8))
                .getMessage();
        assertTrue(msg.contains("dtype \"I8\" is a quantised model's"), msg);
    }

    @Test
    void filesThatDoNotFitAreRefusedByName() throws IOException {
        Sequential model = withBatchNorm(4);
        Path file = dir.resolve("q.safetensors");
        quantised(model).save(file);
        SafeTensors.Contents good = SafeTensors.readWithInt8(file);

        Path floatFile = dir.resolve("float.safetensors");
        Weights.save(model, floatFile);
        assertEquals(
                floatFile + ": not a quantised model's file: metadata tauon.quantization is missing,"
                        + " expected \"int8\"",
                error(floatFile, withBatchNorm(5)));

        Sequential wider = new Sequential(
                        new Conv2D(7, 3, Activation.RELU),
                        new BatchNorm2D(),
                        new MaxPool2D(2),
                        new Flatten(),
                        new Dense(4, Activation.SOFTMAX))
                .build(new Generator(6), 1, 8, 8);
        String msg = error(file, wider);
        assertTrue(
                msg.startsWith(file + ": int8 weights do not match the model: \"0.weight\" has shape [6, 1, 3, 3]"
                        + " in the file, [7, 1, 3, 3] in the model"),
                msg);

        Map<String, Tensor> floats = new LinkedHashMap<>(good.tensors());
        floats.remove("4.input_scale");
        Path missing = rewrite("missing.safetensors", floats, good.int8Tensors(), good.metadata());
        msg = error(missing, withBatchNorm(7));
        assertTrue(
                msg.contains("quantised model's float tensors do not match the model") && msg.contains("4.input_scale"),
                msg);

        floats = new LinkedHashMap<>(good.tensors());
        floats.put("0.weight_scale", Tensor.of(new float[] {1, 1, 1, -1, 1, 1}, 6));
        assertEquals(
                dir.resolve("negative.safetensors") + ": tensor \"0.weight_scale\" holds -1.0; scales must be"
                        + " positive and finite",
                error(rewrite("negative.safetensors", floats, good.int8Tensors(), good.metadata()), withBatchNorm(8)));

        Map<String, Int8Tensor> int8 = new LinkedHashMap<>(good.int8Tensors());
        byte[] w = int8.get("0.weight").data().clone();
        w[3] = -128;
        int8.put("0.weight", new Int8Tensor(w, new int[] {6, 1, 3, 3}));
        assertEquals(
                dir.resolve("min.safetensors") + ": tensor \"0.weight\" holds -128; symmetric int8 weights are"
                        + " -127 to 127",
                error(rewrite("min.safetensors", good.tensors(), int8, good.metadata()), withBatchNorm(9)));

        int8 = new LinkedHashMap<>(good.int8Tensors());
        int8.put("2.weight", new Int8Tensor(new byte[1], new int[] {1}));
        msg = error(rewrite("extra.safetensors", good.tensors(), int8, good.metadata()), withBatchNorm(10));
        assertTrue(msg.endsWith("int8 weights do not match the model: unexpected I8 tensor \"2.weight\""), msg);
    }

    @Test
    void aFailedLoadChangesNothing() throws IOException {
        Sequential model = withBatchNorm(11);
        Path file = dir.resolve("q.safetensors");
        quantised(model).save(file);
        SafeTensors.Contents good = SafeTensors.readWithInt8(file);
        Map<String, Tensor> floats = new LinkedHashMap<>(good.tensors());
        floats.put("4.weight_scale", Tensor.of(new float[] {1, Float.NaN, 1, 1}, 4));
        Path bad = rewrite("bad.safetensors", floats, good.int8Tensors(), good.metadata());
        Sequential target = withBatchNorm(12);
        float[] before = target.stateDict().get("1.running_var").data().clone();
        assertThrows(WeightFileException.class, () -> QuantizedModel.load(target, bad));
        assertArrayEquals(before, target.stateDict().get("1.running_var").data());
        assertNotEquals(before[0], good.tensors().get("1.running_var").data()[0]);
    }

    private Path rewrite(
            String name, Map<String, Tensor> floats, Map<String, Int8Tensor> int8, Map<String, String> metadata)
            throws IOException {
        Path f = dir.resolve(name);
        SafeTensors.write(f, floats, int8, metadata);
        return f;
    }

    private static String error(Path file, Sequential architecture) {
        return assertThrows(WeightFileException.class, () -> QuantizedModel.load(architecture, file))
                .getMessage();
    }
}
