package dev.tauon.data.io;

import dev.tauon.data.DatasetFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The uncompressed content of a gzip stream (RFC 1952: one member or several in a row), decoded
 * by the JDK's {@link Inflater} fed from this class's own buffer, with the header and trailer
 * parsed here. Knowing where each member's compressed data start and how many of their bytes the
 * inflater has consumed, every error names the compressed byte where decoding failed: for damaged
 * deflate data, the byte the inflater stopped on; for a cut file, its end; for a damaged header,
 * the field and its offset; for a wrong checksum, the trailer.
 *
 * <p>Zero bytes after the last member are ignored, as gzip does; anything else after it, or after
 * those zeros, is an error.
 */
final class GzipInput extends BulkInputStream {
    private static final int BUFFER = 1 << 16;
    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;
    private static final int RESERVED_FLAGS = 0xE0;

    private final InputStream in;
    private final String source;
    private final byte[] buf = new byte[BUFFER];
    private int bufPos;
    private int bufLen;
    private long bufStart;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private final CRC32 headerCrc = new CRC32();
    private long memberStart;
    private long deflateStart;
    private long memberSize;
    private long produced;
    private boolean inMember;
    private boolean ended;

    /**
     * Reads the first member's header from {@code in}, which must start with the gzip magic bytes.
     *
     * @param source named in errors, whose offsets count bytes of {@code in} (the compressed file)
     */
    GzipInput(InputStream in, String source) throws IOException {
        this.in = in;
        this.source = source;
        startMember();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (!ended) {
            if (!inMember && !nextMember()) {
                ended = true;
                break;
            }
            int n = inflate(b, off, len);
            if (n > 0) {
                return n;
            }
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        inflater.end();
        in.close();
    }

    /** Inflates into {@code b}; 0 when the member ended or more input was needed first. */
    private int inflate(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = inflater.inflate(b, off, len);
        } catch (DataFormatException e) {
            // the inflater counts the input it consumed up to and including the byte it failed on
            long at = deflateStart + Math.max(0, inflater.getBytesRead() - 1);
            throw error(
                    at,
                    "corrupt gzip data: " + (e.getMessage() != null ? e.getMessage() : "invalid deflate data")
                            + " (the decoder failed on this compressed byte, after " + produced
                            + " uncompressed bytes)");
        }
        if (n > 0) {
            crc.update(b, off, n);
            memberSize += n;
            produced += n;
        }
        if (inflater.finished()) {
            bufPos = bufLen - inflater.getRemaining();
            readTrailer();
            inMember = false;
        } else if (n == 0 && inflater.needsDictionary()) {
            throw error(
                    deflateStart + inflater.getBytesRead(),
                    "corrupt gzip data: the deflate stream asks for a"
                            + " preset dictionary, which gzip does not have");
        } else if (n == 0 && inflater.needsInput()) {
            // only now, with no output pending in the inflater, is the end of the file a cut
            bufPos = bufLen;
            if (!fill()) {
                throw error(
                        offset(),
                        "truncated gzip data: the file ends inside the compressed data of the member"
                                + " that starts at byte " + memberStart + ", after " + produced
                                + " uncompressed bytes");
            }
            inflater.setInput(buf, 0, bufLen);
        }
        return n;
    }

    /**
     * Starts the next member, if any: false at the end of the file, after any zero padding. Zero
     * padding ends the stream: GNU gzip and the JDK's GZIPInputStream both stop at it and never decode a
     * member that follows, so one there is an error rather than data only Tauon would read.
     */
    private boolean nextMember() throws IOException {
        int b = nextByte();
        long paddingStart = b == 0 ? offset() - 1 : -1;
        while (b == 0) {
            b = nextByte();
        }
        if (b < 0) {
            return false;
        }
        if (paddingStart >= 0) {
            throw error(
                    offset() - 1,
                    "data after the zero padding that follows the last member (the padding starts at byte "
                            + paddingStart + ", found " + hex(b) + ")");
        }
        bufPos--; // b is still in the buffer: nextByte just read it there
        startMember();
        return true;
    }

    private void startMember() throws IOException {
        memberStart = offset();
        readHeader();
        inflater.reset();
        crc.reset();
        memberSize = 0;
        deflateStart = offset();
        if (bufPos < bufLen) {
            inflater.setInput(buf, bufPos, bufLen - bufPos);
        }
        inMember = true;
    }

    private void readHeader() throws IOException {
        headerCrc.reset();
        int id1 = headerByte("the 10-byte header");
        int id2 = headerByte("the 10-byte header");
        if (id1 != 0x1f || id2 != 0x8b) {
            throw error(
                    memberStart,
                    "not a gzip member: expected the magic bytes 1f 8b, found " + hex(id1) + " " + hex(id2)
                            + (memberStart > 0 ? " (data after the last member)" : ""));
        }
        int method = headerByte("the 10-byte header");
        if (method != 8) {
            throw error(memberStart + 2, "unsupported gzip compression method " + method + " (gzip uses 8, deflate)");
        }
        int flags = headerByte("the 10-byte header");
        if ((flags & RESERVED_FLAGS) != 0) {
            throw error(memberStart + 3, "corrupt gzip header: reserved flag bits set in " + hex(flags));
        }
        for (int i = 0; i < 6; i++) { // modification time, extra flags, operating system
            headerByte("the 10-byte header");
        }
        if ((flags & FEXTRA) != 0) {
            long xlenAt = offset();
            int xlen = headerByte("the FEXTRA length (XLEN)") | headerByte("the FEXTRA length (XLEN)") << 8;
            String field = "the FEXTRA field of " + xlen + " bytes (its length XLEN at byte " + xlenAt + ")";
            for (int i = 0; i < xlen; i++) {
                headerByte(field);
            }
        }
        if ((flags & FNAME) != 0) {
            skipZeroTerminated("the file name (FNAME)");
        }
        if ((flags & FCOMMENT) != 0) {
            skipZeroTerminated("the comment (FCOMMENT)");
        }
        if ((flags & FHCRC) != 0) {
            long at = offset();
            int expected = (int) headerCrc.getValue() & 0xFFFF;
            int stored = headerByte("the header CRC16 (FHCRC)") | headerByte("the header CRC16 (FHCRC)") << 8;
            if (stored != expected) {
                throw error(
                        at,
                        String.format(
                                Locale.ROOT,
                                "corrupt gzip header: its CRC16 says %04x, the header" + " bytes give %04x",
                                stored,
                                expected));
            }
        }
    }

    private void skipZeroTerminated(String field) throws IOException {
        String where = field + " from byte " + offset();
        while (headerByte(where) != 0) {
            // skipped: the name and comment are not needed
        }
    }

    /** The next header byte; the end of the file in {@code field} is an error naming it. */
    private int headerByte(String field) throws IOException {
        int b = nextByte();
        if (b < 0) {
            throw error(
                    offset(),
                    "truncated gzip header: the file ends inside " + field + " of the member that starts at byte "
                            + memberStart);
        }
        headerCrc.update(b);
        return b;
    }

    private void readTrailer() throws IOException {
        long at = offset();
        long stored = 0;
        long size = 0;
        for (int i = 0; i < 8; i++) {
            int b = nextByte();
            if (b < 0) {
                throw error(
                        offset(),
                        "truncated gzip trailer: the file ends inside the 8-byte CRC-32 and length"
                                + " trailer that starts at byte " + at);
            }
            if (i < 4) {
                stored |= (long) b << 8 * i;
            } else {
                size |= (long) b << 8 * (i - 4);
            }
        }
        if (stored != crc.getValue()) {
            throw error(
                    at,
                    String.format(
                            Locale.ROOT,
                            "corrupt gzip data: the trailer's CRC-32 is %08x but the"
                                    + " member's %d uncompressed bytes give %08x",
                            stored,
                            memberSize,
                            crc.getValue()));
        }
        if (size != (memberSize & 0xFFFFFFFFL)) {
            throw error(
                    at + 4,
                    "corrupt gzip data: the trailer says the member has " + size
                            + " bytes (modulo 2^32), it decoded to " + memberSize);
        }
    }

    /** The next byte of the file, or -1 at its end. */
    private int nextByte() throws IOException {
        if (bufPos == bufLen && !fill()) {
            return -1;
        }
        return buf[bufPos++] & 0xFF;
    }

    /** Replaces the buffer, all of it used, with the next bytes of the file; false at its end. */
    private boolean fill() throws IOException {
        bufStart += bufLen;
        bufPos = 0;
        bufLen = 0;
        int n;
        do {
            n = in.read(buf, 0, BUFFER);
        } while (n == 0);
        if (n < 0) {
            return false;
        }
        bufLen = n;
        return true;
    }

    /** The offset in the file of the next byte not yet taken from the buffer. */
    private long offset() {
        return bufStart + bufPos;
    }

    private static String hex(int b) {
        return b < 0 ? "the end of the file" : String.format(Locale.ROOT, "%02x", b);
    }

    private DatasetFormatException error(long offset, String problem) {
        return new DatasetFormatException(source, offset, problem);
    }
}
