package dev.tauon.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Batch;
import dev.tauon.core.Generator;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AugmentationTest {
    private static final RecordFormat F = new RecordFormat(3, 6, 5, 10);
    private static final int N = 40;

    private static float[] firstEpoch(Augmentation aug, long seed, Normalization norm) {
        RecordSet set = RecordSet.of(F, TestData.records(F, 0, N));
        try (BatchLoader loader = BatchLoader.builder(set)
                .batchSize(N)
                .seed(seed)
                .normalization(norm)
                .augmentation(aug)
                .build()) {
            return loader.iterator().next().inputs().data().clone();
        }
    }

    /**
     * The documented transform, written out independently: per image draw flip, then row and column
     * of the crop; output (y, x) is the padded image at (y + dy, x' + dx), x' mirrored if flipped.
     */
    private static float[] expected(Augmentation aug, long seed, Normalization norm) {
        Generator g = new Generator(BatchLoader.epochSeed(seed, 0));
        int p = aug.cropPadding();
        float[] out = new float[N * F.imageBytes()];
        for (int r = 0; r < N; r++) {
            boolean flip = aug.horizontalFlip() && g.nextInt(2) == 1;
            int dy = p > 0 ? g.nextInt(2 * p + 1) : p;
            int dx = p > 0 ? g.nextInt(2 * p + 1) : p;
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 6; y++) {
                    for (int x = 0; x < 5; x++) {
                        int xc = flip ? 4 - x : x;
                        int sy = y + dy - p;
                        int sx = xc + dx - p;
                        boolean inside = sy >= 0 && sy < 6 && sx >= 0 && sx < 5;
                        int v = inside ? TestData.pixel(r, c, sy, sx) : 0;
                        out[((r * 3 + c) * 6 + y) * 5 + x] = norm.apply(c, v);
                    }
                }
            }
        }
        return out;
    }

    @Test
    void flipAloneMirrorsRowsOfAboutHalfTheImages() {
        Augmentation flip = new Augmentation(true, 0);
        float[] got = firstEpoch(flip, 11, Normalization.none());
        assertArrayEquals(expected(flip, 11, Normalization.none()), got);
        float[] plain = firstEpoch(Augmentation.NONE, 11, Normalization.none());
        int flipped = 0;
        for (int r = 0; r < N; r++) {
            int off = r * F.imageBytes();
            boolean same = Arrays.equals(got, off, off + F.imageBytes(), plain, off, off + F.imageBytes());
            flipped += same ? 0 : 1;
        }
        assertTrue(flipped > 8 && flipped < 32, flipped + " of " + N + " flipped");
    }

    @Test
    void cropAndFlipFollowTheDocumentedDrawsWithABlackBorder() {
        Augmentation aug = Augmentation.flipAndCrop(2);
        Normalization norm = Normalization.of(new float[] {0.5f, 0.4f, 0.3f}, new float[] {0.2f, 0.3f, 0.4f});
        assertArrayEquals(expected(aug, 5, Normalization.none()), firstEpoch(aug, 5, Normalization.none()));
        assertArrayEquals(expected(aug, 5, norm), firstEpoch(aug, 5, norm));
    }

    @Test
    void sameSeedSameImagesOtherSeedOrEpochOthers() {
        Augmentation aug = Augmentation.flipAndCrop(2);
        assertArrayEquals(firstEpoch(aug, 9, Normalization.none()), firstEpoch(aug, 9, Normalization.none()));
        assertFalse(Arrays.equals(firstEpoch(aug, 9, Normalization.none()), firstEpoch(aug, 10, Normalization.none())));
        RecordSet set = RecordSet.of(F, TestData.records(F, 0, N));
        try (BatchLoader loader =
                BatchLoader.builder(set).batchSize(N).augmentation(aug).build()) {
            Batch e0 = loader.iterator().next();
            float[] first = e0.inputs().data().clone();
            assertFalse(Arrays.equals(first, loader.iterator().next().inputs().data()));
        }
    }

    @Test
    void paddingMustFitTheImage() {
        assertThrows(IllegalArgumentException.class, () -> new Augmentation(false, -1));
        RecordSet set = RecordSet.of(F, TestData.records(F, 0, 2));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> BatchLoader.builder(set)
                        .augmentation(Augmentation.flipAndCrop(6))
                        .build());
        assertTrue(e.getMessage().contains("crop padding 6"), e.getMessage());
        assertEquals(true, Augmentation.NONE.isNone());
    }
}
