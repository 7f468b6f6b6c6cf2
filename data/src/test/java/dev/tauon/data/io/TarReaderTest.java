package dev.tauon.data.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.data.DatasetFormatException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TarReaderTest {

    /** A header as GNU tar writes it; enough fields for the reader (the checksum is computed). */
    static byte[] header(String name, char type, long size, String prefix) {
        byte[] h = new byte[512];
        put(h, 0, name);
        put(h, 100, "0000644");
        put(h, 124, String.format("%011o", size));
        h[156] = (byte) type;
        put(h, 257, "ustar");
        put(h, 263, "00");
        put(h, 345, prefix);
        int sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : h[i] & 0xFF;
        }
        put(h, 148, String.format("%06o", sum));
        h[155] = ' ';
        return h;
    }

    private static void put(byte[] h, int off, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, h, off, b.length);
    }

    private static void entry(ByteArrayOutputStream out, String name, char type, byte[] data, String prefix) {
        out.writeBytes(header(name, type, data.length, prefix));
        out.writeBytes(data);
        out.writeBytes(new byte[(512 - data.length % 512) % 512]);
    }

    private static List<String> readAll(byte[] tar) throws IOException {
        List<String> out = new ArrayList<>();
        try (TarReader r = new TarReader(new ByteArrayInputStream(tar), "t.tar")) {
            for (TarEntry e = r.next(); e != null; e = r.next()) {
                out.add(e.name() + "=" + new String(r.entryStream().readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    /** A pax size record overrides the ustar size field (which tar writers set to 0 for huge entries). */
    @Test
    void paxSizeRecordsGiveTheEntrySize() throws IOException {
        String paxRecord = " size=11\n";
        paxRecord = (paxRecord.length() + 2) + paxRecord;
        byte[] data = "hello, pax!".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        entry(out, "PaxHeaders/big", 'x', paxRecord.getBytes(StandardCharsets.UTF_8), "");
        out.writeBytes(header("big.bin", '0', 0, "")); // the ustar field says 0
        out.writeBytes(data);
        out.writeBytes(new byte[512 - data.length]);
        entry(out, "after.txt", '0', "next".getBytes(StandardCharsets.UTF_8), "");
        out.writeBytes(new byte[1024]);
        assertEquals(List.of("big.bin=hello, pax!", "after.txt=next"), readAll(out.toByteArray()));
    }

    @Test
    void readsPrefixGnuLongNamesAndPaxPathsAndSkipsTheRest() throws IOException {
        String longName = "a/" + "x".repeat(150) + "/file.bin";
        String paxRecord = " path=pax/named.bin\n";
        paxRecord = (paxRecord.length() + 2) + paxRecord;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        entry(out, "dir/", '5', new byte[0], "");
        entry(out, "one.txt", '0', "first".getBytes(StandardCharsets.UTF_8), "deep/prefix");
        entry(out, "././@LongLink", 'L', (longName + "\0").getBytes(StandardCharsets.UTF_8), "");
        entry(out, "truncated-name", '0', "second".getBytes(StandardCharsets.UTF_8), "");
        entry(out, "link", '2', new byte[0], "");
        entry(out, "PaxHeaders/x", 'x', paxRecord.getBytes(StandardCharsets.UTF_8), "");
        entry(out, "short", '0', "third".getBytes(StandardCharsets.UTF_8), "");
        out.writeBytes(new byte[1024]);
        assertEquals(
                List.of("deep/prefix/one.txt=first", longName + "=second", "pax/named.bin=third"),
                readAll(out.toByteArray()));
    }

    @Test
    void unreadDataIsSkippedAndTheEntryStreamStopsAtItsEnd() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] big = new byte[1500];
        Arrays.fill(big, (byte) 7);
        entry(out, "big", '0', big, "");
        entry(out, "small", '0', new byte[] {1, 2, 3}, "");
        out.writeBytes(new byte[1024]);
        try (TarReader r = new TarReader(new ByteArrayInputStream(out.toByteArray()), "t.tar")) {
            TarEntry first = r.next();
            assertEquals(1500, first.size());
            assertEquals(512, first.dataOffset());
            assertEquals(7, r.entryStream().read());
            TarEntry second = r.next();
            assertEquals("small", second.name());
            assertArrayEquals(new byte[] {1, 2, 3}, r.entryStream().readAllBytes());
            assertEquals(-1, r.entryStream().read());
            assertNull(r.next());
            assertNull(r.next());
        }
    }

    @Test
    void corruptHeaderChecksum() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        entry(out, "a", '0', new byte[10], "");
        entry(out, "b", '0', new byte[10], "");
        byte[] tar = out.toByteArray();
        tar[1024 + 3] ^= 1; // inside the second header's name
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> readAll(tar));
        assertEquals(1024, e.offset());
        assertTrue(
                e.getMessage().startsWith("t.tar at byte 1024: not a tar archive or corrupt tar header: checksum"),
                e.getMessage());
    }

    @Test
    void cutInsideAnEntry() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        entry(out, "a", '0', new byte[2000], "");
        byte[] tar = Arrays.copyOf(out.toByteArray(), 512 + 1000);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> readAll(tar));
        assertEquals(1512, e.offset());
        assertTrue(
                e.getMessage()
                        .contains("entry \"a\" should have 2000 bytes from offset 512 but the archive ends"
                                + " after 1000"),
                e.getMessage());
    }

    @Test
    void longNamesAreQuotedShortInMessages() {
        String longName = "y".repeat(600_000) + "\u0007";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        entry(out, "././@LongLink", 'L', (longName + "\0").getBytes(StandardCharsets.UTF_8), "");
        entry(out, "cut", '0', new byte[2000], "");
        byte[] tar = Arrays.copyOf(out.toByteArray(), out.size() - 1500);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> readAll(tar));
        assertTrue(
                e.getMessage()
                        .contains(": truncated tar archive: entry \"" + "y".repeat(80) + "...\" (600001 chars)"
                                + " should have 2000 bytes"),
                e.getMessage());
        assertTrue(e.getMessage().length() < 300, e.getMessage());

        assertEquals(
                "a.tar!\"" + "y".repeat(80) + "...\" (600001 chars)", new TarEntry(longName, 0, 0).source("a.tar"));
        assertEquals("a.tar!\"b\\u0007\"", new TarEntry("b\u0007", 0, 0).source("a.tar"));
        assertEquals("a.tar!dir/b.bin", new TarEntry("dir/b.bin", 0, 0).source("a.tar"));
    }

    @Test
    void cutInsideAHeader() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        entry(out, "a", '0', new byte[10], "");
        entry(out, "b", '0', new byte[10], "");
        byte[] tar = Arrays.copyOf(out.toByteArray(), 1024 + 100);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> readAll(tar));
        assertTrue(
                e.getMessage().contains("at byte 1024: truncated tar archive: header block has only 100"),
                e.getMessage());
    }

    @Test
    void baseNames() {
        assertEquals("test_batch.bin", new TarEntry("cifar-10-batches-bin/test_batch.bin", 0, 0).baseName());
        assertEquals("top", new TarEntry("top", 0, 0).baseName());
        assertEquals("dir", new TarEntry("a/dir/", 0, 0).baseName());
    }
}
