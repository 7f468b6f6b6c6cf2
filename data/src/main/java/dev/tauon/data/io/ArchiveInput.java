package dev.tauon.data.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens a file, gzip-compressed or not (told apart by the gzip magic bytes, not by the file name),
 * as its content or, for a tar archive, as a {@link TarReader}. Damage to the gzip layer is reported by {@link GzipInput} with
 * the compressed byte where decoding failed; damage to the tar inside it by the {@link TarReader},
 * whose source then says "(decompressed)" since its offsets count uncompressed bytes.
 */
public final class ArchiveInput {
    private static final int BUFFER = 1 << 16;

    private ArchiveInput() {}

    /** Opens {@code archive} for reading its entries; the caller closes the reader. */
    public static TarReader openTar(Path archive) throws IOException {
        String source = archive.toString();
        InputStream raw = new BufferedInputStream(Files.newInputStream(archive), BUFFER);
        try {
            InputStream tar = decompressIfGzip(raw, source);
            return new TarReader(tar, tar instanceof GzipInput ? source + " (decompressed)" : source);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /**
     * Opens {@code file} for reading its content, decompressed if it is gzip-compressed (told by
     * its magic bytes); the caller closes the stream. Gzip damage is reported as by
     * {@link #openTar}.
     */
    public static InputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER);
        try {
            return decompressIfGzip(raw, file.toString());
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** The uncompressed content of {@code in}, which supports mark: {@code in} itself, or a gzip decoder on it. */
    static InputStream decompressIfGzip(InputStream in, String source) throws IOException {
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return b0 == 0x1f && b1 == 0x8b ? new GzipInput(in, source) : in;
    }
}
