package dev.tauon.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Generator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reflect-padded crops, the alternating flip and cutout: the documented draws, per seed and epoch, and resumes. */
class AirbenchAugmentationTest {
    private static final RecordFormat F = new RecordFormat(3, 6, 5, 10);
    private static final int N = 40;
    private static final RecordSet SET = RecordSet.of(F, TestData.records(F, 0, N));
    private static final Normalization NORM =
            Normalization.of(new float[] {0.5f, 0.4f, 0.3f}, new float[] {0.2f, 0.3f, 0.4f});

    private static BatchLoader loader(Augmentation aug, long seed, boolean shuffle) {
        return BatchLoader.builder(SET)
                .batchSize(N)
                .shuffle(shuffle)
                .seed(seed)
                .normalization(NORM)
                .augmentation(aug)
                .build();
    }

    /** The images of {@code epochs} consecutive epochs of one loader, from its next epoch on. */
    private static List<float[]> epochs(BatchLoader loader, int epochs) {
        List<float[]> out = new ArrayList<>();
        for (int e = 0; e < epochs; e++) {
            out.add(loader.iterator().next().inputs().data().clone());
        }
        return out;
    }

    private static int reflect(int i, int n) {
        return i < 0 ? -i : i >= n ? 2 * n - 2 - i : i;
    }

    /**
     * Epoch {@code epoch} as the documentation describes it, written out independently: the
     * shuffle, then per image in batch order the random flip, the crop's row and column and the
     * cutout's centre; the alternating flip from the epoch -1 stream and the epoch's parity.
     */
    private static float[] expected(Augmentation aug, long seed, int epoch, boolean shuffle) {
        Generator g = new Generator(BatchLoader.epochSeed(seed, epoch));
        int[] order = new int[N];
        Arrays.setAll(order, i -> i);
        if (shuffle) {
            g.shuffle(order);
        }
        Generator firstEpoch = new Generator(BatchLoader.epochSeed(seed, -1));
        boolean[] flippedFirst = new boolean[N];
        for (int r = 0; r < N; r++) {
            flippedFirst[r] = firstEpoch.nextInt(2) == 1;
        }
        int p = aug.cropPadding();
        int s = aug.cutout();
        float[] out = new float[N * F.imageBytes()];
        for (int i = 0; i < N; i++) {
            int r = order[i];
            boolean flip = aug.horizontalFlip()
                    ? g.nextInt(2) == 1
                    : aug.alternatingFlip() && flippedFirst[r] ^ (epoch % 2 == 1);
            int dy = p > 0 ? g.nextInt(2 * p + 1) - p : 0;
            int dx = p > 0 ? g.nextInt(2 * p + 1) - p : 0;
            int cy = s > 0 ? g.nextInt(6) : 0;
            int cx = s > 0 ? g.nextInt(5) : 0;
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 6; y++) {
                    for (int x = 0; x < 5; x++) {
                        int sy = y + dy;
                        int sx = (flip ? 4 - x : x) + dx;
                        if (aug.cropBorder() == Augmentation.Border.REFLECT) {
                            sy = reflect(sy, 6);
                            sx = reflect(sx, 5);
                        }
                        boolean inside = sy >= 0 && sy < 6 && sx >= 0 && sx < 5;
                        float v = NORM.apply(c, inside ? TestData.pixel(r, c, sy, sx) : 0);
                        boolean cut =
                                s > 0 && y >= cy - s / 2 && y < cy - s / 2 + s && x >= cx - s / 2 && x < cx - s / 2 + s;
                        out[((i * 3 + c) * 6 + y) * 5 + x] = cut ? 0f : v;
                    }
                }
            }
        }
        return out;
    }

    @Test
    void reflectPaddedCropsMirrorTheImageIntoTheBorder() {
        Augmentation aug = Augmentation.flipAndCrop(4).withReflectPadding();
        try (BatchLoader l = loader(aug, 3, false)) {
            List<float[]> got = epochs(l, 2);
            assertArrayEquals(expected(aug, 3, 0, false), got.get(0));
            assertArrayEquals(expected(aug, 3, 1, false), got.get(1));
        }
        Augmentation black = Augmentation.flipAndCrop(4);
        try (BatchLoader l = loader(black, 3, false)) {
            assertArrayEquals(expected(black, 3, 0, false), epochs(l, 1).get(0), "black borders as before");
        }
    }

    @Test
    void theAlternatingFlipFlipsEachImageInEveryOtherEpochWhateverTheOrder() {
        Augmentation aug = new Augmentation(false, 0).withAlternatingFlip();
        for (boolean shuffle : new boolean[] {false, true}) {
            try (BatchLoader l = loader(aug, 21, shuffle)) {
                List<float[]> got = epochs(l, 4);
                for (int e = 0; e < 4; e++) {
                    assertArrayEquals(expected(aug, 21, e, shuffle), got.get(e), "epoch " + e + ", shuffle " + shuffle);
                }
            }
        }
        // without shuffling, each image is mirrored in epoch 1 exactly where it was not in epoch 0
        float[] plain;
        try (BatchLoader l = loader(Augmentation.NONE, 21, false)) {
            plain = epochs(l, 1).get(0);
        }
        try (BatchLoader l = loader(aug, 21, false)) {
            List<float[]> got = epochs(l, 3);
            int flippedFirst = 0;
            for (int r = 0; r < N; r++) {
                int from = r * F.imageBytes();
                int to = from + F.imageBytes();
                boolean asIs0 = Arrays.equals(plain, from, to, got.get(0), from, to);
                boolean asIs1 = Arrays.equals(plain, from, to, got.get(1), from, to);
                assertNotEquals(asIs0, asIs1, "image " + r + " alternates");
                assertTrue(
                        Arrays.equals(got.get(0), from, to, got.get(2), from, to),
                        "image " + r + " in epoch 2 as in 0");
                flippedFirst += asIs0 ? 0 : 1;
            }
            assertTrue(flippedFirst > 8 && flippedFirst < 32, flippedFirst + " of " + N + " flipped in epoch 0");
        }
    }

    @Test
    void cutoutZeroesASquareAroundTheDrawnCentrePartlyOutsideNearEdges() {
        Augmentation aug = Augmentation.flipAndCrop(2)
                .withReflectPadding()
                .withAlternatingFlip()
                .withCutout(3);
        try (BatchLoader l = loader(aug, 5, true)) {
            List<float[]> got = epochs(l, 2);
            assertArrayEquals(expected(aug, 5, 0, true), got.get(0));
            assertArrayEquals(expected(aug, 5, 1, true), got.get(1));
            int zeros = 0;
            for (float v : got.get(0)) {
                zeros += v == 0f ? 1 : 0;
            }
            // 40 images of 3 channels, squares of at most 9 pixels cut to the 6x5 image
            assertTrue(zeros > 40 * 3 * 3 && zeros <= 40 * 3 * 9, zeros + " zeros");
        }
        Augmentation cutoutOnly = new Augmentation(false, 0).withCutout(2);
        assertFalse(cutoutOnly.isNone());
        try (BatchLoader l = loader(cutoutOnly, 6, false)) {
            assertArrayEquals(expected(cutoutOnly, 6, 0, false), epochs(l, 1).get(0));
        }
    }

    @Test
    void sameSeedSameEpochsOtherSeedOthersAndAResumeContinuesExactly() {
        Augmentation aug = Augmentation.flipAndCrop(2)
                .withReflectPadding()
                .withAlternatingFlip()
                .withCutout(2);
        List<float[]> straight;
        try (BatchLoader l = loader(aug, 9, true)) {
            straight = epochs(l, 4);
        }
        try (BatchLoader again = loader(aug, 9, true);
                BatchLoader other = loader(aug, 10, true);
                BatchLoader resumed = loader(aug, 9, true)) {
            List<float[]> repeat = epochs(again, 4);
            List<float[]> otherSeed = epochs(other, 4);
            resumed.setNextEpoch(2);
            List<float[]> rest = epochs(resumed, 2);
            for (int e = 0; e < 4; e++) {
                assertArrayEquals(straight.get(e), repeat.get(e), "epoch " + e);
                assertFalse(Arrays.equals(straight.get(e), otherSeed.get(e)), "epoch " + e + " with another seed");
            }
            assertFalse(Arrays.equals(straight.get(0), straight.get(2)), "epochs differ");
            assertArrayEquals(straight.get(2), rest.get(0), "resumed epoch 2");
            assertArrayEquals(straight.get(3), rest.get(1), "resumed epoch 3");
        }
    }

    @Test
    void optionsAreChecked() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> new Augmentation(true, 0, Augmentation.Border.BLACK, true, 0));
        assertTrue(e.getMessage().contains("not both"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Augmentation.NONE.withCutout(-1));
        e = assertThrows(
                IllegalArgumentException.class,
                () -> loader(Augmentation.flipAndCrop(5).withReflectPadding(), 0, false));
        assertTrue(e.getMessage().contains("crop padding 5") && e.getMessage().contains("at most 4"), e.getMessage());
        loader(Augmentation.flipAndCrop(5), 0, false).close(); // a black border may be as wide as the image
        e = assertThrows(IllegalArgumentException.class, () -> loader(Augmentation.NONE.withCutout(6), 0, false));
        assertTrue(e.getMessage().contains("cutout 6 is larger than the 6x5 image"), e.getMessage());
        assertTrue(Augmentation.flipAndCrop(4).withAlternatingFlip().alternatingFlip());
        assertFalse(
                Augmentation.flipAndCrop(4).withAlternatingFlip().horizontalFlip(),
                "the alternating flip replaces the random one");
    }
}
