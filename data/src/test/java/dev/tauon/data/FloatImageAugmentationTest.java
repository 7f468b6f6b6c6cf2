package dev.tauon.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.tauon.core.Batch;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Images given as float features go through the same transforms as pixel bytes: features
 * {@code v / 255f} give the very bits the byte path gives, for every augmentation and normalisation.
 */
class FloatImageAugmentationTest {
    private static final RecordFormat F = new RecordFormat(3, 6, 5, 10);
    private static final int N = 30;

    private static RecordSet records() {
        return RecordSet.of(F, TestData.records(F, 0, N));
    }

    /** The same images as floats v / 255f, in a dataset that is not a {@link PixelDataset}. */
    private static ArrayDataset floats() {
        RecordSet records = records();
        float[] features = new float[N * F.imageBytes()];
        int[] labels = new int[N];
        for (int r = 0; r < N; r++) {
            records.readFeatures(r, features, r * F.imageBytes());
            labels[r] = records.label(r);
        }
        return ArrayDataset.withLabels(features, new int[] {3, 6, 5}, labels, 10);
    }

    private static float[] epochs(Dataset data, Augmentation aug, Normalization norm) {
        float[] all = new float[3 * N * F.imageBytes()];
        try (BatchLoader loader = BatchLoader.builder(data)
                .batchSize(N)
                .shuffle(true)
                .seed(12)
                .normalization(norm)
                .augmentation(aug)
                .build()) {
            for (int e = 0; e < 3; e++) {
                Batch b = loader.iterator().next();
                System.arraycopy(b.inputs().data(), 0, all, e * N * F.imageBytes(), N * F.imageBytes());
            }
        }
        return all;
    }

    @Test
    void floatImagesGetTheBitsPixelBytesGet() {
        Normalization norm = Normalization.of(new float[] {0.5f, 0.4f, 0.3f}, new float[] {0.2f, 0.3f, 0.4f});
        Augmentation[] augs = {
            Augmentation.NONE,
            Augmentation.flipAndCrop(2),
            Augmentation.flipAndCrop(3)
                    .withReflectPadding()
                    .withAlternatingFlip()
                    .withCutout(3),
            new Augmentation(true, 0).withRandomResizedCrop(0.3, 1),
            Augmentation.flipAndCrop(1).withRandomResizedCrop(0.5, 0.9).withCutout(2),
        };
        for (Augmentation aug : augs) {
            for (Normalization n : new Normalization[] {Normalization.none(), norm}) {
                float[] bytes = epochs(records(), aug, n);
                assertArrayEquals(bytes, epochs(floats(), aug, n), aug + ", " + n);
                assertArrayEquals(bytes, epochs(records().select(identity()), aug, n), "through a pixel view");
            }
        }
        assertFalse(Arrays.equals(epochs(records(), augs[0], norm), epochs(records(), augs[3], norm)));
    }

    private static int[] identity() {
        int[] a = new int[N];
        Arrays.setAll(a, i -> i);
        return a;
    }
}
