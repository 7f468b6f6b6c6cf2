package dev.tauon.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tauon.nn.Module;
import dev.tauon.nn.config.ModelConfigException;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of {@link Models#load}: safetensors file, the model config in its
 * metadata, and the weights against the config. The contract for any bytes: either a built model
 * that runs on a batch of its input shape and gives the shape it declares, or a
 * {@link WeightFileException} or {@link dev.tauon.nn.config.ModelConfigException} naming the file;
 * never another exception, an {@link OutOfMemoryError}, a hang or a file left open.
 *
 * <p>{@code mvn verify} replays the corpus in
 * {@code src/test/resources/dev/tauon/nn/io/ModelsFuzzTestInputs/load}; {@code JAZZER_FUZZ=1}
 * fuzzes (docs/reliability.md).
 */
class ModelsFuzzTest {
    @FuzzTest(maxDuration = "30m")
    @Timeout(10)
    void load(byte[] bytes) throws IOException {
        Path file = FuzzedFile.of(bytes);
        long open = FuzzedFile.openDescriptors(file);
        try {
            Module model = Models.load(file);
            FuzzedModelRun.check(model, model.builtInputShape());
        } catch (WeightFileException | ModelConfigException e) {
            String message = e.getMessage();
            assertTrue(message.startsWith(file + ": "), message);
            assertTrue(
                    message.length() < file.toString().length() + 2_000, "message of " + message.length() + " chars");
            assertTrue(message.chars().allMatch(c -> c >= 0x20 && c != 0x7f), "control character in: " + message);
        } finally {
            assertEquals(
                    open, FuzzedFile.openDescriptors(file), "descriptors open on the file before and after reading");
        }
    }
}
