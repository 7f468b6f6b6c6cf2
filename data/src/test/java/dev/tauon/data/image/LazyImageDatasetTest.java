package dev.tauon.data.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Batch;
import dev.tauon.data.Augmentation;
import dev.tauon.data.BatchLoader;
import dev.tauon.data.DataLoaderException;
import dev.tauon.data.DatasetFormatException;
import dev.tauon.data.EpochIterator;
import dev.tauon.data.PixelArrayDataset;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LazyImageDatasetTest {
    @TempDir
    Path dir;

    private Path folder(int perClass) throws IOException {
        Path root = dir.resolve("imgs");
        for (int i = 0; i < 2 * perClass; i++) {
            TestImages.png(root.resolve((i < perClass ? "a" : "b") + "/" + i + ".png"), i, 6, 7);
        }
        return root;
    }

    @Test
    void givesTheBatchesTheEagerLoadGives() throws IOException {
        ImageFolder folder = ImageFolder.scan(folder(5), ImageOptions.of(5, 5));
        PixelArrayDataset eager = folder.load();
        LazyImageDataset lazy = folder.lazy(1 << 20);
        assertArrayEquals(eager.featureShape(), lazy.featureShape());
        assertArrayEquals(eager.classCounts(), lazy.classCounts());
        Augmentation aug = Augmentation.flipAndCrop(1).withCutout(2);
        try (BatchLoader a = BatchLoader.builder(eager)
                        .batchSize(4)
                        .shuffle(true)
                        .seed(2)
                        .augmentation(aug)
                        .build();
                BatchLoader b = BatchLoader.builder(lazy)
                        .batchSize(4)
                        .shuffle(true)
                        .seed(2)
                        .augmentation(aug)
                        .build()) {
            for (int e = 0; e < 2; e++) {
                EpochIterator ia = a.iterator();
                EpochIterator ib = b.iterator();
                while (ia.hasNext()) {
                    Batch x = ia.next();
                    Batch y = ib.next();
                    assertArrayEquals(x.inputs().data(), y.inputs().data());
                    assertArrayEquals(x.labels(), y.labels());
                }
            }
        }
        assertEquals(10, lazy.decodes(), "each image decoded once, then served from the cache");
        assertEquals(10, lazy.cacheHits(), "the second epoch, from the cache; class counts read labels only");
    }

    @Test
    void theCacheKeepsAtMostItsBudgetDroppingTheLeastRecentlyUsed() throws IOException {
        ImageFolder folder = ImageFolder.scan(folder(5), ImageOptions.of(5, 5));
        LazyImageDataset lazy = folder.lazy(3 * 75 + 74);
        assertEquals(3, lazy.cacheCapacity());
        byte[] px = new byte[75];
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 10; i++) {
                lazy.readPixels(i, px, 0);
                assertTrue(lazy.cachedImages() <= 3);
            }
        }
        assertEquals(20, lazy.decodes(), "sequential passes over 10 images through 3 slots always miss");
        lazy.readPixels(9, px, 0);
        lazy.readPixels(7, px, 0);
        assertEquals(20, lazy.decodes(), "the three most recent are kept");
        lazy.readPixels(0, px, 0);
        assertEquals(21, lazy.decodes());
        LazyImageDataset none = folder.lazy(0);
        none.readPixels(1, px, 0);
        none.readPixels(1, px, 0);
        assertEquals(2, none.decodes());
        assertEquals(0, none.cachedImages());
    }

    @Test
    void aBadFileFailsTheBatchByNameOrIsSkippedByItsHeader() throws IOException {
        Path root = folder(4);
        byte[] good = Files.readAllBytes(root.resolve("a/1.png"));
        Path cut = Files.write(root.resolve("a/1.png"), Arrays.copyOf(good, 60));
        Files.writeString(root.resolve("b/junk.png"), "not a png");
        LazyImageDataset failing = ImageFolder.scan(root, ImageOptions.of(6, 7)).lazy(1 << 20);
        assertEquals(9, failing.size());
        try (BatchLoader loader = BatchLoader.builder(failing).batchSize(9).build()) {
            DataLoaderException e = assertThrows(
                    DataLoaderException.class, () -> loader.iterator().next());
            Throwable cause = e.getCause().getCause();
            assertTrue(
                    cause instanceof DatasetFormatException
                            && cause.getMessage().startsWith(cut + ": cannot be " + "decoded"),
                    String.valueOf(cause));
        }
        LazyImageDataset skipping = ImageFolder.scan(root, ImageOptions.of(6, 7).withOnBadFile(OnBadFile.SKIP))
                .lazy(1 << 20);
        assertEquals(
                8, skipping.size(), "the file that is not a PNG at all is left out; the cut one passes its header");
        byte[] px = new byte[skipping.featureSize()];
        skipping.readPixels(0, px, 0);
        assertThrows(UncheckedIOException.class, () -> skipping.readPixels(1, px, 0));
    }

    @Test
    void aFolderLargerThanTheHeapTrainsLazilyAndCannotBeLoadedWhole() throws Exception {
        // 800 images of 128x128 RGB: 39 MB decoded, for a child JVM with a 24 MB heap.
        Path root = dir.resolve("big");
        BufferedImage img = new BufferedImage(128, 128, BufferedImage.TYPE_3BYTE_BGR);
        for (int i = 0; i < 800; i++) {
            img.setRGB(i % 128, i / 128 % 128, 0xFF8800 + i);
            TestImages.write(img, root.resolve("c" + i % 4 + "/" + i + ".png"), "png");
        }
        String lazy = runChild(root, "lazy");
        assertTrue(lazy.startsWith("exit 0") && lazy.contains("images: 800"), lazy);
        String eager = runChild(root, "eager");
        assertNotEquals("exit 0", eager.substring(0, 6));
        assertTrue(
                eager.contains("Exception in thread \"main\" java.lang.OutOfMemoryError"),
                "running out of memory is not reported as a damaged file: " + eager);
    }

    private static String runChild(Path root, String mode) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(
                java,
                "-Xmx24m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                LazyEpochMain.class.getName(),
                root.toString(),
                mode));
        File log = File.createTempFile("tauon-lazy-child", ".log");
        try {
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(log)
                    .start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("child JVM (" + mode + ") did not finish in 120 s");
            }
            return "exit " + p.exitValue() + "\n" + Files.readString(log.toPath(), StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(log.toPath());
        }
    }
}
