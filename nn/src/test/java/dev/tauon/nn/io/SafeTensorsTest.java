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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
    @TempDir
    Path dir;

    private static Sequential model(long seed, int hidden) {
        return new Sequential(new Flatten(), new Dense(hidden, Activation.RELU), new Dense(2))
                .build(new Generator(seed), 1, 2, 2);
    }

    @Test
    void sameTensorsAndMetadataGiveTheSameBytesWhateverTheMapOrder(@TempDir Path dir) throws IOException {
        Map<String, Tensor> tensors = Map.of("w", Tensor.of(new float[] {1.5f, -2f}, 2));
        Map<String, String> ba = new LinkedHashMap<>();
        ba.put("producer", "tauon");
        ba.put("format", "pt");
        Map<String, String> ab = new LinkedHashMap<>();
        ab.put("format", "pt");
        ab.put("producer", "tauon");
        SafeTensors.write(dir.resolve("ba.safetensors"), tensors, ba);
        SafeTensors.write(dir.resolve("ab.safetensors"), tensors, ab);
        byte[] first = Files.readAllBytes(dir.resolve("ba.safetensors"));
        assertArrayEquals(first, Files.readAllBytes(dir.resolve("ab.safetensors")));
        String header = new String(first, 8, first.length - 8 - 8, StandardCharsets.UTF_8);
        assertTrue(
                header.startsWith("{\"__metadata__\":{\"format\":\"pt\",\"producer\":\"tauon\",\"tauon.crc32c.w\":\""),
                header);
    }

    @Test
    void saveThenLoadIsBitwise() throws IOException {
        Sequential saved = model(1, 3);
        float[] special = saved.parameters().get("1.bias").data();
        special[0] = -0f;
        special[1] = Float.intBitsToFloat(0x7fc01234); // a NaN with a payload
        special[2] = Float.MIN_VALUE;
        Path file = dir.resolve("model.safetensors");
        Weights.save(saved, file);
        Sequential loaded = model(2, 3);
        Weights.load(loaded, file);
        for (String name : saved.parameters().keySet()) {
            float[] a = saved.parameters().get(name).data();
            float[] b = loaded.parameters().get(name).data();
            for (int i = 0; i < a.length; i++) {
                assertEquals(Float.floatToRawIntBits(a[i]), Float.floatToRawIntBits(b[i]), name + "[" + i + "]");
            }
        }
        assertEquals(
                List.of("model.safetensors"), Arrays.stream(dir.toFile().list()).toList(), "no temporary file left");
    }

    @Test
    void layoutIsTheSafetensorsFormat() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("a", Tensor.of(new float[] {1f, 2f}, 2));
        tensors.put("b\"q", Tensor.of(new float[] {3f}, 1, 1));
        Path file = dir.resolve("t.safetensors");
        SafeTensors.write(file, tensors, Map.of("k", "v"));
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = buf.getLong(0);
        assertEquals(0, (8 + n) % 8, "data aligned to 8 bytes");
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertEquals(
                "{\"__metadata__\":{\"k\":\"v\",\"tauon.crc32c.a\":\"" + crc32c(1f, 2f)
                        + "\",\"tauon.crc32c.b\\\"q\":\""
                        + crc32c(3f) + "\"},\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                        + "\"b\\\"q\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[8,12]}}",
                header.trim());
        assertEquals(8 + n + 12, bytes.length);
        assertEquals(1f, buf.getFloat((int) (8 + n)));
        assertEquals(3f, buf.getFloat((int) (8 + n + 8)));
        SafeTensors.Contents back = SafeTensors.read(file);
        assertEquals(List.of("a", "b\"q"), List.copyOf(back.tensors().keySet()));
        assertEquals(Map.of("k", "v"), back.metadata());
        assertArrayEquals(new int[] {1, 1}, back.tensors().get("b\"q").shape());
    }

    /** The CRC32C of {@code values}' little-endian bytes as eight hex digits, computed here independently. */
    static String crc32c(float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        CRC32C crc = new CRC32C();
        crc.update(b.array());
        return String.format("%08x", crc.getValue());
    }

    private Path write(String header, int dataBytes) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(h.length).put(h);
        Path file = dir.resolve("bad.safetensors");
        Files.write(file, buf.array());
        return file;
    }

    private static String error(Path file) {
        return assertThrows(WeightFileException.class, () -> SafeTensors.read(file))
                .getMessage();
    }

    @Test
    void malformedFilesNameTheProblemAndTheByte() throws IOException {
        Path f = write("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 4);
        assertEquals(f + ": file truncated at byte 66: tensor \"a\" needs bytes up to 70", error(f));

        f = write("{\"a\":{\"dtype\":\"F32\",\"shape\":[2] \"data_offsets\":[0,8]}}", 8);
        assertEquals(
                f + ": malformed safetensors header at byte 40: expected '}' after the fields of tensor \"a\","
                        + " found '\"'",
                error(f));

        f = write("{\"a\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4);
        assertEquals(
                f + ": safetensors header at byte 22: tensor \"a\": dtype \"F16\" is not supported"
                        + " (Tauon reads F32, and I8 for quantised models; PyTorchStateDict reads PyTorch's F64, F16 and BF16)",
                error(f));

        f = write("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8);
        assertEquals(
                f + ": malformed safetensors header at byte 55: tensor \"a\": shape [3] needs 12 bytes but"
                        + " data_offsets [0, 8] hold 8",
                error(f));

        f = write("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8);
        assertEquals(
                f + ": tensor \"a\" data starts at offset 4 but the previous tensor ends at 0"
                        + " (holes and overlaps are not allowed)",
                error(f));

        // 100,000 nested brackets: a recursive parser without a limit would overflow its stack here
        f = write("{\"a\":" + "[".repeat(100_000) + "}", 0);
        assertEquals(
                f + ": malformed safetensors header at byte " + (8 + 5) + ": tensor \"a\": expected an object,"
                        + " found '['",
                error(f));

        f = write("{\"a\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}", 4);
        assertEquals(
                f + ": malformed safetensors header at byte 38: expected an integer, found a fraction or exponent",
                error(f));

        Files.write(f, new byte[] {1, 2, 3});
        assertEquals(
                f + ": file truncated at byte 3: a safetensors file starts with an 8-byte header length", error(f));

        Files.write(f, new byte[] {(byte) 0xff, 0, 0, 0, 0, 0, 0, 0x7f, '{', '}'});
        assertEquals(
                f + ": bad header length 9151314442816848127 at byte 0 (must be 2 to 104857600);"
                        + " is this a safetensors file?",
                error(f));
    }

    @Test
    void truncatedWeightFileIsCaught() throws IOException {
        Path file = dir.resolve("m.safetensors");
        Weights.save(model(1, 3), file);
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(whole, whole.length - 5));
        String msg = assertThrows(WeightFileException.class, () -> Weights.load(model(1, 3), file))
                .getMessage();
        assertEquals(
                file + ": file truncated at byte " + (whole.length - 5) + ": tensor \"2.bias\" needs bytes up to "
                        + whole.length,
                msg);
    }

    @Test
    void mismatchedModelListsEveryDifference() throws IOException {
        Path file = dir.resolve("m.safetensors");
        Weights.save(model(1, 3), file);
        Sequential other = new Sequential(new Flatten(), new Dense(5, Activation.RELU), new Dense(2), new Dense(1))
                .build(new Generator(1), 1, 2, 2);
        float[] before = other.parameters().get("3.weight").toArray();
        String msg = assertThrows(WeightFileException.class, () -> Weights.load(other, file))
                .getMessage();
        assertEquals(
                file + ": weights do not match the model: 1.weight: file has [4, 3], model has [4, 5];"
                        + " 1.bias: file has [3], model has [5]; 2.weight: file has [3, 2], model has [5, 2];"
                        + " missing 3.weight [2, 1]; missing 3.bias [1]",
                msg);
        assertArrayEquals(before, other.parameters().get("3.weight").toArray(), "nothing loaded on a mismatch");

        Sequential smaller =
                new Sequential(new Flatten(), new Dense(3, Activation.RELU)).build(new Generator(1), 1, 2, 2);
        msg = assertThrows(WeightFileException.class, () -> Weights.load(smaller, file))
                .getMessage();
        assertEquals(
                file + ": weights do not match the model: unexpected \"2.weight\" [3, 2]; unexpected \"2.bias\" [2]",
                msg);
    }

    @Test
    void unbuiltModelCannotLoad() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> Weights.load(new Sequential(new Dense(2)), dir.resolve("x.safetensors")));
        assertEquals("Sequential has no parameters to load; build it first (model.build(inputShape))", e.getMessage());
    }
}
