package dev.tauon.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Generator;
import dev.tauon.core.NoGrad;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Functional;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.layers.BatchNorm1D;
import dev.tauon.nn.layers.BatchNorm2D;
import dev.tauon.nn.layers.Conv2D;
import dev.tauon.nn.layers.Dense;
import dev.tauon.nn.layers.Flatten;
import dev.tauon.nn.layers.ReLU;
import dev.tauon.nn.optim.SGD;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Weight files hold the whole state dict: parameters and buffers (BatchNorm's running statistics). */
class WeightsStateTest {
    @TempDir
    Path dir;

    private static Sequential model(long seed) {
        return new Sequential(
                        new Conv2D(4, 3),
                        new BatchNorm2D(),
                        new ReLU(),
                        new Flatten(),
                        new Dense(5),
                        new BatchNorm1D().momentum(0.5f))
                .build(new Generator(seed), 2, 5, 5);
    }

    /** A few SGD steps on random images, so that weights and running statistics are far from their start. */
    private static Sequential trained(long seed) {
        Sequential m = model(seed);
        SGD sgd = new SGD(m, 0.1f);
        Generator g = new Generator(seed + 100);
        for (int step = 0; step < 3; step++) {
            sgd.zeroGrad();
            Tensor x = Tensor.uniform(g, 0f, 2f, 4, 2, 5, 5);
            Functional.crossEntropy(m.forward(x), new int[] {0, 1, 2, 3}).backward();
            sgd.step();
        }
        return m;
    }

    private static void assertSameBits(Map<String, Tensor> expected, Map<String, Tensor> actual) {
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(actual.keySet()));
        expected.forEach((name, t) -> {
            float[] a = t.data();
            float[] b = actual.get(name).data();
            for (int i = 0; i < a.length; i++) {
                assertEquals(Float.floatToRawIntBits(a[i]), Float.floatToRawIntBits(b[i]), name + "[" + i + "]");
            }
        });
    }

    @Test
    void saveThenLoadRestoresParametersAndBuffersBitForBit() throws IOException {
        Sequential saved = trained(1);
        assertFalse(saved.buffers().get("1.running_mean").data()[0] == 0f, "the running mean moved");
        Path file = dir.resolve("bn.safetensors");
        Weights.save(saved, file);
        assertEquals(
                List.copyOf(saved.stateDict().keySet()),
                List.copyOf(SafeTensors.read(file).tensors().keySet()),
                "the file holds the state dict, in its order");

        Sequential loaded = model(2);
        Weights.load(loaded, file);
        assertSameBits(saved.stateDict(), loaded.stateDict());

        saved.eval();
        loaded.eval();
        Tensor x = Tensor.uniform(new Generator(9), 0f, 2f, 3, 2, 5, 5);
        try (NoGrad ignored = NoGrad.enter()) {
            assertArrayEquals(
                    saved.forward(x).data(), loaded.forward(x).data(), "evaluation uses the loaded statistics");
        }
    }

    @Test
    void aFileWithoutTheBuffersIsRefusedAndChangesNothing() throws IOException {
        Sequential source = trained(1);
        Map<String, Tensor> onlyParameters = new LinkedHashMap<>(source.parameters());
        Path file = dir.resolve("parameters-only.safetensors");
        SafeTensors.write(file, onlyParameters, Map.of("format", "pt"));

        Sequential target = trained(3);
        Map<String, float[]> before = new LinkedHashMap<>();
        target.stateDict().forEach((n, t) -> before.put(n, t.toArray()));
        WeightFileException e = assertThrows(WeightFileException.class, () -> Weights.load(target, file));
        assertTrue(
                e.getMessage()
                        .endsWith("weights do not match the model: missing 1.running_mean [4]; missing"
                                + " 1.running_var [4]; missing 5.running_mean [5]; missing 5.running_var [5]"),
                e.getMessage());
        target.stateDict().forEach((n, t) -> assertArrayEquals(before.get(n), t.data(), n + " unchanged"));
    }
}
