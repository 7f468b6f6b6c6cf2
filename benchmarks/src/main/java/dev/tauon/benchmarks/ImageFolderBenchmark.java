package dev.tauon.benchmarks;

import dev.tauon.core.Batch;
import dev.tauon.data.Augmentation;
import dev.tauon.data.BatchLoader;
import dev.tauon.data.Normalization;
import dev.tauon.data.image.ImageFolder;
import dev.tauon.data.image.ImageOptions;
import dev.tauon.data.image.LazyImageDataset;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decoding and batching PNG images from a folder of class folders, in images per second (the
 * {@code images} secondary result, from {@link ImageCounter}; the primary score counts passes over
 * the folder): scanning and decoding the whole folder into memory
 * ({@code ImageFolder.load}), and an epoch of normalised, augmented 128-image batches decoded
 * lazily with no cache, on the caller's thread (one core) and on the loader's background thread.
 *
 * <p>The images are {@value #IMAGES} synthetic 32x32 RGB PNGs (a gradient plus noise, about 3.0 KB
 * each, like the real CIFAR-10 PNGs' 2.9 KB), written to a temporary folder; {@code -p folder=PATH}
 * reads an existing folder instead (its images resized to 32x32 RGB). Compare with
 * {@link DataLoaderBenchmark}'s binary reader. Run:
 * {@code java -jar benchmarks/target/benchmarks.jar ImageFolder -f 1 -wi 2 -i 5}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx1g"})
public class ImageFolderBenchmark {
    static final int IMAGES = 2_000;
    static final int CLASSES = 10;
    static final int BATCH = 128;
    /** Noise amplitude giving PNGs of the real CIFAR-10 PNGs' size. */
    static final int NOISE = 40;

    /** A folder of class folders to read instead of the synthetic one; empty for the synthetic one. */
    @Param("")
    public String folder;

    private Path root;
    private boolean temporary;
    private ImageOptions options;
    private Normalization normalization;
    private int images;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        temporary = folder.isEmpty();
        root = temporary ? writeSynthetic(Files.createTempDirectory("tauon-bench-pngs")) : Path.of(folder);
        options = ImageOptions.of(32, 32);
        ImageFolder scanned = ImageFolder.scan(root, options);
        images = scanned.files().size();
        normalization = Normalization.compute(scanned.load());
        long bytes = 0;
        for (Path f : scanned.files()) {
            bytes += Files.size(f);
        }
        System.out.printf("%d PNG files in %s, %.0f bytes each on average%n", images, root, (double) bytes / images);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        if (temporary) {
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                    Files.delete(p);
                }
            }
        }
    }

    /** Scan the folder and decode every image into memory, on this thread. */
    @Benchmark
    public Object loadFolder(ImageCounter counter) throws IOException {
        counter.add(images);
        return ImageFolder.scan(root, options).load();
    }

    /** One shuffled, normalised, flip-and-crop epoch, every image decoded from its file when its batch is made, on this thread. */
    @Benchmark
    public void lazyEpochOneThread(Blackhole bh, ImageCounter counter) throws IOException {
        counter.add(images);
        epoch(0, bh);
    }

    /** The same, batches made on the loader's background thread two ahead, the consumer doing nothing else. */
    @Benchmark
    public void lazyEpochBackground(Blackhole bh, ImageCounter counter) throws IOException {
        counter.add(images);
        epoch(2, bh);
    }

    private void epoch(int prefetch, Blackhole bh) throws IOException {
        LazyImageDataset data = ImageFolder.scan(root, options).lazy(0);
        try (BatchLoader loader = BatchLoader.builder(data)
                .batchSize(BATCH)
                .shuffle(true)
                .seed(1)
                .normalization(normalization)
                .augmentation(Augmentation.flipAndCrop(4))
                .prefetch(prefetch)
                .build()) {
            for (Batch b : loader) {
                bh.consume(b.inputs().data()[b.size() - 1]);
            }
        }
    }

    /** {@value #IMAGES} PNGs of 32x32 in {@value #CLASSES} class folders. */
    static Path writeSynthetic(Path dir) throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_3BYTE_BGR);
        for (int i = 0; i < IMAGES; i++) {
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    int v = 4 * y + 2 * x;
                    int r = (v + random.nextInt(NOISE)) & 0xFF;
                    int g = (v + random.nextInt(NOISE)) & 0xFF;
                    int b = (v + random.nextInt(NOISE)) & 0xFF;
                    img.setRGB(x, y, r << 16 | g << 8 | b);
                }
            }
            Path classDir = Files.createDirectories(dir.resolve("class" + i % CLASSES));
            ImageIO.write(
                    img, "png", classDir.resolve(String.format("%05d.png", i)).toFile());
        }
        return dir;
    }
}
