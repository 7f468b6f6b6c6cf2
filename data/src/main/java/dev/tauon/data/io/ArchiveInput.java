package dev.tauon.data.io;

import dev.tauon.data.DatasetFormatException;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Opens a tar archive, gzip-compressed or not (told apart by the gzip magic bytes, not by the file
 * name), as a {@link TarReader}.
 *
 * <p>The JDK reports a damaged gzip stream as a bare {@code EOFException("Unexpected end of ZLIB
 * input stream")} or {@code ZipException}; these are turned into {@link DatasetFormatException}s
 * that name the archive and how far into it the damage is.
 */
public final class ArchiveInput {
    private static final int BUFFER = 1 << 16;

    private ArchiveInput() {
    }

    /** Opens {@code archive} for reading its entries; the caller closes the reader. */
    public static TarReader openTar(Path archive) throws IOException {
        String source = archive.toString();
        CountingInputStream raw = new CountingInputStream(Files.newInputStream(archive));
        try {
            InputStream buffered = new BufferedInputStream(raw, BUFFER);
            InputStream tar = decompressIfGzip(buffered, raw, source);
            // The tar reader counts bytes of the stream it reads: in a .tar.gz, decompressed ones.
            return new TarReader(tar, tar instanceof GuardedGzip ? source + " (decompressed)" : source);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /**
     * The uncompressed content of {@code in}: {@code in} itself, or a gzip decoder on it.
     *
     * @param counter counts the bytes taken from the compressed source, to place errors; may be the same stream
     */
    static InputStream decompressIfGzip(InputStream in, CountingInputStream counter, String source)
            throws IOException {
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 != 0x1f || b1 != 0x8b) {
            return in;
        }
        try {
            return new GuardedGzip(new GZIPInputStream(in, BUFFER), counter, source);
        } catch (IOException e) {
            throw gzipError(e, counter, 0, source);
        }
    }

    private static DatasetFormatException gzipError(IOException e, CountingInputStream counter, long produced,
                                                    String source) {
        return new DatasetFormatException(source, counter.count(), "corrupt or truncated gzip data (found reading "
                + "up to this compressed byte, after " + produced + " uncompressed bytes): " + e.getMessage(), e);
    }

    /** Rewrites the decoder's exceptions to name the archive and the place. */
    private static final class GuardedGzip extends BulkInputStream {
        private final InputStream gzip;
        private final CountingInputStream counter;
        private final String source;
        private long produced;

        GuardedGzip(InputStream gzip, CountingInputStream counter, String source) {
            this.gzip = gzip;
            this.counter = counter;
            this.source = source;
        }

        @Override
        public void close() throws IOException {
            gzip.close();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                int n = gzip.read(b, off, len);
                if (n > 0) {
                    produced += n;
                }
                return n;
            } catch (DatasetFormatException e) {
                throw e;
            } catch (IOException e) {
                throw gzipError(e, counter, produced, source);
            }
        }
    }

    /** Counts bytes read from the file, so an error can say how far into it it was found. */
    static final class CountingInputStream extends FilterInputStream {
        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(n);
            count += s;
            return s;
        }

        long count() {
            return count;
        }
    }
}
