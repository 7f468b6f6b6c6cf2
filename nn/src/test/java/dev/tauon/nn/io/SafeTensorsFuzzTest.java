package dev.tauon.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tauon.core.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of {@link SafeTensors#read}, header and body. The contract for any bytes:
 * either tensors whose shapes and values are the file's bytes at their offsets, or a
 * {@link WeightFileException} naming the file and a byte offset; never another exception, an
 * {@link OutOfMemoryError} from a size field (the long run uses {@code -Xmx512m}), a hang (the
 * timeout) or a file left open.
 *
 * <p>{@code mvn verify} replays the corpus in {@code src/test/resources/dev/tauon/nn/io/SafeTensorsFuzzTestInputs/read}
 * (valid files and every input that once broke the contract); {@code JAZZER_FUZZ=1} fuzzes
 * (docs/reliability.md has the command and the figures).
 */
class SafeTensorsFuzzTest {
    /** Every message names a place in the file: "at byte N", "bytes N to M", "offset N". */
    static final Pattern OFFSET = Pattern.compile("(byte|bytes|offset|at) -?\\d+");

    @FuzzTest(maxDuration = "30m")
    @Timeout(10)
    void read(byte[] bytes) throws IOException {
        Path file = FuzzedFile.of(bytes);
        long open = FuzzedFile.openDescriptors(file);
        try {
            SafeTensors.Contents contents = SafeTensors.read(file);
            checkInvariants(bytes, file, contents);
        } catch (WeightFileException e) {
            String message = e.getMessage();
            assertTrue(message.startsWith(file + ": "), message);
            assertTrue(OFFSET.matcher(message).find(), "no offset in: " + message);
            assertTrue(message.length() < file.toString().length() + 600, "message of " + message.length() + " chars");
            assertTrue(message.chars().allMatch(c -> c >= 0x20 && c != 0x7f), "control character in: " + message);
        } finally {
            assertEquals(
                    open, FuzzedFile.openDescriptors(file), "descriptors open on the file before and after reading");
        }
    }

    /** Each tensor's values are the file's bytes at the offsets its header entry names, and nothing is left over. */
    private static void checkInvariants(byte[] bytes, Path file, SafeTensors.Contents contents) throws IOException {
        long headerLength =
                ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        SafeTensorsHeader header = SafeTensorsHeader.parse(
                new HeaderJson(HeaderBytes.of(Arrays.copyOfRange(bytes, 8, 8 + (int) headerLength), 8), 8, file),
                false);
        assertEquals(header.tensors().size(), contents.tensors().size());
        long dataBytes = 0;
        ByteBuffer data = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (TensorEntry e : header.tensors()) {
            Tensor t = contents.tensors().get(e.name());
            assertArrayEquals(e.shape(), t.shape());
            long size = 1;
            for (int d : e.shape()) {
                size *= d;
            }
            assertEquals(size, t.size());
            assertEquals(4 * size, e.end() - e.begin());
            float[] values = t.data();
            for (int i = 0; i < values.length; i++) {
                int at = (int) (8 + headerLength + e.begin() + 4L * i);
                assertEquals(Float.floatToRawIntBits(data.getFloat(at)), Float.floatToRawIntBits(values[i]));
            }
            dataBytes += e.end() - e.begin();
        }
        assertEquals(bytes.length, 8 + headerLength + dataBytes, "bytes not covered by any tensor");
        for (Map.Entry<String, String> m : contents.metadata().entrySet()) {
            assertFalse(m.getKey().startsWith(SafeTensors.CHECKSUM_PREFIX), m.getKey());
        }
    }
}
