package dev.tauon.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tauon.core.Generator;
import dev.tauon.core.NoGrad;
import dev.tauon.core.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of {@link OnnxImport#fromBytes}: protobuf decoding, then the graph's
 * conversion to layers. The contract for any bytes: either a graph that runs on a batch of its
 * input shape and gives the output shape it declares, or an {@link OnnxFormatException} naming the
 * source; never another exception, an {@link OutOfMemoryError} from a size field or a hang.
 *
 * <p>{@code mvn verify} replays the corpus in
 * {@code src/test/resources/dev/tauon/onnx/OnnxImportFuzzTestInputs/fromBytes}; {@code JAZZER_FUZZ=1}
 * fuzzes (docs/reliability.md).
 */
class OnnxImportFuzzTest {
    static final String SOURCE = "fuzzed.onnx";

    /** Larger graphs are imported but not run: running them would take seconds. */
    static final long MAX_RUN_ELEMENTS = 1 << 14;

    @FuzzTest(maxDuration = "30m")
    @Timeout(10)
    void fromBytes(byte[] bytes) {
        try {
            run(OnnxImport.fromBytes(bytes, SOURCE));
        } catch (OnnxFormatException e) {
            String message = e.getMessage();
            assertTrue(message.startsWith(SOURCE + ": "), message);
            assertTrue(message.length() < SOURCE.length() + 2_000, "message of " + message.length() + " chars");
            assertTrue(message.chars().allMatch(c -> c >= 0x20 && c != 0x7f), "control character in: " + message);
        }
    }

    private static void run(ImportedGraph graph) {
        int[] in = graph.builtInputShape();
        int[] out = graph.outputShape(in);
        if (elements(in) > MAX_RUN_ELEMENTS || elements(out) > MAX_RUN_ELEMENTS) {
            return;
        }
        int[] batch = new int[in.length + 1];
        batch[0] = 2;
        System.arraycopy(in, 0, batch, 1, in.length);
        try (NoGrad ignored = NoGrad.enter()) {
            Tensor y = graph.forward(Tensor.randn(new Generator(2), batch));
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
