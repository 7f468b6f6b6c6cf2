package dev.tauon.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Batch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** In-memory datasets from Java arrays, their views, and the loader over them. */
class ArrayDatasetTest {

    /** 7 examples of 3 features: example i has features (i, 10 + i, -i), label i mod 3. */
    private static ArrayDataset table() {
        float[] f = new float[21];
        int[] labels = new int[7];
        for (int i = 0; i < 7; i++) {
            f[3 * i] = i;
            f[3 * i + 1] = 10 + i;
            f[3 * i + 2] = -i;
            labels[i] = i % 3;
        }
        return ArrayDataset.withLabels(f, new int[] {3}, labels, 3);
    }

    @Test
    void theLoaderBatchesFeaturesLabelsAndOneHotRowsInOrder() {
        try (BatchLoader loader =
                BatchLoader.builder(table()).batchSize(3).oneHot(true).build()) {
            List<Integer> sizes = new ArrayList<>();
            int i = 0;
            for (Batch b : loader) {
                sizes.add(b.size());
                assertArrayEquals(new int[] {b.size(), 3}, b.inputs().shape());
                for (int r = 0; r < b.size(); r++, i++) {
                    assertEquals(i, b.inputs().get(r, 0));
                    assertEquals(10 + i, b.inputs().get(r, 1));
                    assertEquals(-i, b.inputs().get(r, 2));
                    assertEquals(i % 3, b.labels()[r]);
                    for (int k = 0; k < 3; k++) {
                        assertEquals(k == i % 3 ? 1f : 0f, b.targets().get(r, k));
                    }
                }
            }
            assertEquals(List.of(3, 3, 1), sizes);
        }
    }

    @Test
    void perColumnNormalisationIsAppliedExactly() {
        ArrayDataset data = table();
        Normalization norm = Normalization.compute(data);
        // column 0 holds 0..6: mean 3, population variance 4
        assertEquals(3f, norm.mean()[0], 1e-6f);
        assertEquals(2f, norm.std()[0], 1e-6f);
        assertEquals(13f, norm.mean()[1], 1e-6f);
        assertEquals(-3f, norm.mean()[2], 1e-6f);
        try (BatchLoader loader =
                BatchLoader.builder(data).batchSize(7).normalization(norm).build()) {
            Batch b = loader.iterator().next();
            for (int i = 0; i < 7; i++) {
                assertEquals((i - norm.mean()[0]) / norm.std()[0], b.inputs().get(i, 0));
                assertEquals((-i - norm.mean()[2]) / norm.std()[2], b.inputs().get(i, 2));
            }
        }
        Normalization minMax = Normalization.minMax(data);
        assertArrayEquals(new float[] {0, 10, -6}, minMax.mean());
        assertArrayEquals(new float[] {6, 6, 6}, minMax.std());
    }

    @Test
    void floatTargetsComeAsATargetTensorWithoutLabels() {
        float[] features = {1, 2, 3, 4, 5, 6, 7, 8};
        float[] targets = {0.5f, -1, 1.5f, -2, 2.5f, -3, 3.5f, -4};
        ArrayDataset data = ArrayDataset.withTargets(features, new int[] {2}, targets, 2);
        assertEquals(4, data.size());
        assertEquals(0, data.numClasses());
        try (BatchLoader loader = BatchLoader.builder(data).batchSize(4).build()) {
            Batch b = loader.iterator().next();
            assertNull(b.labels());
            assertArrayEquals(targets, b.targets().data());
            assertArrayEquals(features, b.inputs().data());
        }
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> BatchLoader.builder(data).oneHot(true).build());
        assertTrue(e.getMessage().contains("one-hot rows need class labels"), e.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> data.label(0));
        assertThrows(UnsupportedOperationException.class, () -> table().readTarget(0, new float[3], 0));
    }

    @Test
    void badArraysAreRefusedWithTheExampleNamed() {
        IllegalArgumentException sizes = assertThrows(
                IllegalArgumentException.class,
                () -> ArrayDataset.withLabels(new float[10], new int[] {3}, new int[3], 2));
        assertTrue(
                sizes.getMessage().contains("10 feature values for 3 examples of shape [3] (3 each, 9 in all)"),
                sizes.getMessage());
        IllegalArgumentException label = assertThrows(
                IllegalArgumentException.class,
                () -> ArrayDataset.withLabels(new float[6], new int[] {2}, new int[] {0, 2, 1}, 2));
        assertTrue(label.getMessage().contains("example 1 has label 2, expected 0..1"), label.getMessage());
        float[] nan = new float[6];
        nan[4] = Float.NaN;
        IllegalArgumentException feature = assertThrows(
                IllegalArgumentException.class, () -> ArrayDataset.withLabels(nan, new int[] {2}, new int[3], 2));
        assertTrue(feature.getMessage().contains("example 2 has feature NaN at position 0"), feature.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> ArrayDataset.withTargets(new float[4], new int[] {2}, new float[3], 2));
        assertThrows(
                IllegalArgumentException.class,
                () -> ArrayDataset.withLabels(new float[0], new int[] {0}, new int[0], 2));
        IllegalArgumentException channels = assertThrows(
                IllegalArgumentException.class,
                () -> BatchLoader.builder(table())
                        .normalization(Normalization.of(new float[] {0, 0}, new float[] {1, 1}))
                        .build());
        assertTrue(channels.getMessage().contains("has 2 channels"), channels.getMessage());
        IllegalArgumentException aug = assertThrows(
                IllegalArgumentException.class,
                () -> BatchLoader.builder(table())
                        .augmentation(Augmentation.flipAndCrop(1))
                        .build());
        assertTrue(
                aug.getMessage().contains("needs images [channels, height, width], the examples are [3]"),
                aug.getMessage());
    }

    @Test
    void viewsSelectSubsetAndComposeWithoutStackingUp() {
        ArrayDataset data = table();
        Dataset picked = data.select(new int[] {6, 2, 2, 0});
        assertEquals(4, picked.size());
        float[] row = new float[3];
        picked.readFeatures(0, row, 0);
        assertArrayEquals(new float[] {6, 16, -6}, row);
        assertEquals(2, picked.label(1));
        Dataset again = picked.select(new int[] {3, 0});
        assertInstanceOf(DatasetView.class, again);
        assertEquals(data, ((DatasetView) again).base, "a view of a view reads the dataset directly");
        again.readFeatures(1, row, 0);
        assertArrayEquals(new float[] {6, 16, -6}, row);
        Dataset mid = data.subset(2, 5);
        assertArrayEquals(new int[] {1, 1, 1}, mid.classCounts());
        assertThrows(IndexOutOfBoundsException.class, () -> data.select(new int[] {7}));
        assertThrows(IndexOutOfBoundsException.class, () -> mid.label(3));
        assertThrows(IndexOutOfBoundsException.class, () -> data.subset(4, 8));
    }

    @Test
    void pixelArraysAreByteImagesOfAnyNumberOfClassesAndTheirViewsStayPixelDatasets() {
        RecordFormat f = new RecordFormat(3, 6, 5, 10);
        int n = 12;
        byte[] block = TestData.records(f, 0, n);
        byte[] pixels = new byte[n * f.imageBytes()];
        List<byte[]> images = new ArrayList<>();
        int[] labels = new int[n];
        for (int r = 0; r < n; r++) {
            System.arraycopy(block, r * f.recordBytes() + 1, pixels, r * f.imageBytes(), f.imageBytes());
            images.add(Arrays.copyOfRange(pixels, r * f.imageBytes(), (r + 1) * f.imageBytes()));
            labels[r] = 300 + r;
        }
        PixelArrayDataset one = PixelArrayDataset.of(3, 6, 5, pixels, labels, 400);
        PixelArrayDataset each = PixelArrayDataset.of(3, 6, 5, images, labels, 400);
        assertEquals(311, one.label(11));
        assertArrayEquals(new int[] {3, 6, 5}, one.featureShape());
        PixelDataset view = each.select(new int[] {4, 9});
        byte[] got = new byte[f.imageBytes()];
        view.readPixels(1, got, 0);
        assertArrayEquals(images.get(9), got);
        assertInstanceOf(PixelDataset.class, DatasetSplit.last(one, 0.5).train(), "splits keep the byte path");
        Augmentation aug = Augmentation.flipAndCrop(2).withCutout(2);
        Normalization norm = Normalization.compute(one);
        assertArrayEquals(Normalization.compute(RecordSet.of(f, block)).mean(), norm.mean());
        try (BatchLoader a = BatchLoader.builder(one)
                        .batchSize(5)
                        .shuffle(true)
                        .seed(4)
                        .augmentation(aug)
                        .normalization(norm)
                        .build();
                BatchLoader b = BatchLoader.builder(each)
                        .batchSize(5)
                        .shuffle(true)
                        .seed(4)
                        .augmentation(aug)
                        .normalization(norm)
                        .build();
                BatchLoader c = BatchLoader.builder(RecordSet.of(f, block))
                        .batchSize(5)
                        .shuffle(true)
                        .seed(4)
                        .augmentation(aug)
                        .normalization(norm)
                        .build()) {
            var ia = a.iterator();
            var ib = b.iterator();
            var ic = c.iterator();
            while (ia.hasNext()) {
                Batch x = ia.next();
                Batch y = ib.next();
                Batch z = ic.next();
                assertArrayEquals(x.inputs().data(), y.inputs().data());
                assertArrayEquals(x.inputs().data(), z.inputs().data(), "as the record set gives");
                assertArrayEquals(x.labels(), y.labels());
                for (int i = 0; i < x.size(); i++) {
                    assertEquals(TestData.label(x.labels()[i] - 300, 10), z.labels()[i], "the same image");
                }
            }
        }
        IllegalArgumentException label =
                assertThrows(IllegalArgumentException.class, () -> PixelArrayDataset.of(3, 6, 5, pixels, labels, 311));
        assertTrue(label.getMessage().contains("image 11 has label 311, expected 0..310"), label.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PixelArrayDataset.of(3, 6, 4, pixels, labels, 400));
    }
}
