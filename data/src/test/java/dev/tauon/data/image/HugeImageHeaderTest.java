package dev.tauon.data.image;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Found while fuzzing the image reader: a PNG of a hundred bytes whose header claims 16384x16384 RGB pixels (within
 * {@link ImageOptions#MAX_PIXELS}) made ImageIO allocate a 768 MB raster and {@link ImageDecoder#read}
 * throw {@link OutOfMemoryError} in a 512 MB heap. Now a raster larger than the whole heap is refused
 * from the header. Run in a child JVM with a 64 MB heap, so the test does not depend on this one's.
 */
class HugeImageHeaderTest {
    private static String decodeInSmallHeap(int width, int height) throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), HugeImageHeaderMain.class.getName(),
                Integer.toString(width), Integer.toString(height));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child did not finish");
        return out;
    }

    @Test
    void aHeaderClaimingMoreThanTheHeapIsRefusedNotAnOutOfMemoryError() throws Exception {
        String out = decodeInSmallHeap(8192, 8192);
        assertTrue(out.startsWith("dev.tauon.data.DatasetFormatException: FILE: its header claims 8192x8192 pixels,"
                + " 192 MB decoded, more than the whole heap ("), out);
        // A claim that fits the heap is still decoded as far as the data go: here a damaged file.
        String small = decodeInSmallHeap(64, 64);
        assertTrue(small.startsWith("dev.tauon.data.DatasetFormatException: FILE: cannot be decoded"), small);
    }
}
