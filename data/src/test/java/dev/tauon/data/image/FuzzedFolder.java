package dev.tauon.data.image;

import dev.tauon.data.FuzzedFile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * A small image folder tree described by fuzz bytes, built under a fresh temporary folder, with
 * what {@link ImageFolder}'s documentation says it holds worked out as it is built: which entries
 * of the root are class folders, and which files below each are its examples.
 *
 * <p>The bytes choose, one after another (zeros once they run out): the image options, how many
 * entries the root has and of what kind (class folders, links to them, dangling links, loose files,
 * hidden or empty folders), their names (from parts with spaces, quotes, backslashes, tabs,
 * newlines, accents composed and not, CJK and an emoji), and in each folder the files: their names
 * and extensions (image ones in any case, others, none), their contents (five valid images written
 * by ImageIO, cut copies of them, raw fuzz bytes, nothing), links to files and folders (also
 * dangling and to themselves), nested and hidden folders.
 */
final class FuzzedFolder {
    /** Valid images of each kind ImageIO reads, written once. */
    private static final List<byte[]> SEEDS = List.of(
            encode(TestImages.rgbImage(1, 3, 2), "png"),
            encode(TestImages.rgbImage(2, 4, 4), "jpg"),
            encode(gray(2, 2), "png"),
            encode(TestImages.rgbImage(3, 2, 3), "gif"),
            encode(TestImages.rgbImage(4, 2, 2), "bmp"));

    private static final String[] NAME_PARTS = {
        "cat", "Dog", "a b", "\u00fc", "\u65e5\u672c", "\ud83d\ude00", "'", "\"", "\\", "%41", "~", "-", "_", "#", "\t",
        "\n", "..x", "\u00e9", "e\u0301", "A", "a", "Z", "0", "10", "2", ".", "png", "$x", ":", "*"
    };
    private static final String[] EXTENSIONS = {
        "png", "PNG", "jpg", "jpeg", "JpEg", "bmp", "gif", "GIF", "txt", "", "png.bak", "Png", "webp"
    };
    private static final Path PARENT = FuzzedFile.directory();
    /** Files and folders at most in one tree, so that one input stays milliseconds. */
    private static final int MAX_ENTRIES = 64;

    private final byte[] bytes;
    private int next;
    private final Path root;
    private final List<String> nameParts;
    /** Real class folder name -> its examples, relative to it. */
    private final Map<String, List<Path>> classes = new LinkedHashMap<>();
    /** Class folder names that are links, -> the name of the class folder they point to. */
    private final Map<String, String> classLinks = new LinkedHashMap<>();
    /** Every file and folder made so far, for links to point at. */
    private final List<Path> made = new ArrayList<>();
    /** The files holding a whole valid image. */
    private final Set<Path> valid = new HashSet<>();

    /** The options the bytes chose (on bad files: {@link OnBadFile#FAIL}). */
    final ImageOptions options;
    /** The cache of the lazy dataset, in images. */
    final int cacheImages;

    private FuzzedFolder(byte[] bytes) throws IOException {
        this.bytes = bytes;
        Charset names = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        // parts the platform cannot write in a file name are left out rather than mangled
        this.nameParts = Stream.of(NAME_PARTS)
                .filter(p -> names.newEncoder().canEncode(p))
                .toList();
        int o = take();
        this.options = new ImageOptions(
                1 + (o & 3),
                1 + ((o >> 2) & 3),
                (o & 16) == 0 ? ColorMode.RGB : ColorMode.GRAYSCALE,
                Interpolation.values()[(o >> 5) % 3],
                OnBadFile.FAIL);
        this.cacheImages = take() % 3;
        this.root = Files.createTempDirectory(PARENT, "root");
    }

    /** Builds the tree the bytes describe. */
    static FuzzedFolder build(byte[] bytes) throws IOException {
        FuzzedFolder f = new FuzzedFolder(bytes);
        f.fillRoot();
        return f;
    }

    /** The folder holding the class folders. */
    Path root() {
        return root;
    }

    /** The class folders' names, sorted as the documentation says: by their bytes, as paths sort. */
    List<String> classNames() {
        List<String> all = new ArrayList<>(classes.keySet());
        all.addAll(classLinks.keySet());
        all.sort(Comparator.comparing(n -> n.getBytes(StandardCharsets.UTF_8), Arrays::compareUnsigned));
        return all;
    }

    /** The examples of class folder {@code name}, sorted by path; through a link, the target's, under the link. */
    List<Path> examples(String name) {
        String real = classLinks.getOrDefault(name, name);
        Path dir = root.resolve(name);
        return classes.get(real).stream().map(dir::resolve).sorted().toList();
    }

    /** Whether {@code file}, or the file a link there points to, holds a whole valid image. */
    boolean valid(Path file) throws IOException {
        return valid.contains(file.toRealPath());
    }

    /** Deletes the tree, links and not their targets. */
    void delete() throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private void fillRoot() throws IOException {
        int entries = 1 + take() % 6;
        for (int i = 0; i < entries; i++) {
            int kind = take() % 8;
            String name = name();
            Path p = root.resolve(name);
            if (exists(p)) {
                continue;
            }
            boolean hidden = name.startsWith(".");
            switch (kind) {
                case 4 -> { // a link to a class folder made before, else a dangling one
                    String target = classes.isEmpty()
                            ? null
                            : List.copyOf(classes.keySet()).get(take() % classes.size());
                    Files.createSymbolicLink(p, Path.of(target == null ? "nowhere" : target));
                    if (target != null && !hidden) {
                        classLinks.put(name, target);
                    }
                }
                case 5 -> file(p, take()); // a loose file: not an example
                case 6 -> { // a hidden folder of images: not a class
                    Path dir = root.resolve("." + name);
                    if (!exists(dir)) {
                        Files.createDirectory(dir);
                        files(dir, dir, 1, new ArrayList<>(), false);
                    }
                }
                default -> {
                    Files.createDirectory(p);
                    made.add(p);
                    List<Path> examples = new ArrayList<>();
                    if (kind != 7) { // 7: a folder of no images
                        files(p, p, 1, examples, !hidden);
                    }
                    if (!hidden) {
                        classes.put(name, examples);
                    }
                }
            }
        }
    }

    /** Fills {@code dir}, below class folder {@code classDir}, adding its examples when {@code counted}. */
    private void files(Path classDir, Path dir, int depth, List<Path> examples, boolean counted) throws IOException {
        int n = take() % 6;
        for (int i = 0; i < n; i++) {
            int kind = take() % 10;
            String ext = EXTENSIONS[take() % EXTENSIONS.length];
            String name = name() + (ext.isEmpty() ? "" : "." + ext);
            Path p = dir.resolve(name);
            if (exists(p) || made.size() >= MAX_ENTRIES) {
                continue;
            }
            boolean example = counted && !name.startsWith(".") && isImageName(name);
            switch (kind) {
                case 4 -> { // a link to a file or folder made before, to itself, or dangling
                    int t = take();
                    Path target = made.isEmpty() || t % 4 == 0
                            ? (t % 8 == 0 ? p : dir.resolve("gone"))
                            : made.get(t % made.size());
                    Files.createSymbolicLink(p, target);
                    if (example && Files.isRegularFile(p)) {
                        examples.add(classDir.relativize(p));
                    }
                }
                case 5, 7 -> { // a nested folder (not followed when hidden), never itself an example
                    if (depth < 3) {
                        Files.createDirectory(p);
                        made.add(p);
                        files(classDir, p, depth + 1, examples, counted && !name.startsWith("."));
                    }
                }
                case 6 -> file(dir.resolve("." + name), take()); // hidden: never an example
                default -> {
                    file(p, kind == 9 ? -1 : take());
                    if (example) {
                        examples.add(classDir.relativize(p));
                    }
                }
            }
        }
    }

    /** Whether the name ends in an image extension, in any case, as the documentation says. */
    private static boolean isImageName(String name) {
        int dot = name.lastIndexOf('.');
        return dot >= 0
                && ImageFolder.EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** Writes a file: a valid image, a cut one, raw fuzz bytes, or (for {@code how < 0}) nothing. */
    private void file(Path p, int how) throws IOException {
        if (exists(p)) {
            return;
        }
        byte[] content;
        if (how < 0) {
            content = new byte[0];
        } else if (how % 8 < SEEDS.size()) {
            content = SEEDS.get(how % 8);
        } else if (how % 8 == SEEDS.size()) {
            byte[] seed = SEEDS.get(take() % SEEDS.size());
            content = Arrays.copyOf(seed, take() * seed.length / 256);
        } else {
            content = new byte[Math.min(take() % 64, bytes.length - next)];
            for (int i = 0; i < content.length; i++) {
                content[i] = (byte) take();
            }
        }
        Files.write(p, content);
        made.add(p);
        if (how >= 0 && how % 8 < SEEDS.size()) {
            valid.add(p.toRealPath());
        }
    }

    /** A name of one to three parts; never "." or "..", never with a '/'. */
    private String name() {
        StringBuilder sb = new StringBuilder();
        int parts = 1 + take() % 3;
        for (int i = 0; i < parts; i++) {
            sb.append(nameParts.get(take() % nameParts.size()));
        }
        String name = sb.toString();
        return name.equals(".") || name.equals("..") ? name + "_" : name;
    }

    private static boolean exists(Path p) {
        return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
    }

    private int take() {
        return next < bytes.length ? bytes[next++] & 0xFF : 0;
    }

    private static BufferedImage gray(int h, int w) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setSample(w - 1, h - 1, 0, 200);
        return img;
    }

    private static byte[] encode(BufferedImage img, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(img, format, out)) {
                throw new IOException("no ImageIO writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
