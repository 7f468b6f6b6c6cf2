package dev.tauon.data.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.data.DatasetFormatException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Image headers that claim more than the file or the heap can hold are refused before decoding.
 *
 * <p>Found while writing the image reader's fuzz target: a PNG of a hundred bytes whose header claims 16384x16384 RGB pixels (within
 * {@link ImageOptions#MAX_PIXELS}) made ImageIO allocate a 768 MB raster and {@link ImageDecoder#read}
 * throw {@link OutOfMemoryError} in a 512 MB heap. Now a raster larger than the whole heap is refused
 * from the header, checked in a child JVM with a 64 MB heap so that it does not depend on this one's.
 */
class HugeImageHeaderTest {
    private static String decodeInSmallHeap(int width, int height) throws Exception {
        List<String> cmd = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                HugeImageHeaderMain.class.getName(),
                Integer.toString(width),
                Integer.toString(height));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child did not finish");
        return out;
    }

    @Test
    void aHeaderClaimingMoreThanTheHeapIsRefusedNotAnOutOfMemoryError() throws Exception {
        String out = decodeInSmallHeap(8192, 8192);
        assertTrue(
                out.startsWith("dev.tauon.data.DatasetFormatException: FILE: its header claims 8192x8192 pixels,"
                        + " 192 MB decoded, more than the whole heap ("),
                out);
        // A claim that fits the heap is still decoded as far as the data go: here a damaged file.
        String small = decodeInSmallHeap(64, 64);
        assertTrue(small.startsWith("dev.tauon.data.DatasetFormatException: FILE: cannot be decoded"), small);
    }

    /**
     * Found by fuzzing: 52 bytes of PNG claiming 67,108,867 x 2 grey pixels, with 16 bytes of data.
     * ImageIO walked the 128 MB raster's rows for more than 10 s; the header now shows the file
     * cannot hold that much (deflate packs at most 1032 bytes into one).
     */
    @Test
    void aPngTooShortForItsHeaderIsRefusedBeforeDecoding(@TempDir Path dir) throws Exception {
        Path file = Files.write(
                dir.resolve("wide.png"),
                Base64.getDecoder().decode("iVBORw0KGgoAAAANSUhEUgQAAAMAAAACCAAAAAC4HznGAQAAEElEQVR4XmNgYBVhkLJggg=="));
        long start = System.nanoTime();
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> ImageDecoder.read(file));
        assertEquals(
                file + ": its header claims 67108867x2 pixels, 134217736 bytes of image data, but the file has"
                        + " 52 bytes and deflate packs at most 1032 into one: it is cut short or damaged",
                e.getMessage());
        assertTrue(
                System.nanoTime() - start < 5_000_000_000L, "took " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }
}
