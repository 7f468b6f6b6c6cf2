package dev.tauon.data.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.data.DatasetFormatException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gzip errors name the compressed byte where decoding failed, and the header field a cut file ends
 * in. The members here are built by hand from stored deflate blocks, whose layout is known to the
 * byte, so each damage has one right offset.
 */
class GzipInputTest {
    private static final int BLOCK = 1000;
    private static final int BLOCK_BYTES = BLOCK + 5; // a stored block: 1 header byte, LEN, NLEN, the data
    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;

    @TempDir
    Path dir;

    private static byte[] data(int n) {
        byte[] d = new byte[n];
        for (int i = 0; i < n; i++) {
            d[i] = (byte) (i * 31 + i / 977);
        }
        return d;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** The 10 fixed header bytes with {@code flags}. */
    private static byte[] header(int flags) {
        return new byte[] {0x1f, (byte) 0x8b, 8, (byte) flags, 0, 0, 0, 0, 0, (byte) 0xff};
    }

    /** {@code data} as stored (uncompressed) deflate blocks of {@link #BLOCK} bytes. */
    private static byte[] stored(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int at = 0; at < data.length; at += BLOCK) {
            int n = Math.min(BLOCK, data.length - at);
            out.write(at + n == data.length ? 1 : 0); // BFINAL on the last, BTYPE 00
            out.write(n);
            out.write(n >> 8);
            out.write(~n);
            out.write(~n >> 8);
            out.write(data, at, n);
        }
        return out.toByteArray();
    }

    private static byte[] trailer(byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(data);
        long c = crc.getValue();
        int n = data.length;
        return new byte[] {
            (byte) c,
            (byte) (c >> 8),
            (byte) (c >> 16),
            (byte) (c >> 24),
            (byte) n,
            (byte) (n >> 8),
            (byte) (n >> 16),
            (byte) (n >> 24)
        };
    }

    private static byte[] member(byte[] data) {
        return concat(header(0), stored(data), trailer(data));
    }

    private static byte[] readAll(byte[] gz) throws IOException {
        try (InputStream in = new GzipInput(new ByteArrayInputStream(gz), "t.gz")) {
            return in.readAllBytes();
        }
    }

    /** The error decoding {@code gz}, checked to be at {@code offset} and never to end in "null". */
    private static String error(byte[] gz, long offset) {
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> readAll(gz));
        assertFalse(e.getMessage().endsWith("null"), e.getMessage());
        assertEquals(offset, e.offset(), e.getMessage());
        return e.getMessage().substring(("t.gz at byte " + offset + ": ").length());
    }

    @Test
    void decodesMembersWithEveryHeaderFieldOneAfterAnother() throws IOException {
        byte[] first = data(300_000);
        ByteArrayOutputStream jdk = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(jdk)) {
            gz.write(first);
        }
        byte[] second = data(5_000);
        byte[] head = concat(
                header(FEXTRA | FNAME | FCOMMENT | FHCRC),
                new byte[] {3, 0, 'x', 'y', 'z'},
                "name\0".getBytes(StandardCharsets.US_ASCII),
                "a comment\0".getBytes(StandardCharsets.US_ASCII));
        CRC32 headCrc = new CRC32();
        headCrc.update(head);
        byte[] withFields = concat(
                head,
                new byte[] {(byte) headCrc.getValue(), (byte) (headCrc.getValue() >> 8)},
                stored(second),
                trailer(second));
        byte[] zeros = new byte[100]; // padding after the last member, which gzip ignores too
        assertArrayEquals(concat(first, second), readAll(concat(jdk.toByteArray(), withFields, zeros)));
    }

    @Test
    void damagedDeflateDataIsPlacedOnTheByteTheDecoderFailedOn() {
        byte[] data = data(200_000);
        byte[] gz = member(data);
        int block = 10 + 150 * BLOCK_BYTES; // well past the first 64 KiB read
        gz[block] = 6; // block type 11, which deflate reserves
        assertTrue(error(gz, block)
                .startsWith("corrupt gzip data: invalid block type (the decoder failed on this"
                        + " compressed byte, after "));

        gz = member(data);
        block = 10 + 120 * BLOCK_BYTES;
        gz[block + 4] ^= 1; // NLEN, which must be LEN's complement
        assertTrue(error(gz, block + 4).startsWith("corrupt gzip data: invalid stored block lengths"));
    }

    @Test
    void aCutIsPlacedAtTheEndOfTheFileWithinTheMember() {
        byte[] gz = Arrays.copyOf(member(data(200_000)), 100_000);
        assertEquals(
                "truncated gzip data: the file ends inside the compressed data of the member that starts at"
                        + " byte 0, after " + (100_000 - 10 - 100 * 5) + " uncompressed bytes",
                error(gz, 100_000));

        byte[] whole = member(data(2_000));
        gz = Arrays.copyOf(whole, whole.length - 3);
        assertEquals(
                "truncated gzip trailer: the file ends inside the 8-byte CRC-32 and length trailer that starts"
                        + " at byte " + (whole.length - 8),
                error(gz, whole.length - 3));
    }

    @Test
    void damageTheDecoderCannotSeeIsCaughtByTheTrailer() {
        byte[] data = data(3_000);
        byte[] gz = member(data);
        gz[10 + 5 + 17] ^= 1; // inside the first stored block's data: decodes, wrongly
        data[17] ^= 1;
        CRC32 crc = new CRC32();
        crc.update(data);
        int trailer = gz.length - 8;
        assertEquals(
                String.format(
                        "corrupt gzip data: the trailer's CRC-32 is %s but the member's 3000 uncompressed"
                                + " bytes give %08x",
                        hexOfTrailer(gz), crc.getValue()),
                error(gz, trailer));

        gz = member(data(3_000));
        gz[gz.length - 4] ^= 1; // ISIZE 3001 instead of 3000 (0x0bb8, low byte first)
        assertEquals(
                "corrupt gzip data: the trailer says the member has 3001 bytes (modulo 2^32), it decoded to" + " 3000",
                error(gz, trailer + 4));
    }

    private static String hexOfTrailer(byte[] gz) {
        int t = gz.length - 8;
        long c = (gz[t] & 0xFFL) | (gz[t + 1] & 0xFFL) << 8 | (gz[t + 2] & 0xFFL) << 16 | (gz[t + 3] & 0xFFL) << 24;
        return String.format("%08x", c);
    }

    @Test
    void aCutHeaderNamesTheFieldItEndsIn() {
        String member = " of the member that starts at byte 0";
        assertEquals(
                "truncated gzip header: the file ends inside the 10-byte header" + member,
                error(new byte[] {0x1f, (byte) 0x8b, 8}, 3));
        assertEquals(
                "truncated gzip header: the file ends inside the FEXTRA length (XLEN)" + member,
                error(concat(header(FEXTRA), new byte[] {7}), 11));
        // the case that used to give a message ending in ": null"
        assertEquals(
                "truncated gzip header: the file ends inside the FEXTRA field of 1000 bytes (its length XLEN at"
                        + " byte 10)" + member,
                error(concat(header(FEXTRA), new byte[] {(byte) 0xe8, 3, 1, 2, 3}), 15));
        assertEquals(
                "truncated gzip header: the file ends inside the file name (FNAME) from byte 10" + member,
                error(concat(header(FNAME), "name without end".getBytes(StandardCharsets.US_ASCII)), 26));
        assertEquals(
                "truncated gzip header: the file ends inside the comment (FCOMMENT) from byte 12" + member,
                error(concat(header(FNAME | FCOMMENT), new byte[] {'n', 0, 'c'}), 13));
        assertEquals(
                "truncated gzip header: the file ends inside the header CRC16 (FHCRC)" + member,
                error(concat(header(FHCRC), new byte[] {1}), 11));
    }

    @Test
    void aDamagedHeaderNamesTheField() {
        byte[] gz = member(data(10));
        gz[2] = 7;
        assertEquals("unsupported gzip compression method 7 (gzip uses 8, deflate)", error(gz, 2));
        gz = member(data(10));
        gz[3] = 0x20;
        assertEquals("corrupt gzip header: reserved flag bits set in 20", error(gz, 3));
        gz = concat(header(FHCRC), new byte[] {0x12, 0x34}, stored(data(10)), trailer(data(10)));
        CRC32 crc = new CRC32();
        crc.update(header(FHCRC));
        assertEquals(
                String.format(
                        "corrupt gzip header: its CRC16 says 3412, the header bytes give %04x",
                        crc.getValue() & 0xFFFF),
                error(gz, 10));
    }

    @Test
    void dataAfterTheLastMemberIsAnError() {
        byte[] one = member(data(10));
        assertEquals(
                "not a gzip member: expected the magic bytes 1f 8b, found 6a 75 (data after the last member)",
                error(concat(one, "junk".getBytes(StandardCharsets.US_ASCII)), one.length));
        assertEquals(
                "data after the zero padding that follows the last member (the padding starts at byte " + one.length
                        + ", found 6a)",
                error(concat(one, new byte[3], "junk".getBytes(StandardCharsets.US_ASCII)), one.length + 3));
    }

    @Test
    void aMemberAfterZeroPaddingIsAnError() {
        // gzip and GZIPInputStream stop at the padding; decoding the member after it would give
        // content that no other tool reads from this file (found by ArchiveFuzzTest.gzip).
        byte[] one = member(data(10));
        assertEquals(
                "data after the zero padding that follows the last member (the padding starts at byte " + one.length
                        + ", found 1f)",
                error(concat(one, new byte[12], member(data(5))), one.length + 12));
    }

    @Test
    void aDamagedTarGzFileNamesTheArchiveAndTheCompressedByte() throws IOException {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        tar.writeBytes(TarReaderTest.header("a.bin", '0', 100_000, ""));
        tar.writeBytes(data(100_000));
        tar.writeBytes(new byte[512 - 100_000 % 512 + 1024]);
        byte[] gz = member(tar.toByteArray());
        int block = 10 + 90 * BLOCK_BYTES;
        gz[block] = 6;
        Path file = Files.write(dir.resolve("damaged.tar.gz"), gz);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> {
            try (TarReader r = ArchiveInput.openTar(file)) {
                r.readToEnd();
            }
        });
        assertEquals(file.toString(), e.source());
        assertEquals(block, e.offset());
    }
}
