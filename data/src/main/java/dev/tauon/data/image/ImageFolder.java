package dev.tauon.data.image;

import dev.tauon.core.io.Excerpt;
import dev.tauon.data.DatasetFormatException;
import dev.tauon.data.PixelArrayDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A folder of images with one sub-folder per class, as Keras' {@code image_dataset_from_directory}
 * and PyTorch's {@code ImageFolder} read it:
 *
 * <pre>
 * root/cat/0001.png
 * root/cat/more/0002.jpg
 * root/dog/0003.png
 * </pre>
 *
 * <p>{@link #scan} lists it without decoding anything: the class names are the sub-folders' names
 * sorted (class {@code i} is the {@code i}-th), and each class's images are the files with an
 * image extension ({@link #EXTENSIONS}, any case) anywhere below its folder, in sorted path order.
 * Files directly in the root and hidden files (names starting with {@code .}) are not examples.
 * Links are read as what they point to, except links to folders below a class folder, which are
 * not followed (as Keras' default {@code follow_links=False}; a link to a folder above it would
 * loop); a class folder may itself be a link to a folder.
 * Then {@link #load} decodes all of them into memory ({@link PixelArrayDataset}), or {@link #lazy}
 * returns a dataset that decodes them when a batch needs them, keeping a bounded cache.
 */
public final class ImageFolder {
    private static final Logger LOG = LoggerFactory.getLogger(ImageFolder.class);
    /** File extensions read as images. */
    public static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");
    /** Bad files named in the warning about skipped files. */
    private static final int NAMED_MAX = 5;

    private final Path root;
    private final ImageOptions options;
    private final List<String> classNames;
    private final List<Path> files;
    private final int[] labels;

    private ImageFolder(Path root, ImageOptions options, List<String> classNames, List<Path> files, int[] labels) {
        this.root = root;
        this.options = options;
        this.classNames = List.copyOf(classNames);
        this.files = List.copyOf(files);
        this.labels = labels;
    }

    /**
     * Lists the class folders of {@code root} and their image files.
     *
     * @throws NoSuchFileException    if {@code root} is not a folder
     * @throws DatasetFormatException if {@code root} has no class folders, or a class folder has no images
     */
    public static ImageFolder scan(Path root, ImageOptions options) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new NoSuchFileException(
                    root.toString(), null, "no image folder here (expected one sub-folder of " + "images per class)");
        }
        List<Path> classDirs = new ArrayList<>();
        int looseImages = 0;
        try (Stream<Path> entries = Files.list(root)) {
            for (Path p : (Iterable<Path>) entries.sorted()::iterator) {
                if (hidden(p.getFileName())) {
                    continue;
                }
                if (Files.isDirectory(p)) {
                    classDirs.add(p);
                } else if (isImage(p)) {
                    looseImages++;
                }
            }
        }
        if (classDirs.isEmpty()) {
            throw new DatasetFormatException(
                    root.toString(),
                    -1,
                    "no class folders: expected one sub-folder of images"
                            + " per class"
                            + (looseImages > 0
                                    ? " (the " + looseImages + " images directly in it belong to" + " no class)"
                                    : ""));
        }
        if (looseImages > 0) {
            LOG.warn(
                    "{}: {} image files directly in the folder belong to no class and are left out", root, looseImages);
        }
        List<String> names = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int c = 0; c < classDirs.size(); c++) {
            Path dir = classDirs.get(c);
            names.add(dir.getFileName().toString());
            List<Path> images;
            // Files.walk follows no link, not even the one it starts at, so a class folder that is a
            // link would list nothing; "<link>/." is the folder it points to, and the paths stay under the link
            Path start = dir.resolve(".");
            try (Stream<Path> walk = Files.walk(start)) {
                images = walk.map(p -> dir.resolve(start.relativize(p)))
                        .filter(p -> !hidden(dir.relativize(p)) && Files.isRegularFile(p) && isImage(p))
                        .sorted()
                        .toList();
            }
            if (images.isEmpty()) {
                throw new DatasetFormatException(
                        dir.toString(),
                        -1,
                        "class folder " + Excerpt.of(names.get(c)) + " has no image files ("
                                + String.join(", ", EXTENSIONS.stream().sorted().toList()) + ")");
            }
            for (Path image : images) {
                files.add(image);
                labels.add(c);
            }
        }
        int[] labelArray = labels.stream().mapToInt(Integer::intValue).toArray();
        return new ImageFolder(root, options, names, files, labelArray);
    }

    /** Whether a part of {@code relative} (a path below a folder, never the folder's own) starts with a dot. */
    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isImage(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot >= 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** The folder holding the class folders. */
    public Path root() {
        return root;
    }

    /** How its images are decoded. */
    public ImageOptions options() {
        return options;
    }

    /** The class names, sorted; class {@code i} is the {@code i}-th. */
    public List<String> classNames() {
        return classNames;
    }

    /** The image files, class by class, each class's in sorted path order. */
    public List<Path> files() {
        return files;
    }

    /** The class of each file of {@link #files()}. */
    public int[] labels() {
        return labels.clone();
    }

    /**
     * Decodes every image now and holds their bytes ({@code channels x height x width} each). A file
     * that cannot be decoded stops the load with its name, or with {@link OnBadFile#SKIP} is left
     * out and counted in a warning.
     *
     * @throws DatasetFormatException naming the file, for a bad file under {@link OnBadFile#FAIL}, or
     *                                if every file is bad
     */
    public PixelArrayDataset load() throws IOException {
        ImageDecoder decoder = new ImageDecoder(options);
        List<byte[]> images = new ArrayList<>(files.size());
        List<Integer> kept = new ArrayList<>(files.size());
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            byte[] pixels = new byte[options.imageBytes()];
            try {
                decoder.decode(files.get(i), pixels, 0);
            } catch (DatasetFormatException e) {
                if (options.onBadFile() == OnBadFile.FAIL) {
                    throw e;
                }
                bad.add(e.getMessage());
                continue;
            }
            images.add(pixels);
            kept.add(labels[i]);
        }
        reportSkipped(bad);
        int[] keptLabels = kept.stream().mapToInt(Integer::intValue).toArray();
        return PixelArrayDataset.of(
                options.color().channels(), options.height(), options.width(), images, keptLabels, classNames.size());
    }

    /**
     * The images as a dataset that decodes each when a batch needs it ({@link LazyImageDataset}),
     * keeping at most {@code cacheBytes} of decoded images. With {@link OnBadFile#SKIP} every file's
     * header is read now and the files that fail are left out and counted in a warning; damage past
     * the header, and any bad file under {@link OnBadFile#FAIL}, fails the batch that reads it,
     * naming the file.
     */
    public LazyImageDataset lazy(long cacheBytes) throws IOException {
        List<Path> kept = new ArrayList<>(files.size());
        List<Integer> keptLabels = new ArrayList<>(files.size());
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            if (options.onBadFile() == OnBadFile.SKIP) {
                try {
                    ImageDecoder.checkHeader(files.get(i));
                } catch (DatasetFormatException e) {
                    bad.add(e.getMessage());
                    continue;
                }
            }
            kept.add(files.get(i));
            keptLabels.add(labels[i]);
        }
        reportSkipped(bad);
        return new LazyImageDataset(
                kept,
                keptLabels.stream().mapToInt(Integer::intValue).toArray(),
                classNames.size(),
                options,
                cacheBytes);
    }

    /** Warns about skipped files, naming the first few; fails if nothing is left. */
    void reportSkipped(List<String> bad) throws DatasetFormatException {
        if (bad.isEmpty()) {
            return;
        }
        if (bad.size() == files.size()) {
            throw new DatasetFormatException(
                    root.toString(),
                    -1,
                    "none of the " + files.size() + " image files " + "could be decoded; the first: " + bad.get(0));
        }
        LOG.warn(
                "{}: skipped {} of {} image files that could not be decoded: {}{}",
                root,
                bad.size(),
                files.size(),
                String.join("; ", bad.subList(0, Math.min(NAMED_MAX, bad.size()))),
                bad.size() > NAMED_MAX ? "; and " + (bad.size() - NAMED_MAX) + " more" : "");
    }

    @Override
    public String toString() {
        return "ImageFolder[" + root + ", " + files.size() + " images, " + classNames.size() + " classes]";
    }
}
