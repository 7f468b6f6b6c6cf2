package dev.tauon.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Error messages quote at most a bounded prefix of any value from the file, control characters escaped. */
class SafeTensorsMessagesTest {
    @TempDir
    Path dir;

    private String error(byte[] header) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(8 + header.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(header.length).put(header);
        Path file = Files.write(dir.resolve("m.safetensors"), buf.array());
        String msg = assertThrows(WeightFileException.class, () -> SafeTensors.read(file))
                .getMessage();
        assertTrue(msg.chars().allMatch(c -> c >= 0x20 && c != 0x7f), "raw control character in: " + msg);
        assertTrue(msg.length() < file.toString().length() + 300, msg.length() + " characters: " + msg);
        return msg.substring(file.toString().length() + 2);
    }

    private String error(String header) throws IOException {
        return error(header.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void namesWithControlCharactersAreEscaped() throws IOException {
        assertEquals(
                "safetensors header at byte 35: tensor \"a\\u0000b\\u001b\": dtype \"F16\\u0007\" is not supported"
                        + " (Tauon reads F32, and I8 for quantised models; PyTorchStateDict reads PyTorch's F64, F16 and BF16)",
                error("{\"a\\u0000b\\u001b\":{\"dtype\":\"F16\\u0007\",\"shape\":[0],\"data_offsets\":[0,0]}}"));
    }

    @Test
    void longNamesAreCut() throws IOException {
        String name = "n".repeat(1000);
        assertEquals(
                "malformed safetensors header at byte " + (8 + 1 + 1002 + 2) + ": tensor \"" + "n".repeat(80)
                        + "...\" (1000 chars): unknown field \"" + "f".repeat(80) + "...\" (1000 chars)",
                error("{\"" + name + "\":{\"" + "f".repeat(1000) + "\":1}}"));
        assertEquals(
                "malformed safetensors header at byte " + (8 + 16 + 1002 + 2) + ": __metadata__ value of \""
                        + "k".repeat(80) + "...\" (1000 chars) is not a string",
                error("{\"__metadata__\":{\"" + "k".repeat(1000) + "\":7}}"));
    }

    @Test
    void rawBytesAreNamedInHex() throws IOException {
        assertEquals(
                "malformed safetensors header at byte 11: control character byte 0x00 in a string (JSON needs it"
                        + " escaped)",
                error("{\"a\u0000\":{}}"));
        assertEquals(
                "malformed safetensors header at byte 13: tensor \"a\": expected an object, found byte 0xc3",
                error("{\"a\":\u00e9}"));
        assertEquals(
                "malformed safetensors header at byte 11: unknown escape: a backslash, then byte 0x01",
                error(new byte[] {'{', '"', 'a', '\\', 1, '"', ':', '{', '}', '}'}));
    }
}
