package dev.tauon.benchmarks;

import dev.tauon.core.Batch;
import dev.tauon.data.Augmentation;
import dev.tauon.data.BatchLoader;
import dev.tauon.data.Cifar10;
import dev.tauon.data.Normalization;
import dev.tauon.data.RecordSet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * CIFAR-10 data loading, in images per second (each operation is one image): reading the
 * {@code .tar.gz} (gunzip, tar, validation), converting and batching an epoch on the caller's
 * thread (one core), with and without augmentation, and with the background thread.
 *
 * <p>The data are synthetic, so the benchmark needs no download: a gradient plus noise, chosen so
 * that gzip compresses it about as much as the real archive (to 94% of its content), because
 * inflating stored (incompressible) blocks is several times faster than inflating coded ones. Run:
 * {@code java -jar benchmarks/target/benchmarks.jar DataLoader -f 1 -wi 2 -i 5}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx1g"})
public class DataLoaderBenchmark {
    static final int PER_FILE = 2_000;
    static final int TRAIN = 5 * PER_FILE;
    static final int TOTAL = 6 * PER_FILE;
    static final int BATCH = 128;
    /** Noise amplitude giving the real archive's compression ratio (0.956 here, 0.943 for the real archive). */
    static final int NOISE = 80;

    private Path archive;
    private RecordSet train;
    private Normalization normalization;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        archive = Files.createTempFile("tauon-bench-cifar", ".tar.gz");
        byte[] gz = syntheticArchive(new SplittableRandom(42));
        Files.write(archive, gz);
        System.out.printf(
                "synthetic archive: %d bytes, %.3f of its %d-byte content%n",
                gz.length, gz.length / (TOTAL * 3073.0), TOTAL * 3073);
        train = Cifar10.load(archive).train();
        normalization = Normalization.compute(train);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(archive);
    }

    /** Gunzip, untar, check and hold all 12,000 records. */
    @Benchmark
    @OperationsPerInvocation(TOTAL)
    public Object readArchive() throws IOException {
        return Cifar10.load(archive);
    }

    /** One epoch of normalised, shuffled batches, converted on this thread. */
    @Benchmark
    @OperationsPerInvocation(TRAIN)
    public void epochOneThread(Blackhole bh) {
        epoch(Augmentation.NONE, 0, bh);
    }

    /** As {@link #epochOneThread} with random flip and crop (padding 4). */
    @Benchmark
    @OperationsPerInvocation(TRAIN)
    public void epochOneThreadAugmented(Blackhole bh) {
        epoch(Augmentation.flipAndCrop(4), 0, bh);
    }

    /** Augmented batches prepared on the background thread, two ahead, consumed as fast as they come. */
    @Benchmark
    @OperationsPerInvocation(TRAIN)
    public void epochBackgroundAugmented(Blackhole bh) {
        epoch(Augmentation.flipAndCrop(4), 2, bh);
    }

    /** Reading the archive and one augmented epoch, all on one thread: the whole path from disk to batches. */
    @Benchmark
    @OperationsPerInvocation(TRAIN)
    public void readThenEpochOneThread(Blackhole bh) throws IOException {
        RecordSet records = Cifar10.load(archive).train();
        try (BatchLoader loader = BatchLoader.builder(records)
                .batchSize(BATCH)
                .shuffle(true)
                .seed(1)
                .normalization(normalization)
                .augmentation(Augmentation.flipAndCrop(4))
                .prefetch(0)
                .build()) {
            for (Batch b : loader) {
                bh.consume(b.inputs().data()[0]);
            }
        }
    }

    private void epoch(Augmentation augmentation, int prefetch, Blackhole bh) {
        try (BatchLoader loader = BatchLoader.builder(train)
                .batchSize(BATCH)
                .shuffle(true)
                .seed(1)
                .normalization(normalization)
                .augmentation(augmentation)
                .prefetch(prefetch)
                .build()) {
            for (Batch b : loader) {
                bh.consume(b.inputs().data()[b.size() - 1]);
                bh.consume(b.labels());
            }
        }
    }

    /** A CIFAR-10 layout archive with {@value #PER_FILE} random records per batch file. */
    static byte[] syntheticArchive(SplittableRandom random) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(bytes, 1 << 16)) {
            for (String name : new String[] {
                "data_batch_1.bin",
                "data_batch_2.bin",
                "data_batch_3.bin",
                "data_batch_4.bin",
                "data_batch_5.bin",
                "test_batch.bin"
            }) {
                byte[] records = new byte[PER_FILE * 3073];
                for (int i = 0; i < records.length; i++) {
                    int p = i % 3073;
                    records[i] = (byte) (4 * (p / 32 % 32) + 2 * (p % 32) + random.nextInt(NOISE));
                }
                for (int r = 0; r < PER_FILE; r++) {
                    records[r * 3073] = (byte) random.nextInt(10);
                }
                tarEntry(gz, Cifar10.FOLDER + "/" + name, records);
            }
            String meta = "airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n";
            tarEntry(gz, Cifar10.FOLDER + "/" + Cifar10.META_FILE, meta.getBytes(StandardCharsets.US_ASCII));
            gz.write(new byte[1024]);
        }
        return bytes.toByteArray();
    }

    private static void tarEntry(OutputStream out, String name, byte[] data) throws IOException {
        byte[] h = new byte[512];
        put(h, 0, name);
        put(h, 100, "0000644");
        put(h, 124, String.format("%011o", data.length));
        h[156] = '0';
        put(h, 257, "ustar");
        put(h, 263, "00");
        int sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : h[i] & 0xFF;
        }
        put(h, 148, String.format("%06o", sum));
        h[155] = ' ';
        out.write(h);
        out.write(data);
        out.write(new byte[(512 - data.length % 512) % 512]);
    }

    private static void put(byte[] h, int off, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, off, b.length);
    }
}
