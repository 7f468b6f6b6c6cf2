package dev.tauon.benchmarks;

import dev.tauon.core.Batch;
import dev.tauon.data.Augmentation;
import dev.tauon.data.BatchLoader;
import dev.tauon.data.Cifar10;
import dev.tauon.data.Normalization;
import dev.tauon.data.RecordSet;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;

/**
 * Loads the real CIFAR-10 archive once and reports the time it took, the heap it occupies after
 * a full GC, and the rate of one augmented epoch on one thread. Run it under
 * {@code /usr/bin/time -v} for the process's peak resident memory:
 * {@code java -cp benchmarks/target/benchmarks.jar dev.tauon.benchmarks.DataLoadFootprint [archive]}
 * (default: {@code Cifar10.locate()}).
 */
public final class DataLoadFootprint {

    private DataLoadFootprint() {}

    public static void main(String[] args) throws IOException {
        Path path = args.length > 0
                ? Path.of(args[0])
                : Cifar10.locate()
                        .orElseThrow(() -> new IllegalStateException(
                                "CIFAR-10 not found: pass its path or set " + Cifar10.PATH_ENV));
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = heapAfterGc(memory);
        long t0 = System.nanoTime();
        Cifar10 data = Cifar10.load(path);
        long t1 = System.nanoTime();
        long after = heapAfterGc(memory);
        System.out.printf(
                "load %s: %.2f s, %d train + %d test records%n",
                path, (t1 - t0) / 1e9, data.train().size(), data.test().size());
        System.out.printf(
                "heap after GC: %.1f MB before, %.1f MB with both splits loaded (+%.1f MB); "
                        + "record bytes: train %.2f MB, test %.2f MB%n",
                before / 1e6,
                after / 1e6,
                (after - before) / 1e6,
                data.train().retainedBytes() / 1e6,
                data.test().retainedBytes() / 1e6);
        RecordSet train = data.train();
        data = null; // drops the test split
        long trainOnly = heapAfterGc(memory);
        System.out.printf(
                "heap after GC with the training set alone: %.1f MB (+%.1f MB)%n",
                trainOnly / 1e6, (trainOnly - before) / 1e6);
        Normalization norm = Normalization.compute(train);
        for (int run = 0; run < 3; run++) {
            long e0 = System.nanoTime();
            long images = 0;
            try (BatchLoader loader = BatchLoader.builder(train)
                    .batchSize(128)
                    .shuffle(true)
                    .seed(run)
                    .normalization(norm)
                    .augmentation(Augmentation.flipAndCrop(4))
                    .prefetch(0)
                    .build()) {
                for (Batch b : loader) {
                    images += b.size();
                }
            }
            double s = (System.nanoTime() - e0) / 1e9;
            System.out.printf(
                    "epoch %d (augmented, one thread): %d images in %.2f s = %.0f images/s%n",
                    run, images, s, images / s);
        }
    }

    private static long heapAfterGc(MemoryMXBean memory) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
