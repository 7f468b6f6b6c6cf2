package dev.tauon.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tauon.core.Batch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real dataset: the shared archive (or {@code TAUON_CIFAR10}), skipped where it is absent. */
class Cifar10IntegrationTest {
    private static Cifar10 data;

    /** Per test rather than in {@code @BeforeAll}, so that each skipped test reports the reason. */
    @BeforeEach
    void load() throws IOException {
        Optional<Path> path = Cifar10.locate();
        assumeTrue(
                path.isPresent(),
                "CIFAR-10 not found: set " + Cifar10.PATH_ENV + " to the archive or extracted "
                        + "folder, or put cifar-10-binary.tar.gz at " + Cifar10.SHARED_LOCATION
                        + " from the project root;"
                        + " skipping the integration test");
        if (data == null) {
            data = Cifar10.load(path.get());
        }
    }

    @Test
    void sizesClassesAndBalance() {
        assertEquals(50_000, data.train().size());
        assertEquals(10_000, data.test().size());
        assertEquals(
                List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"),
                data.classNames());
        int[] thousand = new int[10];
        Arrays.fill(thousand, 1_000);
        assertArrayEquals(thousand, data.test().classCounts());
        int[] fiveThousand = new int[10];
        Arrays.fill(fiveThousand, 5_000);
        assertArrayEquals(fiveThousand, data.train().classCounts());
        assertEquals(153_650_000L, data.train().retainedBytes(), "the training set is held as its file bytes");
    }

    @Test
    void channelStatisticsAreThoseOfCifar10() {
        // Both the official archive and the shared JPEG-derived copy are within 0.003 of these.
        Normalization n = Normalization.compute(data.train());
        float[] mean = {0.4914f, 0.4822f, 0.4465f};
        float[] std = {0.2470f, 0.2435f, 0.2616f};
        for (int c = 0; c < 3; c++) {
            assertEquals(mean[c], n.mean()[c], 0.003, "mean of channel " + c);
            assertEquals(std[c], n.std()[c], 0.003, "std of channel " + c);
        }
    }

    @Test
    void aShuffledAugmentedEpochCoversTheTrainingSet() {
        ValidationSplit split = ValidationSplit.of(data.train(), 0.1);
        try (BatchLoader loader = BatchLoader.builder(split.train())
                .batchSize(128)
                .shuffle(true)
                .seed(1)
                .normalization(Normalization.compute(split.train()))
                .augmentation(Augmentation.flipAndCrop(4))
                .build()) {
            int[] counts = new int[10];
            int images = 0;
            for (Batch b : loader) {
                images += b.size();
                for (int label : b.labels()) {
                    counts[label]++;
                }
            }
            assertEquals(45_000, images);
            assertArrayEquals(split.train().classCounts(), counts);
        }
    }
}
