package dev.tauon.nn.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import dev.tauon.core.NoGrad;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Module;
import dev.tauon.nn.io.Models;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** build -> save -> load gives the same structure, state, summary and outputs, bit for bit, for every built-in layer. */
class ModelConfigRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void everyCaseComesBackTheSame() throws IOException {
        for (ConfigModels.Case c : ConfigModels.all()) {
            Module original = ConfigModels.built(c, 11);
            Path file = dir.resolve(c.name().replace(' ', '-') + ".safetensors");
            Models.save(original, file);
            Module loaded = Models.load(file);

            assertNotSame(original, loaded);
            assertEquals(ModelConfig.toJson(original), ModelConfig.toJson(loaded), c.name() + ": config");
            assertEquals(
                    original.summary(c.input()).toString(),
                    loaded.summary(c.input()).toString(),
                    c.name() + ": summary");
            assertSameState(original.stateDict(), loaded.stateDict(), c.name());
            original.parameters()
                    .forEach((name, p) -> assertEquals(
                            p.requiresGrad(),
                            loaded.parameters().get(name).requiresGrad(),
                            c.name() + ": " + name + " frozen or not"));

            original.eval();
            loaded.eval();
            Tensor x = ConfigModels.input(c, 99, 3);
            try (NoGrad ignored = NoGrad.enter()) {
                assertArrayEquals(bits(original.forward(x)), bits(loaded.forward(x)), c.name() + ": outputs");
            }
        }
    }

    @Test
    void typedLoadAndItsRefusal() throws IOException {
        ConfigModels.Case c = ConfigModels.all().get(0);
        Path file = dir.resolve("m.safetensors");
        Models.save(ConfigModels.built(c, 1), file);
        assertEquals(
                dev.tauon.nn.Sequential.class,
                Models.load(file, dev.tauon.nn.Sequential.class).getClass());
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(
                IOException.class, () -> Models.load(file, dev.tauon.nn.layers.Residual.class));
        assertEquals(file + ": the model is a Sequential, not a Residual", e.getMessage());
    }

    @Test
    void parsedConfigIsUnbuiltAndCountsItsState() throws IOException {
        for (ConfigModels.Case c : ConfigModels.all()) {
            Module original = ConfigModels.built(c, 3);
            ModelConfig config = ModelConfig.parse(ModelConfig.toJson(original), "test");
            assertEquals(false, config.model().isBuilt(), c.name());
            assertArrayEquals(c.input(), config.inputShape(), c.name());
            long size = original.stateDict().values().stream()
                    .mapToLong(Tensor::size)
                    .sum();
            assertEquals(size, config.stateSize(), c.name() + ": state size counted without building");
        }
    }

    private static void assertSameState(Map<String, Tensor> expected, Map<String, Tensor> actual, String what) {
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(actual.keySet()), what + ": names");
        expected.forEach((name, t) -> {
            assertArrayEquals(t.shape(), actual.get(name).shape(), what + ": " + name);
            assertArrayEquals(bits(t), bits(actual.get(name)), what + ": " + name);
        });
    }

    private static int[] bits(Tensor t) {
        float[] d = t.data();
        int[] b = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            b[i] = Float.floatToRawIntBits(d[i]);
        }
        return b;
    }
}
