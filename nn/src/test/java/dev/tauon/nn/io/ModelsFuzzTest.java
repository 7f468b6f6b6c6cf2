package dev.tauon.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tauon.core.Generator;
import dev.tauon.core.NoGrad;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Module;
import dev.tauon.nn.config.ModelConfigException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
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
    /** Larger models are loaded but not run: running them would take seconds. */
    static final long MAX_RUN_ELEMENTS = 1 << 14;

    @FuzzTest(maxDuration = "30m")
    @Timeout(10)
    void load(byte[] bytes) throws IOException {
        Path file = FuzzedFile.of(bytes);
        long open = FuzzedFile.openDescriptors(file);
        try {
            run(Models.load(file));
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

    private static void run(Module model) {
        int[] in = model.builtInputShape();
        int[] out = model.outputShape(in);
        if (elements(in) > MAX_RUN_ELEMENTS || elements(out) > MAX_RUN_ELEMENTS) {
            return;
        }
        int[] batch = new int[in.length + 1];
        batch[0] = 2;
        System.arraycopy(in, 0, batch, 1, in.length);
        model.eval();
        try (NoGrad ignored = NoGrad.enter()) {
            Tensor y = model.forward(Tensor.randn(new Generator(2), batch));
            assertEquals(2, y.shape()[0]);
            assertArrayEquals(out, Arrays.copyOfRange(y.shape(), 1, y.shape().length));
        }
    }

    private static long elements(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }
}
