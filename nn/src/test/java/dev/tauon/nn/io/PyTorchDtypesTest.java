package dev.tauon.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tauon.core.Generator;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.layers.BatchNorm1D;
import dev.tauon.nn.layers.Dense;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A state dict as {@code safetensors.torch.save_file(model.state_dict())} writes it, built here byte
 * by byte: F16, BF16 and F64 weights converted to float exactly as torch's {@code .float()}, the
 * int64 {@code num_batches_tracked} skipped, other integer tensors and damaged data refused.
 */
class PyTorchDtypesTest {
    @TempDir
    Path dir;

    /** One tensor of a hand-built file: its dtype, shape and little-endian bytes. */
    private record Raw(String name, String dtype, int[] shape, byte[] data) {}

    private static byte[] halves(int... bits) {
        ByteBuffer b = ByteBuffer.allocate(2 * bits.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int h : bits) {
            b.putShort((short) h);
        }
        return b.array();
    }

    private static byte[] doubles(double... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            b.putDouble(v);
        }
        return b.array();
    }

    private static byte[] floats(float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    private static byte[] longs(long... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        return b.array();
    }

    /** Writes the tensors in order, each right after the previous; {@code cut} bytes short at the end. */
    private Path file(String name, int cut, Raw... tensors) throws IOException {
        StringBuilder json = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\"}");
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (Raw t : tensors) {
            StringBuilder shape = new StringBuilder();
            for (int d : t.shape()) {
                shape.append(shape.length() == 0 ? "" : ",").append(d);
            }
            json.append(",\"").append(t.name()).append("\":{\"dtype\":\"").append(t.dtype());
            json.append("\",\"shape\":[")
                    .append(shape)
                    .append("],\"data_offsets\":[")
                    .append(data.size());
            data.write(t.data());
            json.append(',').append(data.size()).append("]}");
        }
        byte[] head = json.append('}').toString().getBytes(StandardCharsets.UTF_8);
        byte[] body = data.toByteArray();
        ByteBuffer out =
                ByteBuffer.allocate(8 + head.length + body.length - cut).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(head.length).put(head).put(body, 0, body.length - cut);
        Path f = dir.resolve(name);
        Files.write(f, out.array());
        return f;
    }

    private static Sequential model() {
        return new Sequential(new Dense(2), new BatchNorm1D()).build(new Generator(1), 3);
    }

    /** Dense from nn.Linear(3, 2) in F16 and BF16, BatchNorm1d(2) in F64, F32, F16 and an int64 count. */
    private static List<Raw> stateDict() {
        List<Raw> raw = new ArrayList<>();
        // 1, -2, the smallest subnormal 2^-24, the largest subnormal 1023 * 2^-24, the largest half, 1/3 rounded
        raw.add(new Raw("0.weight", "F16", new int[] {2, 3}, halves(0x3c00, 0xc000, 0x0001, 0x03ff, 0x7bff, 0x3555)));
        raw.add(new Raw("0.bias", "BF16", new int[] {2}, halves(0x4049, 0xbf80))); // 3.140625, -1
        raw.add(new Raw("1.weight", "F64", new int[] {2}, doubles(0.1, 1 + 0x1p-24 + 0x1p-30)));
        raw.add(new Raw("1.bias", "F32", new int[] {2}, floats(0.5f, -0.25f)));
        raw.add(new Raw("1.running_mean", "F16", new int[] {2}, halves(0xfc00, 0x8000))); // -inf, -0
        raw.add(new Raw("1.running_var", "F16", new int[] {2}, halves(0x7e00, 0x7c00))); // NaN, +inf
        raw.add(new Raw("1.num_batches_tracked", "I64", new int[] {}, longs(7)));
        return raw;
    }

    @Test
    void readsHalvesBfloatsAndDoublesAsTorchConvertsThemAndSkipsTheBatchCount() throws IOException {
        Path f = file("mixed.safetensors", 0, stateDict().toArray(new Raw[0]));
        Sequential model = model();
        assertEquals(List.of("0 -> 0 Dense(2)", "1 -> 1 BatchNorm1D(2)"), PyTorchStateDict.load(model, f));

        float sub = 0x1p-24f;
        // [out 2, in 3] in the file, [in 3, out 2] in Tauon
        assertArrayEquals(
                new float[] {1f, 1023 * sub, -2f, 65504f, sub, 0.333251953125f},
                model.parameters().get("0.weight").data());
        assertArrayEquals(
                new float[] {3.140625f, -1f}, model.parameters().get("0.bias").data());
        // F64 rounded to nearest: 1 + 2^-24 + 2^-30 is above the midpoint, so 1 + 2^-23
        assertArrayEquals(
                new float[] {0.1f, Math.nextUp(1f)},
                model.parameters().get("1.weight").data());
        assertArrayEquals(
                new float[] {0.5f, -0.25f}, model.parameters().get("1.bias").data());
        float[] mean = model.buffers().get("1.running_mean").data();
        assertEquals(Float.NEGATIVE_INFINITY, mean[0]);
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(mean[1]));
        float[] var = model.buffers().get("1.running_var").data();
        assertEquals(0x7fc00000, Float.floatToRawIntBits(var[0]), "the quiet NaN of torch");
        assertEquals(Float.POSITIVE_INFINITY, var[1]);
        assertEquals(
                List.of("1.running_mean", "1.running_var"),
                List.copyOf(model.buffers().keySet()));
    }

    @Test
    void tauonsOwnReaderStillRefusesThem() throws IOException {
        Path f = file("mixed.safetensors", 0, stateDict().toArray(new Raw[0]));
        WeightFileException e = assertThrows(WeightFileException.class, () -> SafeTensors.read(f));
        assertEquals(
                f + ": safetensors header at byte 60: tensor \"0.weight\": dtype \"F16\" is not supported (Tauon"
                        + " reads F32, and I8 for quantised models; PyTorchStateDict reads PyTorch's F64, F16 and BF16)",
                e.getMessage());
    }

    @Test
    void integerTensorsOtherThanTheBatchCountAreRefusedByName() throws IOException {
        List<Raw> raw = stateDict();
        raw.set(3, new Raw("1.bias", "I64", new int[] {2}, longs(1, 2)));
        Path f = file("int.safetensors", 0, raw.toArray(new Raw[0]));
        Sequential model = model();
        float[] before = model.parameters().get("0.weight").data().clone();
        WeightFileException e = assertThrows(WeightFileException.class, () -> PyTorchStateDict.load(model, f));
        assertEquals(
                f + ": tensor \"1.bias\" is I64: integer tensors are read only as BatchNorm's num_batches_tracked"
                        + " (skipped); weights must be F32, F64, F16 or BF16",
                e.getMessage());
        assertArrayEquals(before, model.parameters().get("0.weight").data(), "nothing copied");

        raw.set(3, new Raw("1.bias", "I32", new int[] {2}, floats(1, 2)));
        Path g = file("int32.safetensors", 0, raw.toArray(new Raw[0]));
        assertEquals(
                g + ": tensor \"1.bias\" is I32: integer tensors are read only as BatchNorm's num_batches_tracked"
                        + " (skipped); weights must be F32, F64, F16 or BF16",
                assertThrows(WeightFileException.class, () -> PyTorchStateDict.load(model, g))
                        .getMessage());
    }

    @Test
    void oddSizedAndTruncatedDataAreRefusedWithOffsets() throws IOException {
        Path odd = file("odd.safetensors", 0, new Raw("a", "F16", new int[] {3}, new byte[5]));
        assertEquals(
                odd + ": malformed safetensors header at byte 86: tensor \"a\": shape [3] needs 6 bytes but"
                        + " data_offsets [0, 5] hold 5",
                assertThrows(WeightFileException.class, () -> SafeTensors.readPyTorch(odd))
                        .getMessage());

        Path doubles = file("f64.safetensors", 0, new Raw("a", "F64", new int[] {2}, new byte[12]));
        assertEquals(
                doubles + ": malformed safetensors header at byte 86: tensor \"a\": shape [2] needs 16 bytes but"
                        + " data_offsets [0, 12] hold 12",
                assertThrows(WeightFileException.class, () -> SafeTensors.readPyTorch(doubles))
                        .getMessage());

        Path cut = file("cut.safetensors", 2, new Raw("a", "BF16", new int[] {4}, new byte[8]));
        long size = Files.size(cut);
        assertEquals(
                cut + ": file truncated at byte " + size + ": tensor \"a\" needs bytes up to " + (size + 2),
                assertThrows(WeightFileException.class, () -> SafeTensors.readPyTorch(cut))
                        .getMessage());

        Path bool = file("bool.safetensors", 0, new Raw("a", "BOOL", new int[] {1}, new byte[1]));
        assertEquals(
                bool + ": safetensors header at byte 53: tensor \"a\": dtype \"BOOL\" is not supported (a PyTorch"
                        + " state dict is read from F32, F64, F16, BF16, and I64 or I32 for num_batches_tracked)",
                assertThrows(WeightFileException.class, () -> SafeTensors.readPyTorch(bool))
                        .getMessage());
    }

    @Test
    void halvesAreConvertedExactly() throws ReflectiveOperationException {
        assertEquals(0x1p-24f, Dtype.halfToFloat((short) 0x0001));
        assertEquals(-0x1p-14f, Dtype.halfToFloat((short) 0x8400), "smallest normal");
        assertEquals(65504f, Dtype.halfToFloat((short) 0x7bff));
        assertEquals(Float.NEGATIVE_INFINITY, Dtype.halfToFloat((short) 0xfc00));
        assertEquals(0x7fc02000, Float.floatToRawIntBits(Dtype.halfToFloat((short) 0x7e01)), "NaN payload kept");
        assertEquals(0xffc02000, Float.floatToRawIntBits(Dtype.halfToFloat((short) 0xfc01)), "signalling NaN quiet");
        Method jdk;
        try {
            jdk = Float.class.getMethod("float16ToFloat", short.class); // JDK 20+
        } catch (NoSuchMethodException e) {
            return;
        }
        for (int h = 0; h < 1 << 16; h++) {
            float expected = (float) jdk.invoke(null, (short) h);
            assertEquals(
                    Float.floatToRawIntBits(expected),
                    Float.floatToRawIntBits(Dtype.halfToFloat((short) h)),
                    "half 0x" + Integer.toHexString(h));
        }
    }
}
