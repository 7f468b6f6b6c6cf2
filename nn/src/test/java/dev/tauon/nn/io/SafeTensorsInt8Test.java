package dev.tauon.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** I8 tensors in safetensors files: layout, checksums, round trip, and refusal by the float reader. */
class SafeTensorsInt8Test {
    @TempDir
    Path dir;

    private Path mixed() throws IOException {
        Map<String, Tensor> floats = new LinkedHashMap<>();
        floats.put("scale", Tensor.of(new float[] {0.5f, 0.25f}, 2));
        Map<String, Int8Tensor> int8 = new LinkedHashMap<>();
        int8.put("w", new Int8Tensor(new byte[] {-127, 0, 1, 127, 5, -6}, new int[] {2, 3}));
        int8.put("odd", new Int8Tensor(new byte[] {9}, new int[] {1}));
        Path file = dir.resolve("q.safetensors");
        SafeTensors.write(file, floats, int8, Map.of("quantized", "int8"));
        return file;
    }

    @Test
    void int8TensorsAreWrittenAsI8AfterTheFloatsWithTheirChecksums() throws IOException {
        byte[] bytes = Files.readAllBytes(mixed());
        long dataStart =
                8 + ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        String header = new String(bytes, 8, (int) dataStart - 8, StandardCharsets.UTF_8).strip();
        CRC32C crc = new CRC32C();
        crc.update(new byte[] {-127, 0, 1, 127, 5, -6});
        assertTrue(header.contains("\"tauon.crc32c.w\":\"" + String.format("%08x", crc.getValue()) + "\""), header);
        assertTrue(
                header.endsWith("\"scale\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                        + "\"w\":{\"dtype\":\"I8\",\"shape\":[2,3],\"data_offsets\":[8,14]},"
                        + "\"odd\":{\"dtype\":\"I8\",\"shape\":[1],\"data_offsets\":[14,15]}}"),
                header);
        assertEquals(dataStart + 15, bytes.length);
        assertEquals(-127, bytes[(int) dataStart + 8]);
    }

    @Test
    void readWithInt8GivesBackTheSameBytesAndTheFloatReaderRefusesThem() throws IOException {
        Path file = mixed();
        SafeTensors.Contents back = SafeTensors.readWithInt8(file);
        assertEquals(List.of("w", "odd"), List.copyOf(back.int8Tensors().keySet()));
        assertArrayEquals(
                new byte[] {-127, 0, 1, 127, 5, -6}, back.int8Tensors().get("w").data());
        assertArrayEquals(new int[] {2, 3}, back.int8Tensors().get("w").shape());
        assertArrayEquals(new float[] {0.5f, 0.25f}, back.tensors().get("scale").data());
        assertEquals(Map.of("quantized", "int8"), back.metadata());
        String msg = assertThrows(WeightFileException.class, () -> SafeTensors.read(file))
                .getMessage();
        assertTrue(
                msg.endsWith("tensor \"w\": dtype \"I8\" is a quantised model's; float weights are F32"
                        + " (read an int8 file with QuantizedModel.load)"),
                msg);
    }

    @Test
    void aDamagedInt8TensorIsNamedByItsChecksum() throws IOException {
        Path file = mixed();
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 2] ^= 1; // inside "w"
        Files.write(file, bytes);
        String msg = assertThrows(WeightFileException.class, () -> SafeTensors.readWithInt8(file))
                .getMessage();
        assertTrue(msg.contains("tensor \"w\" is damaged"), msg);
    }

    @Test
    void aShapeThatDoesNotMatchTheI8DataIsMalformed() throws IOException {
        String json = "{\"w\":{\"dtype\":\"I8\",\"shape\":[3],\"data_offsets\":[0,12]}}";
        byte[] head = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(8 + head.length + 12).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(head.length).put(head);
        Path file = Files.write(dir.resolve("bad.safetensors"), buf.array());
        String msg = assertThrows(WeightFileException.class, () -> SafeTensors.readWithInt8(file))
                .getMessage();
        assertTrue(msg.endsWith("tensor \"w\": shape [3] needs 3 bytes but data_offsets [0, 12] hold 12"), msg);
    }

    @Test
    void namesMayNotBeUsedTwiceAndShapesMustMatch() {
        Map<String, Tensor> floats = Map.of("w", Tensor.of(new float[] {1f}, 1));
        Map<String, Int8Tensor> int8 = Map.of("w", new Int8Tensor(new byte[] {1}, new int[] {1}));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> SafeTensors.write(dir.resolve("x.safetensors"), floats, int8, Map.of()));
        assertEquals(
                "safetensors: int8 tensor \"w\" has the name of a float tensor or of the metadata", e.getMessage());
        assertEquals(
                "Int8Tensor: shape [2] holds 2 values but the data has 1",
                assertThrows(IllegalArgumentException.class, () -> new Int8Tensor(new byte[1], new int[] {2}))
                        .getMessage());
    }
}
