package dev.tauon.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Generator;
import dev.tauon.core.NoGrad;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Module;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.layers.BatchNorm1D;
import dev.tauon.nn.layers.BatchNorm2D;
import dev.tauon.nn.layers.Conv2D;
import dev.tauon.nn.layers.Dense;
import dev.tauon.nn.layers.Flatten;
import dev.tauon.nn.layers.MaxPool2D;
import dev.tauon.nn.layers.Padding;
import dev.tauon.nn.layers.ReLU;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PyTorch state_dict written by docs/crosscheck/pytorch_state_dict.py (torch 1.13, Debian's
 * python3-torch), loaded into the matching Tauon model, reproduces PyTorch's outputs; the same state
 * dict in torch's F16, BF16, F64 and int64 reads as torch's own {@code .float()} of it.
 */
class PyTorchStateDictTest {
    @TempDir
    Path dir;

    /** The Tauon twin of the script's nn.Sequential. */
    private static Sequential cnn() {
        return new Sequential(
                new Conv2D(8, 3).padding(Padding.SAME),
                new BatchNorm2D(),
                new ReLU(),
                new MaxPool2D(2),
                new Conv2D(16, 3),
                new ReLU(),
                new Flatten(),
                new Dense(32),
                new ReLU(),
                new BatchNorm1D(),
                new Dense(10));
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(
                PyTorchStateDictTest.class.getResource("/pytorch/" + name).toURI());
    }

    @Test
    void reproducesPyTorchsOutputs() throws Exception {
        Sequential model = cnn().build(new Generator(1), 3, 8, 8);
        List<String> pairs = PyTorchStateDict.load(model, resource("cnn_state_dict.safetensors"));
        assertEquals(
                List.of(
                        "0 -> 0 Conv2D(8, 3x3, same)",
                        "1 -> 1 BatchNorm2D(8)",
                        "4 -> 4 Conv2D(16, 3x3)",
                        "7 -> 7 Dense(32)",
                        "9 -> 9 BatchNorm1D(32)",
                        "10 -> 10 Dense(10)"),
                pairs);

        Map<String, Tensor> io =
                SafeTensors.read(resource("cnn_io.safetensors")).tensors();
        model.eval();
        Tensor out;
        try (NoGrad ignored = NoGrad.enter()) {
            out = model.forward(io.get("input"));
        }
        Tensor expected = io.get("output");
        assertArrayEquals(expected.shape(), out.shape());
        float scale = 0;
        for (float v : expected.data()) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < out.size(); i++) {
            float e = expected.data()[i];
            assertEquals(e, out.data()[i], 1e-5f * scale, "output " + i + " (largest output " + scale + ")");
        }
    }

    @Test
    void readsTorchsDtypeMixBitForBitAsTorchConvertsIt() throws Exception {
        // F16 convolutions, BF16 linears, F64 BatchNorms, int64 num_batches_tracked: as torch saves a cast model
        Sequential mixed = cnn().build(new Generator(1), 3, 8, 8);
        PyTorchStateDict.load(mixed, resource("cnn_state_dict_mixed.safetensors"));
        Sequential asFloat = cnn().build(new Generator(2), 3, 8, 8);
        PyTorchStateDict.load(asFloat, resource("cnn_state_dict_mixed_as_float.safetensors"));
        Map<String, Tensor> expected = asFloat.stateDict();
        Map<String, Tensor> actual = mixed.stateDict();
        assertEquals(expected.keySet(), actual.keySet());
        for (String name : expected.keySet()) {
            float[] e = expected.get(name).data();
            float[] a = actual.get(name).data();
            assertEquals(e.length, a.length, name);
            for (int i = 0; i < e.length; i++) {
                assertEquals(Float.floatToRawIntBits(e[i]), Float.floatToRawIntBits(a[i]), name + "[" + i + "]");
            }
        }
    }

    @Test
    void denseWeightsAreTransposedAndShapesChecked() throws IOException {
        Sequential model = new Sequential(new Dense(3)).build(new Generator(1), 2);
        Path file = dir.resolve("linear.safetensors");
        Map<String, Tensor> torch = new LinkedHashMap<>();
        torch.put("fc.weight", Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2)); // [out 3, in 2]
        torch.put("fc.bias", Tensor.of(new float[] {7, 8, 9}, 3));
        SafeTensors.write(file, torch, Map.of());
        assertEquals(List.of("fc -> 0 Dense(3)"), PyTorchStateDict.load(model, file));
        assertArrayEquals(
                new float[] {1, 3, 5, 2, 4, 6},
                model.parameters().get("0.weight").data());

        Sequential wrong = new Sequential(new Dense(2)).build(new Generator(1), 2);
        float[] before = wrong.parameters().get("0.weight").data().clone();
        WeightFileException e = assertThrows(WeightFileException.class, () -> PyTorchStateDict.load(wrong, file));
        assertEquals(
                file + ": PyTorch module \"fc\" does not fit layer \"0\" Dense(2) (from nn.Linear): weight is"
                        + " [3, 2] in the file, expected [2, 2] (PyTorch's [out, in] of the layer's [2, 2])",
                e.getMessage());
        assertArrayEquals(before, wrong.parameters().get("0.weight").data(), "nothing copied");
    }

    @Test
    void namedModulesArePairedByAMapAndCountsMustAgree() throws IOException {
        // PyTorch names sort as bn1, conv1, fc: alphabetical, not the network's order
        Module model = new Sequential(new Conv2D(2, 1), new BatchNorm2D(), new Flatten(), new Dense(3))
                .build(new Generator(1), 1, 2, 2);
        Map<String, Tensor> torch = new LinkedHashMap<>();
        Generator g = new Generator(5);
        torch.put("bn1.weight", Tensor.uniform(g, 0f, 1f, 2));
        torch.put("bn1.bias", Tensor.uniform(g, 0f, 1f, 2));
        torch.put("bn1.running_mean", Tensor.uniform(g, 0f, 1f, 2));
        torch.put("bn1.running_var", Tensor.uniform(g, 1f, 2f, 2));
        torch.put("bn1.num_batches_tracked", Tensor.of(new float[] {3}));
        torch.put("conv1.weight", Tensor.uniform(g, 0f, 1f, 2, 1, 1, 1));
        torch.put("conv1.bias", Tensor.uniform(g, 0f, 1f, 2));
        torch.put("fc.weight", Tensor.uniform(g, 0f, 1f, 3, 8));
        torch.put("fc.bias", Tensor.uniform(g, 0f, 1f, 3));
        Path file = dir.resolve("named.safetensors");
        SafeTensors.write(file, torch, Map.of());

        WeightFileException byOrder = assertThrows(WeightFileException.class, () -> PyTorchStateDict.load(model, file));
        assertTrue(
                byOrder.getMessage()
                        .startsWith(file + ": PyTorch module \"bn1\" does not fit layer \"0\""
                                + " Conv2D(2, 1x1) (from nn.Conv2d): PyTorch's tensors [weight, bias, running_mean, running_var,"
                                + " num_batches_tracked] are not the layer's [weight, bias]"),
                byOrder.getMessage());

        List<String> pairs = PyTorchStateDict.load(model, file, Map.of("conv1", "0", "bn1", "1", "fc", "3"));
        assertEquals(List.of("bn1 -> 1 BatchNorm2D(2)", "conv1 -> 0 Conv2D(2, 1x1)", "fc -> 3 Dense(3)"), pairs);
        assertArrayEquals(
                torch.get("bn1.running_var").data(),
                model.buffers().get("1.running_var").data());

        WeightFileException partial = assertThrows(
                WeightFileException.class, () -> PyTorchStateDict.load(model, file, Map.of("conv1", "0", "bn1", "1")));
        assertEquals(
                file + ": the module map does not fit: PyTorch module \"fc\" is not mapped; no PyTorch module is"
                        + " mapped to layer \"3\" (the file's modules: [\"bn1\", \"conv1\", \"fc\"], the model's layers:"
                        + " [\"0\", \"1\", \"3\"])",
                partial.getMessage());

        Module fewer = new Sequential(new Flatten(), new Dense(3)).build(new Generator(1), 1, 2, 2);
        WeightFileException counts = assertThrows(WeightFileException.class, () -> PyTorchStateDict.load(fewer, file));
        assertEquals(
                file + ": the file has 3 PyTorch modules with state [\"bn1\", \"conv1\", \"fc\"] but the model"
                        + " has 1 layers with state [\"1\"]; pair them explicitly with load(model, file, modules)",
                counts.getMessage());
    }

    @Test
    void naturalOrderComparesNumbersAsNumbers() {
        List<String> names = new ArrayList<>(List.of("10", "features.10", "2", "features.9", "", "b.1", "a"));
        names.sort(PyTorchStateDict.NATURAL);
        assertEquals(List.of("", "2", "10", "a", "b.1", "features.9", "features.10"), names);
    }
}
