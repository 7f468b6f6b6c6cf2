package dev.tauon.data.io;

import dev.tauon.core.io.Excerpt;
import dev.tauon.data.DatasetFormatException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads the regular files of a tar stream in order (POSIX ustar, with the GNU long-name and pax
 * extensions that common tools write), without extracting anything.
 *
 * <p>Every header's checksum is verified and every entry's data must be fully present: damage
 * gives a {@link DatasetFormatException} naming the archive and the byte offset. An entry's
 * claimed size is only reported, never allocated: callers check it against what they expect
 * before reading the entry into memory.
 */
public final class TarReader implements Closeable {
    private static final int BLOCK = 512;
    /** GNU long names and pax headers are small; a larger one means a corrupt header. */
    private static final int MAX_METADATA_BYTES = 1 << 20;

    private final InputStream in;
    private final String source;
    private final byte[] header = new byte[BLOCK];
    private long position;
    private TarEntry current;
    private long remaining;
    private boolean ended;

    /**
     * @param in     the uncompressed tar stream (see {@link ArchiveInput} for gzip); closed by {@link #close()}
     * @param source named in errors, usually the archive's path
     */
    public TarReader(InputStream in, String source) {
        this.in = in;
        this.source = source;
    }

    /** The next regular file, skipping directories, links and the rest of the current entry; null at the end. */
    public TarEntry next() throws IOException {
        if (ended) {
            return null;
        }
        skipRest();
        String longName = null;
        Long paxSize = null;
        while (true) {
            long headerOffset = position;
            if (!readHeader()) {
                // No end-of-archive blocks: tolerated, as other readers do; a cut through an
                // entry or a header is still caught.
                ended = true;
                return null;
            }
            if (isZeroBlock()) {
                ended = true;
                return null;
            }
            verifyChecksum(headerOffset);
            long size = parseSize(headerOffset);
            if (paxSize != null) {
                size = paxSize;
            }
            char type = (char) header[156];
            String name = longName != null ? longName : headerName();
            longName = null;
            paxSize = null;
            switch (type) {
                case 'L' -> longName = trimNul(readMetadata(size, headerOffset));
                case 'x' -> {
                    String pax = readMetadata(size, headerOffset);
                    longName = paxValue(pax, "path");
                    String s = paxValue(pax, "size");
                    paxSize = s == null ? null : parsePaxSize(s, headerOffset);
                }
                case '0', '\0', '7' -> {
                    current = new TarEntry(name, size, position);
                    remaining = size;
                    return current;
                }
                default -> skip(padded(size)); // directories, links, global pax headers, ...
            }
        }
    }

    /** The current entry's data; reading past it returns -1, and a cut in it throws. */
    public InputStream entryStream() {
        if (current == null) {
            throw new IllegalStateException("tar: no current entry, call next() first");
        }
        TarEntry entry = current;
        return new BulkInputStream() {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (current != entry || remaining == 0) {
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, remaining));
                if (n < 0) {
                    throw truncated(entry);
                }
                position += n;
                remaining -= n;
                return n;
            }
        };
    }

    /**
     * Reads whatever follows the last entry (the end-of-archive blocks and the padding tar adds up
     * to its record size) to the end of the stream. Through gzip this makes the decoder reach and
     * check the CRC and length trailer, which catches damage the inflater alone lets through.
     *
     * @return the bytes read
     */
    public long readToEnd() throws IOException {
        while (next() != null) {
            // entries after the wanted ones are skipped, not returned
        }
        return skip(Long.MAX_VALUE);
    }

    /** Offset in the uncompressed tar stream of the next byte to be read. */
    public long position() {
        return position;
    }

    /** What the archive is called in error messages, usually its path. */
    public String source() {
        return source;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private DatasetFormatException truncated(TarEntry entry) {
        return new DatasetFormatException(
                source,
                position,
                "truncated tar archive: entry " + Excerpt.of(entry.name())
                        + " should have " + entry.size() + " bytes from offset " + entry.dataOffset()
                        + " but the archive ends after " + (entry.size() - remaining));
    }

    private void skipRest() throws IOException {
        if (current != null) {
            TarEntry entry = current;
            long padding = padded(entry.size()) - entry.size();
            if (skip(remaining) < remaining) {
                throw truncated(entry);
            }
            remaining = 0;
            current = null;
            skip(padding);
        }
    }

    /** Skips up to n bytes, stopping at the end of the stream; returns how many were skipped. */
    private long skip(long n) throws IOException {
        long done = 0;
        byte[] scratch = new byte[8192];
        while (done < n) {
            int r = in.read(scratch, 0, (int) Math.min(scratch.length, n - done));
            if (r < 0) {
                break;
            }
            done += r;
            position += r;
        }
        return done;
    }

    private boolean readHeader() throws IOException {
        int n = in.readNBytes(header, 0, BLOCK);
        position += n;
        if (n == 0) {
            return false;
        }
        if (n < BLOCK) {
            throw new DatasetFormatException(
                    source,
                    position - n,
                    "truncated tar archive: header block has only " + n + " of " + BLOCK + " bytes");
        }
        return true;
    }

    private boolean isZeroBlock() {
        for (byte b : header) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private void verifyChecksum(long headerOffset) throws DatasetFormatException {
        long stored = parseOctal(148, 8, headerOffset, "checksum");
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < BLOCK; i++) {
            byte b = (i >= 148 && i < 156) ? (byte) ' ' : header[i];
            unsigned += b & 0xFF;
            signed += b; // some old tars summed signed bytes
        }
        if (stored != unsigned && stored != signed) {
            throw new DatasetFormatException(
                    source,
                    headerOffset,
                    "not a tar archive or corrupt tar header: " + "checksum " + stored + " stored, " + unsigned
                            + " computed");
        }
    }

    private long parseSize(long headerOffset) throws DatasetFormatException {
        if ((header[124] & 0x80) != 0) {
            // GNU base-256 for sizes of 8 GiB and more: big-endian binary in the remaining bits.
            if ((header[124] & 0x40) != 0) {
                throw new DatasetFormatException(source, headerOffset, "corrupt tar header: negative entry size");
            }
            long v = header[124] & 0x3F;
            for (int i = 125; i < 136; i++) {
                if ((v >>> 55) != 0) {
                    throw new DatasetFormatException(source, headerOffset, "corrupt tar header: entry size overflows");
                }
                v = (v << 8) | (header[i] & 0xFF);
            }
            return v;
        }
        return parseOctal(124, 12, headerOffset, "size");
    }

    private long parseOctal(int off, int len, long headerOffset, String field) throws DatasetFormatException {
        long v = 0;
        int i = off;
        int end = off + len;
        while (i < end && (header[i] == ' ' || header[i] == 0)) {
            i++;
        }
        for (; i < end && header[i] != 0 && header[i] != ' '; i++) {
            int d = header[i] - '0';
            if (d < 0 || d > 7) {
                throw new DatasetFormatException(
                        source,
                        headerOffset + i,
                        "not a tar archive or corrupt tar header: " + field + " field has non-octal byte 0x"
                                + Integer.toHexString(header[i] & 0xFF));
            }
            v = (v << 3) | d;
        }
        return v;
    }

    private String headerName() {
        String name = field(0, 100);
        boolean ustar = header[257] == 'u'
                && header[258] == 's'
                && header[259] == 't'
                && header[260] == 'a'
                && header[261] == 'r';
        String prefix = ustar ? field(345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private String field(int off, int len) {
        int end = off;
        while (end < off + len && header[end] != 0) {
            end++;
        }
        return new String(header, off, end - off, StandardCharsets.UTF_8);
    }

    private String readMetadata(long size, long headerOffset) throws IOException {
        if (size > MAX_METADATA_BYTES) {
            throw new DatasetFormatException(
                    source,
                    headerOffset,
                    "corrupt tar header: extension header claims " + size + " bytes, more than " + MAX_METADATA_BYTES);
        }
        byte[] data = in.readNBytes((int) size);
        position += data.length;
        if (data.length < size) {
            throw new DatasetFormatException(
                    source,
                    position,
                    "truncated tar archive: extension header of " + size + " bytes ends after " + data.length);
        }
        skip(padded(size) - size);
        return new String(data, StandardCharsets.UTF_8);
    }

    private long parsePaxSize(String s, long headerOffset) throws DatasetFormatException {
        try {
            long v = Long.parseLong(s.trim());
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new DatasetFormatException(source, headerOffset, "corrupt pax header: size " + Excerpt.of(s));
    }

    /** The value of {@code key} in pax records ({@code "<len> key=value\n"}), or null. */
    private static String paxValue(String pax, String key) {
        String value = null;
        for (String line : pax.split("\n")) {
            int space = line.indexOf(' ');
            int eq = line.indexOf('=');
            if (space >= 0 && eq > space && line.substring(space + 1, eq).equals(key)) {
                value = line.substring(eq + 1);
            }
        }
        return value;
    }

    private static String trimNul(String s) {
        int nul = s.indexOf('\0');
        return nul < 0 ? s : s.substring(0, nul);
    }

    private static long padded(long size) {
        return (size + BLOCK - 1) / BLOCK * BLOCK;
    }
}
