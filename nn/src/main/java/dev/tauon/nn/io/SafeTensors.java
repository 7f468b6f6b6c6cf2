package dev.tauon.nn.io;

import dev.tauon.core.Tensor;
import dev.tauon.core.io.AtomicFiles;
import dev.tauon.core.io.Excerpt;
import dev.tauon.core.io.JsonStrings;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads and writes the safetensors format: an 8-byte little-endian header length, a JSON header
 * {@code {"__metadata__":{...},"name":{"dtype":"F32","shape":[...],"data_offsets":[begin,end]},...}},
 * then the raw little-endian data, offsets counted from the end of the header. Tauon's tensors are
 * float32, written and read as F32; a quantised model's int8 weights ({@link Int8Tensor}) are
 * written as I8 by {@link #write(Path, Map, Map, Map)} and read by {@link #readWithInt8}, while
 * {@link #read} refuses them (a float model cannot load them).
 *
 * <p>Files are written to a temporary file beside the target and renamed into place, so a crash
 * never leaves a half-written file under the real name. Reading checks the whole layout and names
 * the byte offset of the first problem; values from the file are quoted in messages through
 * {@link Excerpt}, so a huge or binary name cannot make a huge or binary message.
 *
 * <p><b>Checksums.</b> The format has none, so {@link #write} puts one per tensor into
 * {@code __metadata__}: key {@code "tauon.crc32c.<tensor name>"} ({@link #CHECKSUM_PREFIX}), value
 * the CRC32C of the tensor's little-endian bytes (an I8 tensor's own bytes) as eight lowercase hex digits, for example
 * {@code "tauon.crc32c.0.weight":"8d1f00c2"}. {@link #read} verifies every checksum present and
 * reports a mismatch with the tensor's name and byte range. A checksum for a tensor the file does
 * not have is an error too, and so is a tensor without one in a file that has them (its key was
 * damaged: Tauon writes one for every tensor). Files from other tools, which have none, load
 * unchecked. The checksum
 * entries are not part of {@link Contents#metadata()}. The header itself is not covered: damage to
 * its structure fails the parse, but a changed character inside a metadata value goes unnoticed.
 *
 * <p><b>Limits.</b> A header may be up to {@link #MAX_HEADER_BYTES} long, and within that a damaged
 * one could declare tens of millions of array elements or tensors. Reading therefore refuses, at
 * the byte offset where the parser meets it and before allocating anything for it, a header with
 * more than {@link #MAX_TENSORS} tensors, a shape of more than {@link #MAX_RANK} dimensions,
 * data_offsets of other than 2 entries, more than {@link #MAX_METADATA_ENTRIES} metadata entries,
 * a name, key or dtype longer than {@link #MAX_NAME_BYTES} bytes (checksum keys: the prefix and a
 * name), or strings of more than {@link #MAX_STRING_BYTES} bytes in all (metadata values included).
 * Within these limits, reading any header takes at most {@value #HEADER_HEAP_BOUND_MIB} MiB of heap,
 * counted as all it allocates, so less is live at once (SafeTensorsLimitsTest measures the worst
 * cases: 116 MiB on JDK 17). The tensors then take their own size, 4 bytes an element (1 for I8), plus a 64 KiB
 * buffer; the header is read through a 64 KiB window, never whole. {@link #write} refuses, with an
 * {@link IllegalArgumentException} and before creating any file, what reading would refuse.
 */
public final class SafeTensors {
    /** The header limit of the reference implementation; larger headers are refused as corrupt. */
    public static final long MAX_HEADER_BYTES = 100L << 20;
    /** The most tensors a file may hold; real models, even with optimiser state, hold a few thousand. */
    public static final int MAX_TENSORS = 65_536;
    /** The most dimensions a tensor may have; Tauon's layers use at most 4. */
    public static final int MAX_RANK = 8;
    /** The most {@code __metadata__} entries, checksum entries not counted. */
    public static final int MAX_METADATA_ENTRIES = 4_096;
    /** The longest tensor name, metadata key or dtype, in bytes as written (UTF-8, escapes as written). */
    public static final int MAX_NAME_BYTES = 1_024;
    /**
     * The most bytes all strings of a header may take together, as written: names, keys, dtypes and
     * metadata values. A checkpoint's longest value, its training history, is about 100 KB for 1,000
     * epochs.
     */
    public static final int MAX_STRING_BYTES = 16 << 20;
    /** The start of the metadata key of a tensor's checksum, which the tensor's name completes. */
    public static final String CHECKSUM_PREFIX = "tauon.crc32c.";
    /** The most heap reading a header within the limits takes, in MiB (see the class comment). */
    public static final int HEADER_HEAP_BOUND_MIB = 128;

    private SafeTensors() {}

    /**
     * The tensors of a file, in file order, and its {@code __metadata__} strings (checksum entries
     * left out); the I8 tensors apart, in file order (empty unless read by {@link #readWithInt8}).
     */
    public record Contents(
            Map<String, Tensor> tensors, Map<String, String> metadata, Map<String, Int8Tensor> int8Tensors) {}

    /**
     * Writes {@code tensors} (in map order) and {@code metadata} (in key order, whatever the map's
     * order, so the same weights always give the same bytes) to {@code file}, atomically, with a
     * checksum of each tensor in the metadata.
     *
     * @throws IllegalArgumentException if a metadata key starts with {@link #CHECKSUM_PREFIX}, a tensor
     *                                  is named {@code __metadata__}, or the file would be beyond the limits
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        write(file, tensors, Map.of(), metadata);
    }

    /**
     * {@link #write(Path, Map, Map)} with int8 tensors too, written as I8 after the F32 ones, in map
     * order, each with its checksum.
     *
     * @throws IllegalArgumentException as the other {@code write}, or if a name is in both maps
     */
    public static void write(
            Path file, Map<String, Tensor> tensors, Map<String, Int8Tensor> int8Tensors, Map<String, String> metadata)
            throws IOException {
        TensorBytes data = new TensorBytes();
        Map<String, String> meta = new TreeMap<>();
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            if (e.getKey().startsWith(CHECKSUM_PREFIX)) {
                throw new IllegalArgumentException("safetensors: metadata key " + Excerpt.of(e.getKey())
                        + " is reserved (keys starting " + CHECKSUM_PREFIX + " hold the checksums write computes)");
            }
            meta.put(e.getKey(), e.getValue());
        }
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (e.getKey().equals("__metadata__")) {
                throw new IllegalArgumentException("safetensors: '__metadata__' cannot name a tensor");
            }
            meta.put(
                    TensorChecksums.key(e.getKey()),
                    TensorChecksums.hex(data.crc32c(e.getValue().data())));
        }
        for (Map.Entry<String, Int8Tensor> e : int8Tensors.entrySet()) {
            if (tensors.containsKey(e.getKey()) || e.getKey().equals("__metadata__")) {
                throw new IllegalArgumentException("safetensors: int8 tensor " + Excerpt.of(e.getKey())
                        + " has the name of a float tensor or of the metadata");
            }
            meta.put(
                    TensorChecksums.key(e.getKey()),
                    TensorChecksums.hex(data.crc32c(e.getValue().data())));
        }
        byte[] head = header(tensors, int8Tensors, meta);
        try {
            SafeTensorsHeader.parse(new HeaderJson(HeaderBytes.of(head, 8), 8, file), Dtype.TAUON_INT8);
        } catch (WeightFileException e) {
            throw new IllegalArgumentException(
                    "safetensors: not writing a file that read would refuse: " + e.getMessage(), e);
        }

        Path tmp = AtomicFiles.createSibling(file, ".tmp");
        try {
            try (FileChannel ch =
                    FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer length =
                        ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, head.length);
                writeFully(ch, length);
                writeFully(ch, ByteBuffer.wrap(head));
                for (Tensor t : tensors.values()) {
                    data.write(ch, t.data());
                }
                for (Int8Tensor t : int8Tensors.values()) {
                    data.write(ch, t.data());
                }
                ch.force(true);
            }
            AtomicFiles.moveIntoPlace(tmp, file);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The header JSON, padded with spaces as the reference does so that the data start 8-aligned. */
    private static byte[] header(
            Map<String, Tensor> tensors, Map<String, Int8Tensor> int8Tensors, Map<String, String> sortedMetadata) {
        StringBuilder json = new StringBuilder("{");
        if (!sortedMetadata.isEmpty()) {
            json.append("\"__metadata__\":{");
            String sep = "";
            for (Map.Entry<String, String> e : sortedMetadata.entrySet()) {
                json.append(sep)
                        .append(JsonStrings.quote(e.getKey()))
                        .append(':')
                        .append(JsonStrings.quote(e.getValue()));
                sep = ",";
            }
            json.append('}');
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            offset = entry(
                    json,
                    e.getKey(),
                    "F32",
                    e.getValue().shape(),
                    offset,
                    4L * e.getValue().size());
        }
        for (Map.Entry<String, Int8Tensor> e : int8Tensors.entrySet()) {
            offset = entry(
                    json,
                    e.getKey(),
                    "I8",
                    e.getValue().shape(),
                    offset,
                    e.getValue().data().length);
        }
        json.append('}');
        byte[] header = json.toString().getBytes(StandardCharsets.UTF_8);
        byte[] padded = Arrays.copyOf(header, (header.length + 7) / 8 * 8);
        Arrays.fill(padded, header.length, padded.length, (byte) ' ');
        return padded;
    }

    /** Appends one tensor's header entry; returns the offset after its data. */
    private static long entry(StringBuilder json, String name, String dtype, int[] shape, long offset, long bytes) {
        json.append(json.length() > 1 ? "," : "")
                .append(JsonStrings.quote(name))
                .append(":{\"dtype\":\"")
                .append(dtype)
                .append("\",\"shape\":")
                .append(shapeJson(shape))
                .append(",\"data_offsets\":[")
                .append(offset)
                .append(',')
                .append(offset + bytes)
                .append("]}");
        return offset + bytes;
    }

    private static String shapeJson(int[] shape) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ",").append(shape[i]);
        }
        return sb.append(']').toString();
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    /**
     * Reads every tensor and the metadata of {@code file}, checking the layout and any checksums
     * first. I8 tensors are refused: they are a quantised model's ({@link #readWithInt8}).
     */
    public static Contents read(Path file) throws IOException {
        return read(file, Dtype.TAUON, null);
    }

    /** {@link #read}, with the I8 tensors of a quantised model's file in {@link Contents#int8Tensors()}. */
    public static Contents readWithInt8(Path file) throws IOException {
        return read(file, Dtype.TAUON_INT8, null);
    }

    /**
     * A PyTorch state dict's tensors, every one read as float (F64 rounded, F16 and BF16 exactly,
     * integers as {@code (float)} of their value), in file order, and each one's dtype in the file.
     */
    record PyTorchTensors(Map<String, Tensor> tensors, Map<String, Dtype> dtypes) {}

    /**
     * {@link #read}, for {@link PyTorchStateDict} only: also F64, F16, BF16, I64 and I32 tensors,
     * converted to float as torch's {@code .float()} converts them; the same limits, layout and
     * checksum rules.
     */
    static PyTorchTensors readPyTorch(Path file) throws IOException {
        Map<String, Dtype> dtypes = new LinkedHashMap<>();
        Contents contents = read(file, Dtype.PYTORCH, dtypes);
        return new PyTorchTensors(contents.tensors(), dtypes);
    }

    /** Reads the tensors of the {@code accepted} dtypes, recording each one's dtype in {@code dtypes} if given. */
    private static Contents read(Path file, Set<Dtype> accepted, Map<String, Dtype> dtypes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw new WeightFileException(
                        file,
                        "file truncated at byte " + size + ": a safetensors file starts with an 8-byte header length");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            TensorBytes.readFully(ch, lenBuf, 0);
            long headerLength = lenBuf.getLong(0);
            if (headerLength < 2 || headerLength > MAX_HEADER_BYTES) {
                throw new WeightFileException(
                        file,
                        "bad header length " + headerLength + " at byte 0 (must be 2 to " + MAX_HEADER_BYTES
                                + "); is this a safetensors file?");
            }
            if (8 + headerLength > size) {
                throw new WeightFileException(
                        file,
                        "file truncated at byte " + size + ": the header alone needs " + (8 + headerLength) + " bytes");
            }
            SafeTensorsHeader header =
                    SafeTensorsHeader.parse(new HeaderJson(HeaderBytes.of(ch, 8, headerLength), 8, file), accepted);
            long dataStart = 8 + headerLength;
            checkLayout(file, header.tensors(), size - dataStart, dataStart);
            TensorBytes data = new TensorBytes();
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            Map<String, Int8Tensor> int8Tensors = new LinkedHashMap<>();
            for (TensorEntry e : header.tensors()) {
                float[] values = null;
                byte[] bytes = null;
                if (e.dtype() == Dtype.I8) {
                    bytes = data.readBytes(ch, dataStart + e.begin(), e.size());
                } else {
                    values = data.read(ch, dataStart + e.begin(), e.size(), e.dtype());
                }
                if (dtypes != null) {
                    dtypes.put(e.name(), e.dtype());
                }
                SafeTensorsHeader.Checksum expected = header.checksums().get(e.name());
                if (expected != null && expected.crc32c() != data.lastCrc32c()) {
                    throw new WeightFileException(
                            file,
                            "tensor " + Excerpt.of(e.name()) + " is damaged: its data, bytes "
                                    + (dataStart + e.begin()) + " to " + (dataStart + e.end()) + ", have CRC32C "
                                    + TensorChecksums.hex(data.lastCrc32c()) + " but the header's checksum at byte "
                                    + expected.keyOffset() + " says " + TensorChecksums.hex(expected.crc32c()));
                }
                if (bytes != null) {
                    int8Tensors.put(e.name(), new Int8Tensor(bytes, e.shape()));
                } else {
                    tensors.put(e.name(), Tensor.wrap(values, e.shape()));
                }
            }
            return new Contents(tensors, header.metadata(), int8Tensors);
        }
    }

    /** The data must be covered exactly, in order, without holes or overlaps, and lie inside the file. */
    private static void checkLayout(Path file, List<TensorEntry> entries, long dataBytes, long dataStart)
            throws WeightFileException {
        List<TensorEntry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(TensorEntry::begin));
        long expected = 0;
        for (TensorEntry e : byOffset) {
            if (e.begin() != expected) {
                throw new WeightFileException(
                        file,
                        "tensor " + Excerpt.of(e.name()) + " data starts at offset " + e.begin()
                                + " but the previous tensor ends at " + expected
                                + " (holes and overlaps are not allowed)");
            }
            if (dataStart + e.end() > dataStart + dataBytes) {
                throw new WeightFileException(
                        file,
                        "file truncated at byte " + (dataStart + dataBytes) + ": tensor " + Excerpt.of(e.name())
                                + " needs bytes up to " + (dataStart + e.end()));
            }
            expected = e.end();
        }
        if (expected != dataBytes) {
            throw new WeightFileException(
                    file,
                    (dataBytes - expected) + " bytes after the last tensor's data (file has " + (dataStart + dataBytes)
                            + " bytes, data ends at " + (dataStart + expected) + ")");
        }
    }
}
