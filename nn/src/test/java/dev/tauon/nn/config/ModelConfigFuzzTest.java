package dev.tauon.nn.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tauon.core.Generator;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Module;
import dev.tauon.nn.io.FuzzedModelRun;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of {@link ModelConfig#parse}. The contract for any text: either a config
 * whose model builds for its input shape, holds the state size the config counted, and runs on a
 * batch of that shape giving the shape it declares; or a {@link ModelConfigException} naming the
 * source; never another exception, an {@link OutOfMemoryError} or a hang.
 *
 * <p>{@code mvn verify} replays the corpus in
 * {@code src/test/resources/dev/tauon/nn/config/ModelConfigFuzzTestInputs/parse}; {@code JAZZER_FUZZ=1}
 * fuzzes (docs/reliability.md).
 */
class ModelConfigFuzzTest {
    static final String SOURCE = "fuzzed.json";

    /** Models with more state than this are checked by the parser's shape walk only: running them would take seconds. */
    static final long MAX_RUN_STATE = 1 << 20;

    @FuzzTest(maxDuration = "30m")
    @Timeout(10)
    void parse(byte[] bytes) {
        String json = new String(bytes, StandardCharsets.UTF_8);
        try {
            ModelConfig config = ModelConfig.parse(json, SOURCE);
            if (config.inputShape() != null) {
                buildAndRun(config);
            }
        } catch (ModelConfigException e) {
            checkMessage(e.getMessage(), SOURCE);
        }
    }

    /** A message that starts with the source, quotes no raw control character and stays short. */
    static void checkMessage(String message, String source) {
        assertTrue(message.startsWith(source + ": "), message);
        assertTrue(message.length() < source.length() + 2_000, "message of " + message.length() + " chars");
        assertTrue(message.chars().allMatch(c -> c >= 0x20 && c != 0x7f), "control character in: " + message);
    }

    private static void buildAndRun(ModelConfig config) throws ModelConfigException {
        int[] in = config.inputShape();
        long inSize = FuzzedModelRun.elements(in);
        Module model = config.model();
        if (config.stateSize() > MAX_RUN_STATE || inSize > FuzzedModelRun.MAX_ELEMENTS) {
            return;
        }
        config.build(new Generator(1));
        long held = 0;
        for (Tensor t : model.stateDict().values()) {
            held += t.size();
        }
        assertEquals(config.stateSize(), held, "state size counted by the parser");
        FuzzedModelRun.check(model, in);
    }
}
