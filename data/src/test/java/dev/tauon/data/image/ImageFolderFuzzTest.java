package dev.tauon.data.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tauon.data.DatasetFormatException;
import dev.tauon.data.FuzzedFile;
import dev.tauon.data.PixelArrayDataset;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of the folder walk of {@link ImageFolder} and of what it builds, on the
 * trees {@link FuzzedFolder} makes from the bytes, with each {@link OnBadFile} policy: the classes
 * are the class folders' names sorted, each class's examples the files its documentation says, in
 * order, with their labels; {@link ImageFolder#load} and {@link ImageFolder#lazy} hold exactly the
 * files that decode (or, for the lazy dataset under {@link OnBadFile#SKIP}, whose header reads),
 * each decoded as the file alone decodes, and a bad file stops the read with a
 * {@link DatasetFormatException} naming it, or is skipped and counted in the warning. Nothing else
 * is thrown, no descriptor stays open below the tree, and the tree is deleted after each input.
 */
class ImageFolderFuzzTest {
    @FuzzTest(maxDuration = "30m")
    @Timeout(10)
    void scan(byte[] bytes) throws IOException {
        FuzzedFolder tree = FuzzedFolder.build(bytes);
        Path root = tree.root();
        try {
            long open = FuzzedFile.openDescriptors(p -> p.startsWith(root));
            for (OnBadFile policy : OnBadFile.values()) {
                check(tree, tree.options.withOnBadFile(policy));
                assertEquals(
                        open,
                        FuzzedFile.openDescriptors(p -> p.startsWith(root)),
                        "descriptors open below the tree, " + policy);
            }
        } finally {
            tree.delete();
        }
        assertFalse(Files.exists(root, LinkOption.NOFOLLOW_LINKS), root + " left behind");
    }

    private static void check(FuzzedFolder tree, ImageOptions options) throws IOException {
        Path root = tree.root();
        List<String> names = tree.classNames();
        String empty = names.stream()
                .filter(n -> tree.examples(n).isEmpty())
                .findFirst()
                .orElse(null);
        ImageFolder folder;
        try {
            folder = ImageFolder.scan(root, options);
        } catch (DatasetFormatException e) {
            assertTrue(names.isEmpty() || empty != null, "refused, with examples in every class: " + e.getMessage());
            assertNames(e, names.isEmpty() ? root : root.resolve(empty));
            return;
        }
        assertFalse(names.isEmpty(), "no class folders, but the scan found " + folder);
        assertNull(empty, "class folder " + empty + " has no examples, but the scan found " + folder);
        assertEquals(names, folder.classNames());
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int c = 0; c < names.size(); c++) {
            for (Path f : tree.examples(names.get(c))) {
                files.add(f);
                labels.add(c);
            }
        }
        assertEquals(files, folder.files());
        assertArrayEquals(labels.stream().mapToInt(Integer::intValue).toArray(), folder.labels());

        // each file on its own: the pixels it decodes to (null if it does not), and whether its header reads
        ImageDecoder decoder = new ImageDecoder(options);
        List<byte[]> decoded = new ArrayList<>();
        List<Boolean> header = new ArrayList<>();
        for (Path f : files) {
            byte[] pixels = new byte[options.imageBytes()];
            try {
                decoder.decode(f, pixels, 0);
                decoded.add(pixels);
            } catch (DatasetFormatException e) {
                assertNames(e, f);
                assertFalse(tree.valid(f), f + " holds a valid image: " + e.getMessage());
                decoded.add(null);
            }
            boolean headerReads = true;
            try {
                ImageDecoder.checkHeader(f);
            } catch (DatasetFormatException e) {
                assertNames(e, f);
                headerReads = false;
            }
            header.add(headerReads);
        }
        checkLoad(folder, decoded, labels);
        checkLazy(folder, decoded, header, labels, tree.cacheImages);
    }

    private static void checkLoad(ImageFolder folder, List<byte[]> decoded, List<Integer> labels) throws IOException {
        List<Integer> kept = keptIndices(decoded.stream().map(d -> d != null).toList());
        StringBuilder log = new StringBuilder();
        PixelArrayDataset data;
        try {
            data = capturingWarnings(log, folder::load);
        } catch (DatasetFormatException e) {
            assertRefused(folder, e, kept, decoded.size());
            return;
        }
        assertWarned(folder, log, decoded.size() - kept.size(), decoded.size());
        assertEquals(kept.size(), data.size());
        assertEquals(folder.classNames().size(), data.numClasses());
        for (int i = 0; i < kept.size(); i++) {
            assertEquals(labels.get(kept.get(i)), data.label(i));
            byte[] pixels = new byte[data.featureSize()];
            data.readPixels(i, pixels, 0);
            assertArrayEquals(
                    decoded.get(kept.get(i)),
                    pixels,
                    folder.files().get(kept.get(i)).toString());
        }
    }

    private static void checkLazy(
            ImageFolder folder, List<byte[]> decoded, List<Boolean> header, List<Integer> labels, int cacheImages)
            throws IOException {
        // under FAIL nothing is read before a batch needs it
        List<Integer> kept = keptIndices(
                folder.options().onBadFile() == OnBadFile.FAIL
                        ? header.stream().map(h -> true).toList()
                        : header);
        StringBuilder log = new StringBuilder();
        LazyImageDataset data;
        try {
            data = capturingWarnings(
                    log, () -> folder.lazy((long) cacheImages * folder.options().imageBytes()));
        } catch (DatasetFormatException e) {
            assertRefused(folder, e, kept, header.size());
            return;
        }
        assertWarned(folder, log, header.size() - kept.size(), header.size());
        assertEquals(kept.size(), data.size());
        assertEquals(cacheImages, data.cacheCapacity());
        for (int pass = 0; pass < 2; pass++) { // the second pass also reads from the cache
            for (int i = 0; i < kept.size(); i++) {
                Path file = folder.files().get(kept.get(i));
                assertEquals(file, data.file(i));
                assertEquals(labels.get(kept.get(i)), data.label(i));
                byte[] expected = decoded.get(kept.get(i));
                byte[] pixels = new byte[data.featureSize()];
                if (expected != null) {
                    data.readPixels(i, pixels, 0);
                    assertArrayEquals(expected, pixels, file.toString());
                } else {
                    int index = i;
                    UncheckedIOException e =
                            assertThrows(UncheckedIOException.class, () -> data.readPixels(index, pixels, 0));
                    assertNames(assertInstanceOf(DatasetFormatException.class, e.getCause()), file);
                }
            }
        }
        assertTrue(data.cachedImages() <= cacheImages);
    }

    /** The indices of the good files: those kept, or under {@link OnBadFile#FAIL} all if all are good. */
    private static List<Integer> keptIndices(List<Boolean> good) {
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < good.size(); i++) {
            if (good.get(i)) {
                kept.add(i);
            }
        }
        return kept;
    }

    /** A refused load: the first bad file under FAIL, or the root when SKIP leaves nothing. */
    private static void assertRefused(ImageFolder folder, DatasetFormatException e, List<Integer> kept, int files) {
        assertTrue(kept.size() < files, "nothing is bad, yet: " + e.getMessage());
        if (folder.options().onBadFile() == OnBadFile.FAIL) {
            int firstBad = 0;
            while (kept.size() > firstBad && kept.get(firstBad) == firstBad) {
                firstBad++;
            }
            assertNames(e, folder.files().get(firstBad));
        } else {
            assertTrue(kept.isEmpty(), "some are good, yet: " + e.getMessage());
            assertNames(e, folder.root());
            assertTrue(
                    e.getMessage().contains("none of the " + files + " image files could be decoded"), e.getMessage());
        }
    }

    /** Under SKIP, skipped files are counted in the warning; nothing is said when none is skipped. */
    private static void assertWarned(ImageFolder folder, StringBuilder log, int skipped, int files) {
        if (folder.options().onBadFile() == OnBadFile.SKIP && skipped > 0) {
            assertTrue(log.toString().contains("skipped " + skipped + " of " + files + " image files"), log.toString());
        } else {
            assertFalse(log.toString().contains("skipped"), log.toString());
        }
    }

    private static void assertNames(DatasetFormatException e, Path file) {
        assertEquals(file.toString(), e.source(), e.getMessage());
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
    }

    @FunctionalInterface
    private interface Read<T> {
        T read() throws IOException;
    }

    /** Runs {@code read} with {@code System.err}, where the test logger writes, going to {@code log}. */
    private static <T> T capturingWarnings(StringBuilder log, Read<T> read) throws IOException {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            return read.read();
        } finally {
            System.setErr(err);
            log.append(captured.toString(StandardCharsets.UTF_8));
        }
    }
}
