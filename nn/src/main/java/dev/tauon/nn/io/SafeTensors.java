package dev.tauon.nn.io;

import dev.tauon.core.Tensor;
import dev.tauon.core.io.AtomicFiles;
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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the safetensors format: an 8-byte little-endian header length, a JSON header
 * {@code {"__metadata__":{...},"name":{"dtype":"F32","shape":[...],"data_offsets":[begin,end]},...}},
 * then the raw little-endian data, offsets counted from the end of the header. Only F32 tensors are
 * written and read, since Tauon's tensors are float32.
 *
 * <p>Files are written to a temporary file beside the target and renamed into place, so a crash
 * never leaves a half-written file under the real name. Reading checks the whole layout and names
 * the byte offset of the first problem.
 */
public final class SafeTensors {
    /** The header limit of the reference implementation; larger headers are refused as corrupt. */
    static final long MAX_HEADER_BYTES = 100L << 20;

    private SafeTensors() {
    }

    /** The tensors of a file, in file order, and its {@code __metadata__} strings. */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
    }

    /**
     * Writes {@code tensors} (in map order) and {@code metadata} (in key order, whatever the map's
     * order, so the same weights always give the same bytes) to {@code file}, atomically.
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        StringBuilder json = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            json.append("\"__metadata__\":{");
            String sep = "";
            for (Map.Entry<String, String> e : new java.util.TreeMap<>(metadata).entrySet()) {
                json.append(sep).append(JsonStrings.quote(e.getKey())).append(':').append(JsonStrings.quote(e.getValue()));
                sep = ",";
            }
            json.append('}');
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (e.getKey().equals("__metadata__")) {
                throw new IllegalArgumentException("safetensors: '__metadata__' cannot name a tensor");
            }
            long bytes = 4L * e.getValue().size();
            json.append(json.length() > 1 ? "," : "").append(JsonStrings.quote(e.getKey()))
                    .append(":{\"dtype\":\"F32\",\"shape\":").append(shapeJson(e.getValue().shape()))
                    .append(",\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
            offset += bytes;
        }
        json.append('}');
        byte[] header = json.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (header.length + 7) / 8 * 8; // the reference pads with spaces to align the data
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(header);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        head.flip();

        Path tmp = AtomicFiles.createSibling(file, ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                writeFully(ch, head);
                for (Tensor t : tensors.values()) {
                    writeFloats(ch, t.data());
                }
                ch.force(true);
            }
            AtomicFiles.moveIntoPlace(tmp, file);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static String shapeJson(int[] shape) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ",").append(shape[i]);
        }
        return sb.append(']').toString();
    }

    private static void writeFloats(FileChannel ch, float[] data) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < data.length; ) {
            int n = Math.min(data.length - i, buf.capacity() / 4);
            buf.clear();
            buf.asFloatBuffer().put(data, i, n);
            buf.limit(4 * n);
            writeFully(ch, buf);
            i += n;
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    /** Reads every tensor and the metadata of {@code file}, checking the layout first. */
    public static Contents read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw new WeightFileException(file, "file truncated at byte " + size
                        + ": a safetensors file starts with an 8-byte header length");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0);
            long headerLength = lenBuf.getLong(0);
            if (headerLength < 2 || headerLength > MAX_HEADER_BYTES) {
                throw new WeightFileException(file, "bad header length " + headerLength + " at byte 0 (must be 2 to "
                        + MAX_HEADER_BYTES + "); is this a safetensors file?");
            }
            if (8 + headerLength > size) {
                throw new WeightFileException(file, "file truncated at byte " + size + ": the header alone needs "
                        + (8 + headerLength) + " bytes");
            }
            ByteBuffer headerBuf = ByteBuffer.allocate((int) headerLength);
            readFully(ch, headerBuf, 8);
            Map<String, Object> header = HeaderJson.parseObject(headerBuf.array(), (int) headerLength, file, 8);
            long dataStart = 8 + headerLength;
            Map<String, String> metadata = metadata(file, header.remove("__metadata__"));
            List<TensorEntry> entries = new ArrayList<>();
            for (Map.Entry<String, Object> e : header.entrySet()) {
                entries.add(TensorEntry.parse(file, e.getKey(), e.getValue()));
            }
            checkLayout(file, entries, size - dataStart, dataStart);
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (TensorEntry e : entries) {
                ByteBuffer data = ByteBuffer.allocate((int) (e.end() - e.begin())).order(ByteOrder.LITTLE_ENDIAN);
                readFully(ch, data, dataStart + e.begin());
                float[] values = new float[data.capacity() / 4];
                data.asFloatBuffer().get(values);
                tensors.put(e.name(), Tensor.wrap(values, e.shape()));
            }
            return new Contents(tensors, metadata);
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long at = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, at);
            if (n < 0) {
                throw new IOException("unexpected end of file at byte " + at);
            }
            at += n;
        }
        buf.flip();
    }

    private static Map<String, String> metadata(Path file, Object value) throws WeightFileException {
        Map<String, String> metadata = new LinkedHashMap<>();
        if (value == null) {
            return metadata;
        }
        if (!(value instanceof Map)) {
            throw new WeightFileException(file, "__metadata__ must be an object of strings");
        }
        for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
            if (!(e.getValue() instanceof String)) {
                throw new WeightFileException(file, "__metadata__ value of \"" + e.getKey() + "\" is not a string");
            }
            metadata.put((String) e.getKey(), (String) e.getValue());
        }
        return metadata;
    }

    /** The data must be covered exactly, in order, without holes or overlaps, and lie inside the file. */
    private static void checkLayout(Path file, List<TensorEntry> entries, long dataBytes, long dataStart) throws WeightFileException {
        List<TensorEntry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(TensorEntry::begin));
        long expected = 0;
        for (TensorEntry e : byOffset) {
            if (e.begin() != expected) {
                throw new WeightFileException(file, "tensor '" + e.name() + "' data starts at offset " + e.begin()
                        + " but the previous tensor ends at " + expected + " (holes and overlaps are not allowed)");
            }
            if (dataStart + e.end() > dataStart + dataBytes) {
                throw new WeightFileException(file, "file truncated at byte " + (dataStart + dataBytes) + ": tensor '"
                        + e.name() + "' needs bytes up to " + (dataStart + e.end()));
            }
            expected = e.end();
        }
        if (expected != dataBytes) {
            throw new WeightFileException(file, (dataBytes - expected) + " bytes after the last tensor's data (file has "
                    + (dataStart + dataBytes) + " bytes, data ends at " + (dataStart + expected) + ")");
        }
    }
}
