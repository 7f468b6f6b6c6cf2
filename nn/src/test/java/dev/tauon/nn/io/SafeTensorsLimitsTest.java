package dev.tauon.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tauon.core.Tensor;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The limits of {@link SafeTensors}: headers at them read within the stated heap, headers beyond
 * them fail at the right byte, naming the limit, before anything big is allocated.
 */
class SafeTensorsLimitsTest {
    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    /** A header as a builder, so a test can note the file offset of the element it will break. */
    private static final class Header {
        final StringBuilder json = new StringBuilder("{");

        Header add(String s) {
            json.append(s);
            return this;
        }

        /** The file offset the next character appended will have: 8 length bytes, then the JSON. */
        long offset() {
            return 8 + json.toString().getBytes(StandardCharsets.UTF_8).length;
        }
    }

    private Path file(String json) throws IOException {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        Path file = dir.resolve("limits.safetensors");
        try (FileChannel ch = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer len =
                    ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, h.length);
            ch.write(len);
            ByteBuffer body = ByteBuffer.wrap(h);
            while (body.hasRemaining()) {
                ch.write(body);
            }
        }
        return file;
    }

    private interface Read {
        void run() throws IOException;
    }

    /** Bytes of heap the current thread allocates while {@code read} runs, an upper bound of what it needs live. */
    private static long allocatedBy(Read read) throws IOException {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(
                threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
                "this JVM cannot count allocated bytes");
        long before = threads.getCurrentThreadAllocatedBytes();
        read.run();
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    private static String zeroTensor(int i) {
        return String.format("\"t%05d\":{\"dtype\":\"F32\",\"shape\":[0,0,0,0,0,0,0,0],\"data_offsets\":[0,0]}", i);
    }

    private static String error(Path file) {
        return assertThrows(WeightFileException.class, () -> SafeTensors.read(file))
                .getMessage();
    }

    /** The error reading {@code file}, checking that nothing big was allocated before it. */
    private static String errorWithoutBigAllocation(Path file) throws IOException {
        String[] message = new String[1];
        long allocated = allocatedBy(() -> message[0] = error(file));
        assertTrue(allocated < MIB, allocated + " bytes allocated before the error: " + message[0]);
        return message[0];
    }

    private static String beyond(Path file, long offset, String problem) {
        return file + ": safetensors header at byte " + offset + " is beyond Tauon's limits: " + problem;
    }

    @Test
    void worstCaseHeadersWithinTheLimitsReadWithinTheStatedHeap() throws IOException {
        // Every limit used at once: the most tensors, each of the most dimensions, the most metadata
        // entries, and the rest of the string budget in one value, in the two costliest forms: plain
        // UTF-8 with one character beyond Latin-1 (so the value is stored as UTF-16, two bytes a
        // character, after the decoder's own scratch arrays), and escapes decoding to UTF-16.
        Header h = new Header().add("\"__metadata__\":{");
        for (int i = 0; i < SafeTensors.MAX_METADATA_ENTRIES - 1; i++) {
            h.add(String.format("\"m%05d\":\"\",", i));
        }
        StringBuilder tensors = new StringBuilder();
        for (int i = 0; i < SafeTensors.MAX_TENSORS; i++) {
            tensors.append(',').append(zeroTensor(i));
        }
        long used = 12
                + 6L * (SafeTensors.MAX_METADATA_ENTRIES - 1)
                + 3 // __metadata__, the keys, "big"
                + (6 + 5 + 3 + 5 + 12) * (long) SafeTensors.MAX_TENSORS; // name, dtype, F32, shape, data_offsets
        int left = (int) (SafeTensors.MAX_STRING_BYTES - used);
        String plain = "x".repeat(left - 2) + "\u0100"; // U+0100 takes 2 bytes in UTF-8
        String escaped = "\\n\u0100abcdef".repeat(left / 10) + "x".repeat(left % 10); // 10 bytes a repeat
        for (String big : new String[] {plain, escaped}) {
            Path f = file(h.json + "\"big\":\"" + big + "\"}" + tensors + "}");
            SafeTensors.Contents[] read = new SafeTensors.Contents[1];
            long allocated = allocatedBy(() -> read[0] = SafeTensors.read(f));
            assertEquals(SafeTensors.MAX_TENSORS, read[0].tensors().size());
            assertArrayEquals(
                    new int[SafeTensors.MAX_RANK],
                    read[0].tensors().get("t65535").shape());
            assertEquals(SafeTensors.MAX_METADATA_ENTRIES, read[0].metadata().size());
            assertEquals(
                    big.length() - (big == plain ? 0 : left / 10),
                    read[0].metadata().get("big").length());
            assertTrue(allocated <= SafeTensors.HEADER_HEAP_BOUND_MIB * MIB, allocated / MIB + " MiB allocated");
        }
    }

    @Test
    void oneTensorTooManyIsRefusedAtItsName() throws IOException {
        Header h = new Header().add(zeroTensor(0));
        for (int i = 1; i < SafeTensors.MAX_TENSORS; i++) {
            h.add(",").add(zeroTensor(i));
        }
        long at = h.add(",").offset();
        Path f = file(h.add(zeroTensor(SafeTensors.MAX_TENSORS)).add("}").json.toString());
        assertEquals(beyond(f, at, "more than 65536 tensors (SafeTensors.MAX_TENSORS)"), error(f));
    }

    @Test
    void aMillionDimensionsAreRefusedAtTheNinth() throws IOException {
        Header h = new Header().add("\"a\":{\"dtype\":\"F32\",\"shape\":[");
        long ninth = h.offset() + 2 * SafeTensors.MAX_RANK;
        Path f = file(h.add("0,".repeat(999_999))
                .add("0],\"data_offsets\":[0,0]}}")
                .json
                .toString());
        assertEquals(
                beyond(f, ninth, "tensor \"a\": shape has more than 8 dimensions (SafeTensors.MAX_RANK)"),
                errorWithoutBigAllocation(f));
    }

    @Test
    void aMillionDataOffsetsAreRefusedAtTheThird() throws IOException {
        Header h = new Header().add("\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[");
        long third = h.offset() + 4;
        Path f = file(h.add("0,".repeat(999_999)).add("0]}}").json.toString());
        assertEquals(
                f + ": malformed safetensors header at byte " + third + ": tensor \"a\": data_offsets has more"
                        + " than 2 entries",
                errorWithoutBigAllocation(f));
    }

    @Test
    void hugeStringsAreRefusedBeforeTheyAreAllocated() throws IOException {
        String huge = "x".repeat(4 << 20);
        Path f = file("{\"a\":{\"dtype\":\"" + huge + "\",\"shape\":[0],\"data_offsets\":[0,0]}}");
        assertEquals(beyond(f, 22, "a dtype longer than 1024 bytes"), errorWithoutBigAllocation(f));

        f = file("{\"" + huge + "\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}}");
        assertEquals(beyond(f, 9, "a tensor name longer than 1024 bytes"), errorWithoutBigAllocation(f));

        // the learning rate is a metadata string: one over the budget of all strings fails
        f = file("{\"__metadata__\":{\"optimizer.learning_rate\":\"" + "1".repeat(SafeTensors.MAX_STRING_BYTES)
                + "\"}}");
        assertEquals(
                beyond(
                        f,
                        8 + 43,
                        "the header's strings take more than 16777216 bytes in all"
                                + " (SafeTensors.MAX_STRING_BYTES)"),
                errorWithoutBigAllocation(f));
    }

    @Test
    void metadataKeysAndEntriesAreLimited() throws IOException {
        String longest = "k".repeat(SafeTensors.MAX_NAME_BYTES);
        Path f = file("{\"__metadata__\":{\"" + longest + "\":\"v\"}}");
        assertEquals("v", SafeTensors.read(f).metadata().get(longest));
        f = file("{\"__metadata__\":{\"" + longest + "k\":\"v\"}}");
        assertEquals(beyond(f, 25, "a metadata key longer than 1024 bytes"), error(f));

        Header h = new Header().add("\"__metadata__\":{");
        for (int i = 0; i < SafeTensors.MAX_METADATA_ENTRIES; i++) {
            h.add(String.format("\"m%05d\":\"\",", i));
        }
        long at = h.offset();
        f = file(h.add("\"one more\":\"\"}}").json.toString());
        assertEquals(beyond(f, at, "more than 4096 metadata entries (SafeTensors.MAX_METADATA_ENTRIES)"), error(f));

        h = new Header().add("\"__metadata__\":{");
        for (int i = 0; i < SafeTensors.MAX_TENSORS; i++) {
            h.add(String.format("\"tauon.crc32c.t%05d\":\"00000000\",", i));
        }
        at = h.offset();
        f = file(h.add("\"tauon.crc32c.x\":\"00000000\"}}").json.toString());
        assertEquals(beyond(f, at, "more than 65536 checksums (one a tensor, SafeTensors.MAX_TENSORS)"), error(f));
    }

    @Test
    void writeRefusesWhatReadWouldRefuseAndLeavesNoFile() throws IOException {
        Path f = dir.resolve("w.safetensors");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> SafeTensors.write(f, Map.of("deep", Tensor.zeros(1, 1, 1, 1, 1, 1, 1, 1, 1)), Map.of()));
        assertTrue(
                e.getMessage()
                        .startsWith("safetensors: not writing a file that read would refuse: " + f
                                + ": safetensors header at byte "),
                e.getMessage());
        assertTrue(
                e.getMessage()
                        .endsWith(" is beyond Tauon's limits: tensor \"deep\": shape has more than 8"
                                + " dimensions (SafeTensors.MAX_RANK)"),
                e.getMessage());

        String tooLong = "n".repeat(SafeTensors.MAX_NAME_BYTES + 1);
        e = assertThrows(
                IllegalArgumentException.class, () -> SafeTensors.write(f, Map.of(tooLong, Tensor.zeros(1)), Map.of()));
        // the header lists the metadata first, so the checksum key of that name is what is too long
        assertTrue(
                e.getMessage().endsWith("a checksum key (the prefix and a tensor name) longer than 1037 bytes"),
                e.getMessage());
        assertEquals(0, Files.list(dir).count(), "nothing written");

        // the longest name fits, and so does its checksum key (the prefix and the name)
        String longest = "n".repeat(SafeTensors.MAX_NAME_BYTES);
        SafeTensors.write(f, Map.of(longest, Tensor.of(new float[] {1f}, 1)), Map.of());
        assertEquals(1f, SafeTensors.read(f).tensors().get(longest).data()[0]);
    }
}
