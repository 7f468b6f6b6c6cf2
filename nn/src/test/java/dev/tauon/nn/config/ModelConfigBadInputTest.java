package dev.tauon.nn.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tauon.core.Generator;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Module;
import dev.tauon.nn.io.Models;
import dev.tauon.nn.io.SafeTensors;
import dev.tauon.nn.io.WeightFileException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A corrupt, truncated or hostile config is refused with its source, JSON path and offset; never an OOM or a hang. */
class ModelConfigBadInputTest {
    private static final String HEAD =
            "{\"format\":\"tauon-model-config\",\"version\":1,\"input_shape\":[4],\"model\":";

    @TempDir
    Path dir;

    /** A config of {@code model} (JSON text) for inputs of shape {@code shape} (comma-separated). */
    private static String config(String shape, String model) {
        return "{\"format\":\"tauon-model-config\",\"version\":1,\"input_shape\":[" + shape + "],\"model\":" + model
                + "}";
    }

    private static String refused(String json) {
        return assertThrows(ModelConfigException.class, () -> ModelConfig.parse(json, "cfg"))
                .getMessage();
    }

    private static String dense(String settings) {
        return HEAD + "{\"type\":\"Sequential\",\"layers\":[{\"type\":\"Dense\"," + settings + "}]}}";
    }

    @Test
    void numbersOutOfRangeAreRefusedBeforeAnythingIsAllocated() {
        assertEquals(
                "cfg: model config at model.layers[0].units (char 124): 2147483648 must be 1 to 16777216",
                refused(dense("\"units\":2147483648")));
        assertEquals(
                "cfg: model config at model.layers[0].units (char 124): 99999999999999999999999 must be 1 to"
                        + " 16777216",
                refused(dense("\"units\":99999999999999999999999")));
        assertEquals(
                "cfg: model config at model.layers[0].units (char 124): must be an integer, found 6.5",
                refused(dense("\"units\":6.5")));
        assertEquals(
                "cfg: model config at model.layers[0].units (char 124): must be an integer, found the string"
                        + " \"64\"",
                refused(dense("\"units\":\"64\"")));
        assertTrue(refused(HEAD + "{\"type\":\"Dropout\",\"rate\":1e999}}")
                .endsWith("model.rate (char 94): the number 1e999 is beyond float's range"));
        assertTrue(refused(HEAD + "{\"type\":\"Dropout\",\"rate\":1.5}}")
                .endsWith("model (char 69): Dropout: rate must be in [0, 1), got 1.5"));
    }

    @Test
    void aHugeLayerThatFitsTheLimitsIsRefusedByTheFileBeforeBuilding() throws IOException {
        // Dense(2^24) on 64 features: 2^30 weights, 4 GiB if allocated; the file holds 10 values
        String json = config("64", "{\"type\":\"Dense\",\"units\":16777216}");
        assertEquals((64L << 24) + (1 << 24), ModelConfig.parse(json, "cfg").stateSize());
        Path file = dir.resolve("huge.safetensors");
        SafeTensors.write(file, Map.of("weight", Tensor.zeros(10)), Map.of(Models.CONFIG_KEY, json));
        WeightFileException e = assertThrows(WeightFileException.class, () -> Models.load(file));
        assertEquals(
                file + ": the model config's layers need 1090519040 parameter and buffer values but the file"
                        + " holds 10; not building it",
                e.getMessage());

        String tooBig = config("16777216", "{\"type\":\"Dense\",\"units\":16777216}");
        assertTrue(
                refused(tooBig)
                        .endsWith("model (char 76): Dense(16777216) for input [N, 16777216] needs"
                                + " 281474993487872 parameter values, more than one Java array holds"),
                refused(tooBig));
    }

    @Test
    void shapesThatDoNotFlowAreRefusedWithTheLayersPath() {
        String json = config(
                "3,8,8",
                "{\"type\":\"Sequential\",\"layers\":[{\"type\":\"Flatten\"},"
                        + "{\"type\":\"Conv2D\",\"filters\":4,\"kernel\":[3,3]}]}");
        assertEquals(
                "cfg: model config at model.layers[1] (char 123): Conv2D(4, 3x3): input [N, 192] must be"
                        + " [N, C, H, W]",
                refused(json));
        String padding = config("1,8,8", "{\"type\":\"ZeroPadding2D\",\"padding\":[16777216,16777216,0,0]}");
        assertTrue(
                refused(padding)
                        .endsWith("model (char 73): ZeroPadding2D(16777216, 16777216, 0, 0) gives"
                                + " [N, 1, 33554440, 8], a dimension outside 1 to 16777216"),
                refused(padding));
        String residual = config("4", "{\"type\":\"Residual\",\"block\":{\"type\":\"Dense\",\"units\":5}}");
        assertTrue(
                refused(residual)
                        .endsWith("model (char 69): for input [N, 4] the block gives [N, 5] but the"
                                + " shortcut gives [N, 4]"),
                refused(residual));
    }

    @Test
    void unknownTypesSettingsAndFormatsAreRefused() {
        assertTrue(refused(HEAD + "{\"type\":\"Lambda\"}}")
                .startsWith("cfg: model config at model.type (char 77):"
                        + " unknown layer type \"Lambda\"; built-in types: Sequential, Dense, Conv2D,"));
        assertEquals(
                "cfg: model config at model.layers[0] (char 133): unknown setting \"unit\" for Dense"
                        + " (known: type, units, activation, use_bias, frozen)",
                refused(dense("\"units\":3,\"unit\":4")));
        assertEquals(
                "cfg: malformed model config at char 126: key \"units\" appears twice in one object",
                refused(dense("\"units\":3,\"units\":4")));
        assertEquals(
                "cfg: model config at version (char 41): version 2 was written by a newer Tauon; this"
                        + " one reads up to 1",
                refused(HEAD.replace("\"version\":1", "\"version\":2") + "{\"type\":\"Flatten\"}}"));
        assertEquals(
                "cfg: model config at format (char 10): format is \"keras\", expected" + " \"tauon-model-config\"",
                refused(HEAD.replace("tauon-model-config", "keras") + "{}}"));
        assertEquals(
                "cfg: model config at model.layers[0].activation (char 139): \"swish\" is not one of [linear,"
                        + " relu, sigmoid, tanh, softmax, gelu, gelu_tanh, silu, leaky_relu]",
                refused(dense("\"units\":3,\"activation\":\"swish\"")));
        assertEquals(
                "cfg: model config at the top level (char 0): missing setting \"model\"",
                refused("{\"format\":\"tauon-model-config\",\"version\":1}"));
    }

    @Test
    void sizeNestingAndStringLimitsHold() {
        String deep = "[".repeat(200_000);
        assertEquals(
                "cfg: malformed model config at char 64: nested deeper than 64 levels (ModelConfig.MAX_DEPTH)",
                refused(deep));
        String longString = HEAD + "{\"type\":\"" + "x".repeat(2_000) + "\"}}";
        assertEquals(
                "cfg: malformed model config at char 77: string longer than 1024 characters"
                        + " (ModelConfig.MAX_STRING_CHARS)",
                refused(longString));
        String huge = " ".repeat(ModelConfig.MAX_CHARS + 1);
        assertEquals(
                "cfg: model config of 1048577 characters is beyond the limit of 1048576 (ModelConfig.MAX_CHARS)",
                refused(huge));
        StringBuilder many = new StringBuilder(HEAD + "{\"type\":\"Sequential\",\"layers\":[");
        for (int i = 0; i < ModelConfig.MAX_LAYERS; i++) { // with the Sequential, one layer too many
            many.append(i == 0 ? "" : ",").append("{\"type\":\"Flatten\"}");
        }
        assertTrue(refused(many + "]}}").endsWith(": more than 4096 layers (ModelConfig.MAX_LAYERS)"));
    }

    @Test
    void frozenNamesAParameterTheLayerDoesNotHave() throws IOException {
        ModelConfig c = ModelConfig.parse(HEAD + "{\"type\":\"Dense\",\"units\":2,\"frozen\":[\"kernel\"]}}", "cfg");
        ModelConfigException e = assertThrows(ModelConfigException.class, () -> c.build(new Generator(1)));
        assertEquals(
                "cfg: model config at model.frozen (char 69): Dense(2) has no parameter \"kernel\" to freeze (it"
                        + " has [weight, bias])",
                e.getMessage());
    }

    /** Every prefix of a valid config, and thousands of random byte changes, give a config or its exception. */
    @Test
    void truncatedAndMutatedConfigsNeverThrowAnythingElse() {
        Module m = ConfigModels.built(ConfigModels.all().get(0), 5);
        String json = ModelConfig.toJson(m);
        for (int cut = 0; cut < json.length(); cut++) {
            String prefix = json.substring(0, cut);
            assertThrows(ModelConfigException.class, () -> ModelConfig.parse(prefix, "cfg"), "prefix of " + cut);
        }
        Random r = new Random(42);
        String alphabet = "{}[]\",:0123456789-.eE+ truefalsnl\\u\u0000\u00e9x";
        int parsed = 0;
        for (int i = 0; i < 3_000; i++) {
            char[] c = json.toCharArray();
            for (int k = 1 + r.nextInt(3); k > 0; k--) {
                c[r.nextInt(c.length)] = alphabet.charAt(r.nextInt(alphabet.length()));
            }
            try {
                ModelConfig.parse(new String(c), "cfg");
                parsed++;
            } catch (ModelConfigException expected) {
                assertTrue(expected.getMessage().startsWith("cfg: "), expected.getMessage());
            } catch (RuntimeException e) {
                fail("mutation " + i + " threw " + e + " for " + new String(c), e);
            }
        }
        assertTrue(parsed < 3_000, "some mutations must be refused");
    }
}
