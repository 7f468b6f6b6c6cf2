package dev.tauon.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Generator;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Activation;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.layers.Dense;
import dev.tauon.nn.layers.Flatten;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CRC32C of each tensor that {@link SafeTensors#write} puts into the metadata, and its check on reading. */
class SafeTensorsChecksumTest {
    @TempDir
    Path dir;

    private Path twoTensors() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("a", Tensor.of(new float[] {1f, 2f}, 2));
        tensors.put("b", Tensor.of(new float[] {3f, -4f, 5f}, 3));
        Path file = dir.resolve("t.safetensors");
        SafeTensors.write(file, tensors, Map.of("format", "pt"));
        return file;
    }

    private static long dataStart(byte[] file) {
        return 8 + ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    }

    private static String header(byte[] file) {
        return new String(file, 8, (int) dataStart(file) - 8, StandardCharsets.UTF_8);
    }

    @Test
    void eachTensorsChecksumIsInTheMetadataButNotInWhatReadReturns() throws IOException {
        Path file = twoTensors();
        String header = header(Files.readAllBytes(file));
        assertTrue(
                header.startsWith(
                        "{\"__metadata__\":{\"format\":\"pt\",\"tauon.crc32c.a\":\"" + SafeTensorsTest.crc32c(1f, 2f)
                                + "\",\"tauon.crc32c.b\":\"" + SafeTensorsTest.crc32c(3f, -4f, 5f) + "\"}"),
                header);
        SafeTensors.Contents back = SafeTensors.read(file);
        assertEquals(Map.of("format", "pt"), back.metadata());
        assertArrayEquals(new float[] {3f, -4f, 5f}, back.tensors().get("b").data());
    }

    @Test
    void writingTwiceGivesTheSameBytes() throws IOException {
        byte[] first = Files.readAllBytes(twoTensors());
        assertArrayEquals(first, Files.readAllBytes(twoTensors()));
    }

    @Test
    void aFlippedBitInTheDataIsReportedWithTheTensorAndItsBytes() throws IOException {
        Path file = twoTensors();
        byte[] bytes = Files.readAllBytes(file);
        long b = dataStart(bytes) + 8; // "b" follows the 8 bytes of "a"
        bytes[(int) b + 5] ^= 0x10;
        Files.write(file, bytes);
        String msg = assertThrows(WeightFileException.class, () -> SafeTensors.read(file))
                .getMessage();
        String header = header(bytes);
        assertEquals(
                file + ": tensor \"b\" is damaged: its data, bytes " + b + " to " + (b + 12) + ", have CRC32C "
                        + crc32cOf(bytes, (int) b, 12) + " but the header's checksum at byte "
                        + (8 + header.indexOf("\"tauon.crc32c.b\"")) + " says " + SafeTensorsTest.crc32c(3f, -4f, 5f),
                msg);
    }

    @Test
    void aDamagedWeightFileIsNotLoadedIntoTheModel() throws IOException {
        Sequential saved = new Sequential(new Flatten(), new Dense(3, Activation.RELU), new Dense(2))
                .build(new Generator(1), 1, 2, 2);
        Path file = dir.resolve("m.safetensors");
        Weights.save(saved, file);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 1] ^= 1; // the sign bit of the last bias
        Files.write(file, bytes);
        Sequential other = new Sequential(new Flatten(), new Dense(3, Activation.RELU), new Dense(2))
                .build(new Generator(2), 1, 2, 2);
        float[] before = other.parameters().get("2.bias").toArray();
        String msg = assertThrows(WeightFileException.class, () -> Weights.load(other, file))
                .getMessage();
        assertTrue(msg.startsWith(file + ": tensor \"2.bias\" is damaged: its data, bytes "), msg);
        assertArrayEquals(before, other.parameters().get("2.bias").toArray());
    }

    @Test
    void aDamagedChecksumKeyDoesNotTurnTheCheckOff() throws IOException {
        Path file = twoTensors();
        byte[] bytes = Files.readAllBytes(file);
        String header = header(bytes);
        bytes[8 + header.indexOf("crc32c.b")] = 'x'; // "tauon.xrc32c.b" would be an ordinary metadata key
        Files.write(file, bytes);
        assertEquals(
                file + ": malformed safetensors header at byte " + (8 + header.indexOf("\"b\":{")) + ": tensor \"b\""
                        + " has no checksum though the file has them for other tensors (its key \"tauon.crc32c.b\" is missing"
                        + " or damaged)",
                error(file));
    }

    @Test
    void filesWithoutChecksumsStillLoad() throws IOException {
        // as another tool writes them: no __metadata__ at all
        String json = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        Path file = file(json, 1.5f, -2f);
        SafeTensors.Contents c = SafeTensors.read(file);
        assertArrayEquals(new float[] {1.5f, -2f}, c.tensors().get("w").data());
        assertEquals(Map.of(), c.metadata());
    }

    @Test
    void aChecksumForNoTensorOrNotInHexIsAnError() throws IOException {
        String tensor = "\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}";
        Path file = file(
                "{\"__metadata__\":{\"tauon.crc32c.v\":\"" + SafeTensorsTest.crc32c(1f) + "\"}," + tensor + "}", 1f);
        assertEquals(
                file + ": malformed safetensors header at byte 25: checksum \"tauon.crc32c.v\" is for a tensor the"
                        + " file does not have",
                error(file));

        file = file("{\"__metadata__\":{\"tauon.crc32c.w\":\"12345g78\"}," + tensor + "}", 1f);
        assertEquals(
                file + ": malformed safetensors header at byte 42: checksum \"tauon.crc32c.w\" is \"12345g78\","
                        + " not eight hex digits",
                error(file));

        // a checksum that matches passes, in either case of hex digits
        file = file(
                "{\"__metadata__\":{\"tauon.crc32c.w\":\""
                        + SafeTensorsTest.crc32c(1f).toUpperCase() + "\"}," + tensor + "}",
                1f);
        assertEquals(1f, SafeTensors.read(file).tensors().get("w").data()[0]);
    }

    @Test
    void checksumKeysAreReservedForWrite() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> SafeTensors.write(dir.resolve("x.safetensors"), Map.of(), Map.of("tauon.crc32c.w", "00000000")));
        assertEquals(
                "safetensors: metadata key \"tauon.crc32c.w\" is reserved (keys starting tauon.crc32c. hold the"
                        + " checksums write computes)",
                e.getMessage());
    }

    private static String error(Path file) {
        return assertThrows(WeightFileException.class, () -> SafeTensors.read(file))
                .getMessage();
    }

    private Path file(String json, float... data) throws IOException {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(8 + h.length + 4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(h.length).put(h);
        for (float v : data) {
            buf.putFloat(v);
        }
        return Files.write(dir.resolve("other.safetensors"), buf.array());
    }

    private static String crc32cOf(byte[] bytes, int from, int length) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(bytes, from, length);
        return String.format("%08x", crc.getValue());
    }
}
