package dev.tauon.nn.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Generator;
import dev.tauon.core.NoGrad;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Module;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.io.Models;
import dev.tauon.nn.io.SafeTensors;
import dev.tauon.nn.io.WeightFileException;
import dev.tauon.nn.io.Weights;
import dev.tauon.nn.layers.Dense;
import dev.tauon.nn.layers.Flatten;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layers of your own: a clear refusal without a codec, and a round trip with one (Keras' custom_objects). */
class CustomLayerConfigTest {
    @TempDir
    Path dir;

    /** A user layer with one setting and no parameters. */
    static final class Scale extends Module {
        private final float factor;

        Scale(float factor) {
            this.factor = factor;
        }

        float factor() {
            return factor;
        }

        @Override
        public int[] outputShape(int[] inputShape) {
            return inputShape.clone();
        }

        @Override
        public Tensor forward(Tensor x) {
            return x.mul(factor);
        }
    }

    /** A subclass of a built-in layer, which may compute something else, so it is not written as one. */
    static final class MyDense extends Dense {
        MyDense() {
            super(3);
        }
    }

    private static final LayerCodecs CODECS = LayerCodecs.builtIn()
            .with(
                    "Scale",
                    Scale.class,
                    LayerCodec.of(
                            (layer, out) -> out.number("factor", layer.factor()),
                            in -> new Scale(in.number("factor"))));

    private static Sequential model() {
        return new Sequential(new Flatten(), new Dense(4), new Scale(0.5f), new Dense(2)).build(new Generator(3), 2, 3);
    }

    @Test
    void withoutACodecSavingNamesTheLayerAndWeightsStillSave() throws IOException {
        Sequential m = model();
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Models.save(m, dir.resolve("a.safetensors")));
        assertEquals(
                "model config: model.layers[2] is Scale (dev.tauon.nn.config.CustomLayerConfigTest$Scale), not a"
                        + " built-in layer; register a codec for it (LayerCodecs.with) or rebuild the model in code and use"
                        + " Weights.load",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ModelConfig.toJson(new Sequential(new MyDense())));

        Path weightsOnly = dir.resolve("w.safetensors");
        Weights.save(m, weightsOnly);
        assertFalse(SafeTensors.read(weightsOnly).metadata().containsKey(Models.CONFIG_KEY));
        WeightFileException noConfig = assertThrows(WeightFileException.class, () -> Models.load(weightsOnly));
        assertEquals(
                weightsOnly + ": has no model config (metadata \"tauon.model\"), only weights: it was saved"
                        + " from a model with a layer that is not built-in, by an older Tauon, or by another tool; rebuild"
                        + " the model in code and use Weights.load",
                noConfig.getMessage());
    }

    @Test
    void aRegisteredCodecRoundTrips() throws IOException {
        Sequential m = model();
        Path file = dir.resolve("custom.safetensors");
        Models.save(m, file, CODECS);
        Module loaded = Models.load(file, CODECS);
        Tensor x = Tensor.uniform(new Generator(1), -1f, 1f, 5, 2, 3);
        try (NoGrad ignored = NoGrad.enter()) {
            assertArrayEquals(m.forward(x).data(), loaded.forward(x).data());
        }
        assertEquals(Scale.class, ((Sequential) loaded).layer(2).getClass());

        ModelConfigException unknown = assertThrows(ModelConfigException.class, () -> Models.load(file));
        assertTrue(
                unknown.getMessage().contains(": model config at model.layers[2].type (char "), unknown.getMessage());
        assertTrue(
                unknown.getMessage().contains("unknown layer type \"Scale\"; built-in types: "), unknown.getMessage());
    }

    @Test
    void registrationRefusesTakenNamesAndClasses() {
        LayerCodec<Scale> codec = LayerCodec.of((l, out) -> {}, in -> new Scale(1f));
        assertEquals(
                "LayerCodecs: type name 'Dense' is taken by dev.tauon.nn.layers.Dense; choose another",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> LayerCodecs.builtIn().with("Dense", Scale.class, codec))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> CODECS.with("Other", Scale.class, codec));
        assertThrows(IllegalArgumentException.class, () -> CODECS.with("bad name", Scale.class, codec));
        assertFalse(LayerCodecs.builtIn().has(Scale.class), "with() returns a new set");
    }

    @Test
    void weightFilesSayTheirFormatTruly() throws IOException {
        Path file = dir.resolve("plain.safetensors");
        Weights.save(new Sequential(new Dense(2)).build(new Generator(1), 3), file);
        var meta = SafeTensors.read(file).metadata();
        assertEquals("tauon", meta.get("format"));
        assertEquals(Weights.LAYOUT, meta.get("layout"));
        assertTrue(
                meta.get(Models.CONFIG_KEY)
                        .startsWith(
                                "{\"format\":\"tauon-model-config\",\"version\":1,"
                                        + "\"input_shape\":[3],\"model\":{\"type\":\"Sequential\",\"layers\":[{\"type\":\"Dense\",\"units\":2,"),
                meta.get(Models.CONFIG_KEY));
    }
}
