package dev.tauon.data.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tauon.data.FuzzedFile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of the gzip and tar layer ({@link ArchiveInput}, {@link GzipInput},
 * {@link TarReader}) under the contract of {@link FuzzedFile}. A tar that reads has entries whose
 * streams give exactly the size their header claims, at increasing offsets; a gzip file that
 * decodes gives the bytes {@link GZIPInputStream} gives. Seeds: tar and tar.gz
 * files made by GNU tar and gzip (ustar, GNU long names, pax), in
 * {@code src/test/resources/dev/tauon/data/io/ArchiveFuzzTestInputs/<method>}.
 */
class ArchiveFuzzTest {
    @FuzzTest(maxDuration = "30m")
    @Timeout(10)
    void openTar(byte[] bytes) throws IOException {
        FuzzedFile.check(bytes, "input.tar.gz", file -> {
            try (TarReader tar = ArchiveInput.openTar(file)) {
                long lastEnd = 0;
                for (TarEntry e = tar.next(); e != null; e = tar.next()) {
                    assertTrue(e.size() >= 0 && e.dataOffset() >= lastEnd, e.toString());
                    long n = tar.entryStream().transferTo(OutputStream.nullOutputStream());
                    assertEquals(e.size(), n, e.name());
                    lastEnd = e.dataOffset() + n;
                }
                tar.readToEnd();
            }
        });
    }

    @FuzzTest(maxDuration = "30m")
    @Timeout(10)
    void gzip(byte[] bytes) throws IOException {
        FuzzedFile.check(bytes, "input.gz", file -> {
            byte[] content;
            try (InputStream in = ArchiveInput.open(file)) {
                content = in.readAllBytes();
            }
            // What decodes must be what the JDK's decoder makes of it, or the file itself when it is not gzip.
            boolean gzip = bytes.length >= 2 && (bytes[0] & 0xFF) == 0x1f && (bytes[1] & 0xFF) == 0x8b;
            byte[] expected = bytes;
            if (gzip) {
                try (InputStream jdk = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
                    expected = jdk.readAllBytes();
                }
            }
            assertArrayEquals(expected, content);
        });
    }
}
