package dev.tauon.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10Test {
    private static final int PER_FILE = 20;

    @TempDir
    Path tmp;

    private static void assertSynthetic(Cifar10 data) {
        assertEquals(5 * PER_FILE, data.train().size());
        assertEquals(PER_FILE, data.test().size());
        assertEquals(
                List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"),
                data.classNames());
        for (int r = 0; r < data.train().size(); r++) {
            assertRecord(data.train(), r, r);
        }
        for (int r = 0; r < data.test().size(); r++) {
            assertRecord(data.test(), r, 100_000 + r);
        }
    }

    /** Every pixel of record {@code index} is the synthetic pattern of record number {@code r}. */
    static void assertRecord(RecordSet set, int index, int r) {
        assertEquals(TestData.label(r, 10), set.label(index), "label of record " + index);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    if (set.pixel(index, c, y, x) != TestData.pixel(r, c, y, x)) {
                        throw new AssertionError("record " + index + " pixel (" + c + "," + y + "," + x + ")");
                    }
                }
            }
        }
    }

    @Test
    void readsTheBatchFolderAndItsParent() throws IOException {
        Path folder = TestData.writeFolder(tmp.resolve("x").resolve(Cifar10.FOLDER), TestData.cifarFiles(PER_FILE));
        assertSynthetic(Cifar10.load(folder));
        assertSynthetic(Cifar10.load(tmp.resolve("x")));
    }

    @Test
    void readsTarGzAndPlainTarWhateverTheEntryOrder() throws IOException {
        Map<String, byte[]> files = TestData.cifarFiles(PER_FILE);
        // The shared copy stores its entries out of order; so may others.
        Map<String, byte[]> shuffled = new LinkedHashMap<>();
        for (String name : List.of(
                "batches.meta.txt",
                "data_batch_4.bin",
                "test_batch.bin",
                "data_batch_1.bin",
                "data_batch_5.bin",
                "data_batch_2.bin",
                "data_batch_3.bin")) {
            shuffled.put(name, files.get(name));
        }
        byte[] tar = new TestData.Tar()
                .file("readme.html", new byte[700])
                .raw(TestData.cifarTar(shuffled))
                .unfinished();
        Path gz = Files.write(tmp.resolve("cifar.tar.gz"), TestData.gzip(tar));
        Path plain = Files.write(tmp.resolve("cifar.tar"), tar);
        assertSynthetic(Cifar10.load(gz));
        assertSynthetic(Cifar10.load(plain));
    }

    @Test
    void missingPathSaysWhatToDo() {
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> Cifar10.load(tmp.resolve("nope.tar.gz")));
        assertTrue(e.getMessage().contains("nope.tar.gz") && e.getMessage().contains(Cifar10.PATH_ENV), e.getMessage());
    }

    @Test
    void folderMissingABatchFile() throws IOException {
        Map<String, byte[]> files = TestData.cifarFiles(PER_FILE);
        files.remove("data_batch_3.bin");
        Path folder = TestData.writeFolder(tmp.resolve(Cifar10.FOLDER), files);
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> Cifar10.load(folder));
        assertTrue(e.getMessage().contains("data_batch_3.bin"), e.getMessage());
    }

    @Test
    void folderWithoutCifarFiles() throws IOException {
        Files.createDirectories(tmp.resolve("empty"));
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> Cifar10.load(tmp.resolve("empty")));
        assertTrue(e.getMessage().contains("not a CIFAR-10 folder"), e.getMessage());
    }

    @Test
    void archiveMissingABatchFile() throws IOException {
        Map<String, byte[]> files = TestData.cifarFiles(PER_FILE);
        files.remove("test_batch.bin");
        Path gz = Files.write(tmp.resolve("c.tar.gz"), TestData.gzip(TestData.cifarTar(files)));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Cifar10.load(gz));
        assertTrue(
                e.getMessage().contains("c.tar.gz")
                        && e.getMessage().contains("no entry cifar-10-batches-bin/" + "test_batch.bin"),
                e.getMessage());
    }

    @Test
    void namesFromADamagedArchiveAreQuotedShortInMessages() throws IOException {
        Map<String, byte[]> files = TestData.cifarFiles(PER_FILE);
        files.get("data_batch_5.bin")[7 * 3073] = 10;
        String longName = "x".repeat(600_000) + "\u001b/" + Cifar10.FOLDER + "/data_batch_5.bin";
        TestData.Tar tar = new TestData.Tar();
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            if (f.getKey().equals("data_batch_5.bin")) {
                byte[] name = (longName + "\0").getBytes(StandardCharsets.UTF_8);
                tar.entry("././@LongLink", 'L', name, name.length).file("cut-name", f.getValue());
            } else {
                tar.file(Cifar10.FOLDER + "/" + f.getKey(), f.getValue());
            }
        }
        Path gz = Files.write(tmp.resolve("long.tar.gz"), TestData.gzip(tar.finish()));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Cifar10.load(gz));
        assertEquals(gz + "!\"" + "x".repeat(80) + "...\" (600039 chars)", e.source());
        assertTrue(e.getMessage().length() < gz.toString().length() + 300, e.getMessage());

        TestData.Tar many = new TestData.Tar();
        for (int i = 0; i < 20; i++) {
            many.file("junk" + i + (i == 3 ? "\u001b" : ""), new byte[0]);
        }
        Path junk = Files.write(tmp.resolve("junk.tar.gz"), TestData.gzip(many.finish()));
        e = assertThrows(DatasetFormatException.class, () -> Cifar10.load(junk));
        assertTrue(
                e.getMessage()
                        .endsWith(
                                "(it has \"junk0\", \"junk1\", \"junk2\", \"junk3\\u001b\", \"junk4\","
                                        + " \"junk5\", \"junk6\", \"junk7\", \"junk8\", \"junk9\", \"junk10\", \"junk11\" and 8 more)"),
                e.getMessage());
    }

    @Test
    void sizeNotAMultipleOfTheRecord() throws IOException {
        Map<String, byte[]> files = TestData.cifarFiles(PER_FILE);
        files.put("data_batch_2.bin", Arrays.copyOf(files.get("data_batch_2.bin"), 3073 * 3 + 100));
        Path folder = TestData.writeFolder(tmp.resolve(Cifar10.FOLDER), files);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Cifar10.load(folder));
        assertEquals(folder.resolve("data_batch_2.bin").toString(), e.source());
        assertTrue(
                e.getMessage().contains("size 9319 bytes is not a multiple of the 3073-byte record"), e.getMessage());
    }

    @Test
    void labelAboveNineNamesFileRecordAndOffset() throws IOException {
        Map<String, byte[]> files = TestData.cifarFiles(PER_FILE);
        files.get("data_batch_5.bin")[7 * 3073] = 10;
        Path gz = Files.write(tmp.resolve("c.tar.gz"), TestData.gzip(TestData.cifarTar(files)));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Cifar10.load(gz));
        assertEquals(gz + "!cifar-10-batches-bin/data_batch_5.bin", e.source());
        assertEquals(7 * 3073, e.offset());
        assertTrue(e.getMessage().contains("record 7 has label 10, expected 0..9"), e.getMessage());
    }

    @Test
    void truncatedGzip() throws IOException {
        byte[] gz = TestData.gzip(TestData.cifarTar(TestData.cifarFiles(PER_FILE)));
        Path cut = Files.write(tmp.resolve("cut.tar.gz"), Arrays.copyOf(gz, gz.length / 2));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Cifar10.load(cut));
        assertTrue(e.getMessage().contains("cut.tar.gz") && e.getMessage().contains("truncated gzip"), e.getMessage());
    }

    @Test
    void corruptGzip() throws IOException {
        byte[] gz = TestData.gzip(TestData.cifarTar(TestData.cifarFiles(PER_FILE)));
        for (int i = gz.length / 3; i < gz.length / 3 + 64; i++) {
            gz[i] ^= 0x5A;
        }
        Path bad = Files.write(tmp.resolve("bad.tar.gz"), gz);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Cifar10.load(bad));
        assertTrue(e.getMessage().contains("bad.tar.gz"), e.getMessage());
    }

    @Test
    void damagedGzipTrailerIsCaughtAfterTheLastEntry() throws IOException {
        byte[] gz = TestData.gzip(TestData.cifarTar(TestData.cifarFiles(PER_FILE)));
        gz[gz.length - 8] ^= 1; // the CRC-32 of the uncompressed data
        Path bad = Files.write(tmp.resolve("crc.tar.gz"), gz);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Cifar10.load(bad));
        assertTrue(e.getMessage().contains("crc.tar.gz") && e.getMessage().contains("gzip"), e.getMessage());
    }

    @Test
    void truncatedTarInsideIntactGzip() throws IOException {
        byte[] tar = TestData.cifarTar(TestData.cifarFiles(PER_FILE));
        Path gz = Files.write(tmp.resolve("t.tar.gz"), TestData.gzip(Arrays.copyOf(tar, 512 * 3 + 5000)));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Cifar10.load(gz));
        assertTrue(e.getMessage().contains("t.tar.gz") && e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void hugeClaimedEntrySizeIsRefusedBeforeAllocating() throws IOException {
        byte[] tar = new TestData.Tar()
                .entry(Cifar10.FOLDER + "/data_batch_1.bin", '0', new byte[3073], 3073L * 2_000_000)
                .finish();
        Path gz = Files.write(tmp.resolve("big.tar.gz"), TestData.gzip(tar));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Cifar10.load(gz));
        assertTrue(
                e.getMessage().contains("data_batch_1.bin") && e.getMessage().contains("2000000 records"),
                e.getMessage());
    }

    @Test
    void notAnArchive() throws IOException {
        Path junk = Files.write(
                tmp.resolve("junk.tar.gz"),
                "hello, this is not a tar".repeat(40).getBytes(StandardCharsets.US_ASCII));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Cifar10.load(junk));
        assertTrue(
                e.getMessage().contains("junk.tar.gz at byte ")
                        && e.getMessage().contains("not a tar archive"),
                e.getMessage());
    }

    @Test
    void duplicateEntry() throws IOException {
        Map<String, byte[]> files = TestData.cifarFiles(PER_FILE);
        byte[] tar = new TestData.Tar()
                .file("other/test_batch.bin", files.get("test_batch.bin"))
                .raw(TestData.cifarTar(files))
                .unfinished();
        Path gz = Files.write(tmp.resolve("dup.tar.gz"), TestData.gzip(tar));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Cifar10.load(gz));
        assertTrue(e.getMessage().contains("two entries named test_batch.bin"), e.getMessage());
        // offsets count bytes of the tar inside the gzip, and the message says so
        assertTrue(e.getMessage().startsWith(gz + " (decompressed) at byte "), e.getMessage());
    }

    @Test
    void aCorruptTarInsideAGzipNamesTheDecompressedOffset() throws IOException {
        byte[] tar = TestData.cifarTar(TestData.cifarFiles(PER_FILE));
        // The folder's header (no data) is block 0; the first file's header is block 1, and byte 148
        // of a header starts its checksum field.
        long damaged = 512 + 148;
        tar[(int) damaged] ^= 0x55;
        Path gz = Files.write(tmp.resolve("corrupt.tar.gz"), TestData.gzip(tar));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Cifar10.load(gz));
        assertTrue(e.getMessage().startsWith(gz + " (decompressed) at byte " + damaged + ": "), e.getMessage());
        assertEquals(damaged, e.offset());
    }

    @Test
    void wrongNumberOfClassNames() throws IOException {
        Map<String, byte[]> files = TestData.cifarFiles(PER_FILE);
        files.put(Cifar10.META_FILE, "cat\ndog\n".getBytes(StandardCharsets.US_ASCII));
        Path folder = TestData.writeFolder(tmp.resolve(Cifar10.FOLDER), files);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Cifar10.load(folder));
        assertTrue(e.getMessage().contains("batches.meta.txt") && e.getMessage().contains("found 2"), e.getMessage());
    }

    @Test
    void locatePrefersTheEnvironmentVariableThenTheProjectRoot() throws IOException {
        Path archive =
                Files.createDirectories(tmp.resolve("shared/datasets/cifar-10")).resolve("cifar-10-binary.tar.gz");
        Files.write(archive, new byte[1]);
        Path root = Files.createDirectories(tmp.resolve("project"));
        assertEquals(Optional.of(archive), Cifar10.locate(Map.of("TAUON_PROJECT_ROOT", root.toString()), tmp));
        assertEquals(Optional.of(archive), Cifar10.locate(Map.of(), root));
        assertEquals(
                Optional.empty(),
                Cifar10.locate(Map.of(Cifar10.PATH_ENV, tmp.resolve("none").toString()), root));
        assertEquals(Optional.of(tmp), Cifar10.locate(Map.of(Cifar10.PATH_ENV, tmp.toString()), root));
    }
}
