package dev.tauon.data;

import dev.tauon.core.io.Excerpt;
import dev.tauon.data.io.ArchiveInput;
import dev.tauon.data.io.QuotedList;
import dev.tauon.data.io.TarEntry;
import dev.tauon.data.io.TarReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CIFAR-10 dataset, binary version: 50,000 training and 10,000 test images of 32x32 RGB in 10
 * classes, held as raw bytes ({@link RecordSet}).
 *
 * <p>{@link #load(Path)} reads the official {@code cifar-10-binary.tar.gz} directly (streamed
 * through gzip and tar, nothing extracted), a plain {@code .tar} of it, or the extracted
 * {@code cifar-10-batches-bin} folder (or a folder containing it).
 */
public final class Cifar10 {
    private static final Logger LOG = LoggerFactory.getLogger(Cifar10.class);

    /** 3 channels of 32x32, labels 0..9. */
    public static final RecordFormat FORMAT = new RecordFormat(3, 32, 32, 10);
    /** The folder inside the official archive. */
    public static final String FOLDER = "cifar-10-batches-bin";
    /** The five training files of the official archive, 10,000 images each. */
    public static final List<String> TRAIN_FILES =
            List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin");
    /** The test file of the official archive, 10,000 images. */
    public static final String TEST_FILE = "test_batch.bin";
    /** The file of class names, one per line, in label order. */
    public static final String META_FILE = "batches.meta.txt";
    /** Environment variable naming the archive or extracted folder, overriding the default location. */
    public static final String PATH_ENV = "TAUON_CIFAR10";
    /** Where the project keeps the archive, relative to the project root. */
    public static final String SHARED_LOCATION = "../shared/datasets/cifar-10/cifar-10-binary.tar.gz";

    /**
     * Official batch files are 10,000 records (30,730,000 bytes); allow some slack for variants,
     * but refuse what a corrupt size field might claim.
     */
    static final long MAX_BATCH_FILE_BYTES = 64L << 20;

    private static final int MAX_META_BYTES = 64 << 10;
    /** The most values from the dataset one message lists. */
    private static final int QUOTED_MAX = 12;

    private final RecordSet train;
    private final RecordSet test;
    private final List<String> classNames;

    private Cifar10(RecordSet train, RecordSet test, List<String> classNames) {
        this.train = train;
        this.test = test;
        this.classNames = classNames;
    }

    /**
     * Loads both splits from the archive ({@code .tar.gz} or {@code .tar}) or folder at {@code path}.
     *
     * @throws NoSuchFileException    if {@code path}, or a batch file in a folder, is not there
     * @throws DatasetFormatException if a file or the archive is malformed or lacks an entry
     */
    public static Cifar10 load(Path path) throws IOException {
        long start = System.nanoTime();
        Cifar10 data;
        if (Files.isDirectory(path)) {
            data = loadFolder(batchFolder(path));
        } else if (Files.isRegularFile(path)) {
            data = loadArchive(path);
        } else {
            throw new NoSuchFileException(
                    path.toString(),
                    null,
                    "no CIFAR-10 archive or folder here; pass the "
                            + "path of cifar-10-binary.tar.gz or of the extracted " + FOLDER + " folder, set "
                            + PATH_ENV
                            + ", or fetch it with DatasetDownloader");
        }
        LOG.info(
                "CIFAR-10 loaded from {} in {} ms: {} training, {} test records",
                path,
                (System.nanoTime() - start) / 1_000_000,
                data.train.size(),
                data.test.size());
        return data;
    }

    /** The 50,000 training records, in file order (data_batch_1 to data_batch_5). */
    public RecordSet train() {
        return train;
    }

    /** The 10,000 test records. */
    public RecordSet test() {
        return test;
    }

    /** The class names from {@code batches.meta.txt}, indexed by label. */
    public List<String> classNames() {
        return classNames;
    }

    /**
     * Where the dataset is on this machine, if anywhere: the {@value #PATH_ENV} environment
     * variable if set, else {@value #SHARED_LOCATION} from the project root ({@code
     * TAUON_PROJECT_ROOT} if set, else the working directory).
     */
    public static Optional<Path> locate() {
        return locate(System.getenv(), Path.of("").toAbsolutePath());
    }

    /**
     * {@link #locate()} if it finds the dataset, else the official archive through {@code downloader}
     * (from its cache, or downloaded into it).
     *
     * @throws NoSuchFileException if {@value #PATH_ENV} is set to a path that does not exist
     */
    public static Path locateOrDownload(DatasetDownloader downloader) throws IOException {
        return locateOrDownload(
                downloader,
                DatasetDownloader.CIFAR10_URL,
                System.getenv(),
                Path.of("").toAbsolutePath());
    }

    static Path locateOrDownload(DatasetDownloader downloader, URI url, Map<String, String> env, Path workingDir)
            throws IOException {
        String explicit = env.get(PATH_ENV);
        if (explicit != null && !explicit.isBlank() && !Files.exists(Path.of(explicit))) {
            // A set but wrong variable is a mistake to report, not a reason to download 170 MB.
            throw new NoSuchFileException(explicit, null, PATH_ENV + " names a path that does not exist");
        }
        Optional<Path> local = locate(env, workingDir);
        return local.isPresent() ? local.get() : downloader.fetchCifar10(url);
    }

    static Optional<Path> locate(Map<String, String> env, Path workingDir) {
        String explicit = env.get(PATH_ENV);
        if (explicit != null && !explicit.isBlank()) {
            Path p = Path.of(explicit);
            return Files.exists(p) ? Optional.of(p) : Optional.empty();
        }
        String root = env.get("TAUON_PROJECT_ROOT");
        Path base = root != null && !root.isBlank() ? Path.of(root) : workingDir;
        Path shared = base.resolve(SHARED_LOCATION).normalize();
        return Files.exists(shared) ? Optional.of(shared) : Optional.empty();
    }

    private static Path batchFolder(Path dir) throws NoSuchFileException {
        if (Files.exists(dir.resolve(TEST_FILE)) || Files.exists(dir.resolve(TRAIN_FILES.get(0)))) {
            return dir;
        }
        if (Files.isDirectory(dir.resolve(FOLDER))) {
            return dir.resolve(FOLDER);
        }
        throw new NoSuchFileException(
                dir.toString(),
                null,
                "not a CIFAR-10 folder: expected " + TEST_FILE + " and data_batch_1..5.bin in it or in " + FOLDER
                        + "/ below it");
    }

    private static Cifar10 loadFolder(Path dir) throws IOException {
        List<byte[]> trainBlocks = new ArrayList<>();
        for (String name : TRAIN_FILES) {
            trainBlocks.add(RecordReader.read(requireFile(dir, name), FORMAT, MAX_BATCH_FILE_BYTES));
        }
        byte[] testBlock = RecordReader.read(requireFile(dir, TEST_FILE), FORMAT, MAX_BATCH_FILE_BYTES);
        Path meta = requireFile(dir, META_FILE);
        String metaText;
        try (InputStream in = Files.newInputStream(meta)) {
            metaText = readMeta(in, Files.size(meta), meta.toString());
        }
        return assemble(trainBlocks, testBlock, metaText, meta.toString());
    }

    private static Path requireFile(Path dir, String name) throws NoSuchFileException {
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(
                    file.toString(),
                    null,
                    "CIFAR-10 file missing (a complete folder has " + "data_batch_1..5.bin, " + TEST_FILE + " and "
                            + META_FILE + ")");
        }
        return file;
    }

    private static Cifar10 loadArchive(Path archive) throws IOException {
        Map<String, byte[]> blocks = new HashMap<>();
        String metaText = null;
        String metaSource = null;
        List<String> seen = new ArrayList<>();
        try (TarReader tar = ArchiveInput.openTar(archive)) {
            for (TarEntry entry = tar.next(); entry != null; entry = tar.next()) {
                String base = entry.baseName();
                seen.add(entry.name());
                String source = entry.source(archive.toString());
                boolean wanted = TRAIN_FILES.contains(base) || base.equals(TEST_FILE) || base.equals(META_FILE);
                if (!wanted) {
                    continue;
                }
                if (blocks.containsKey(base) || (base.equals(META_FILE) && metaText != null)) {
                    throw new DatasetFormatException(
                            tar.source(),
                            entry.dataOffset(),
                            "two entries named " + base + " (second: " + Excerpt.of(entry.name()) + ")");
                }
                if (base.equals(META_FILE)) {
                    metaText = readMeta(tar.entryStream(), entry.size(), source);
                    metaSource = source;
                } else {
                    blocks.put(
                            base,
                            RecordReader.read(tar.entryStream(), entry.size(), FORMAT, MAX_BATCH_FILE_BYTES, source));
                }
            }
            tar.readToEnd();
        }
        List<byte[]> trainBlocks = new ArrayList<>();
        for (String name : TRAIN_FILES) {
            trainBlocks.add(requireEntry(blocks.get(name), name, archive, seen));
        }
        byte[] testBlock = requireEntry(blocks.get(TEST_FILE), TEST_FILE, archive, seen);
        requireEntry(metaText, META_FILE, archive, seen);
        return assemble(trainBlocks, testBlock, metaText, metaSource);
    }

    private static <T> T requireEntry(T value, String name, Path archive, List<String> seen)
            throws DatasetFormatException {
        if (value == null) {
            throw new DatasetFormatException(
                    archive.toString(),
                    -1,
                    "no entry " + FOLDER + "/" + name + " in the archive (it has "
                            + (seen.isEmpty() ? "no files" : quoted(seen)) + ")");
        }
        return value;
    }

    private static String readMeta(InputStream in, long size, String source) throws IOException {
        if (size > MAX_META_BYTES) {
            throw new DatasetFormatException(
                    source,
                    -1,
                    "size " + size + " bytes, too large for a list of " + "class names (at most " + MAX_META_BYTES
                            + ")");
        }
        byte[] bytes = in.readNBytes((int) size);
        if (bytes.length < size) {
            throw new DatasetFormatException(source, bytes.length, "truncated: " + size + " bytes expected");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static Cifar10 assemble(List<byte[]> trainBlocks, byte[] testBlock, String metaText, String metaSource)
            throws DatasetFormatException {
        List<String> names = new ArrayList<>();
        for (String line : metaText.split("\r?\n")) {
            if (!line.isBlank()) {
                names.add(line.strip());
            }
        }
        if (names.size() != FORMAT.numClasses()) {
            throw new DatasetFormatException(
                    metaSource,
                    -1,
                    "expected " + FORMAT.numClasses() + " class names, one a line, found " + names.size() + ": "
                            + quoted(names));
        }
        return new Cifar10(
                RecordSet.ofValidated(FORMAT, trainBlocks),
                RecordSet.ofValidated(FORMAT, List.of(testBlock)),
                List.copyOf(names));
    }

    /** Values read from the dataset, for a message: the first {@value #QUOTED_MAX}, then how many more. */
    private static String quoted(List<String> values) {
        return QuotedList.of(values, QUOTED_MAX);
    }
}
