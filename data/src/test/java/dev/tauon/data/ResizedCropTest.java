package dev.tauon.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Generator;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The random resized crop: the documented draws, bilinear resampling, the fallback box, the checks. */
class ResizedCropTest {
    private static final RecordFormat F = new RecordFormat(2, 8, 12, 10);
    private static final int N = 25;
    private static final RecordSet SET = RecordSet.of(F, TestData.records(F, 0, N));

    private static float[] firstEpoch(Augmentation aug, long seed) {
        try (BatchLoader loader = BatchLoader.builder(SET)
                .batchSize(N)
                .seed(seed)
                .augmentation(aug)
                .build()) {
            return loader.iterator().next().inputs().data().clone();
        }
    }

    /** The box as the record's documentation describes it, written out independently: {top, left, h, w}. */
    private static int[] box(Augmentation.ResizedCrop rc, Generator g, int h, int w) {
        for (int i = 0; i < 10; i++) {
            double area = h * w * (rc.minScale() + (rc.maxScale() - rc.minScale()) * g.nextDouble());
            double logRatio =
                    Math.log(rc.minRatio()) + (Math.log(rc.maxRatio()) - Math.log(rc.minRatio())) * g.nextDouble();
            int bw = (int) Math.round(Math.sqrt(area * Math.exp(logRatio)));
            int bh = (int) Math.round(Math.sqrt(area / Math.exp(logRatio)));
            if (bw >= 1 && bw <= w && bh >= 1 && bh <= h) {
                int top = g.nextInt(h - bh + 1);
                return new int[] {top, g.nextInt(w - bw + 1), bh, bw};
            }
        }
        double ratio = (double) w / h;
        int bw = w;
        int bh = h;
        if (ratio < rc.minRatio()) {
            bh = (int) Math.round(bw / rc.minRatio());
        } else if (ratio > rc.maxRatio()) {
            bw = (int) Math.round(bh * rc.maxRatio());
        }
        return new int[] {(h - bh) / 2, (w - bw) / 2, bh, bw};
    }

    /** Bilinear sampling of pixel (c, y, x) of record r from the box, half-pixel centres, edges repeated. */
    private static float sample(int r, int c, int y, int x, int[] b) {
        double sy = Math.min(Math.max(b[0] + (y + 0.5) * b[2] / 8 - 0.5, b[0]), b[0] + b[2] - 1);
        double sx = Math.min(Math.max(b[1] + (x + 0.5) * b[3] / 12 - 0.5, b[1]), b[1] + b[3] - 1);
        int y0 = (int) Math.floor(sy);
        int x0 = (int) Math.floor(sx);
        int y1 = Math.min(y0 + 1, b[0] + b[2] - 1);
        int x1 = Math.min(x0 + 1, b[1] + b[3] - 1);
        float fy = (float) (sy - y0);
        float fx = (float) (sx - x0);
        float upper = (1 - fx) * (TestData.pixel(r, c, y0, x0) / 255f) + fx * (TestData.pixel(r, c, y0, x1) / 255f);
        float lower = (1 - fx) * (TestData.pixel(r, c, y1, x0) / 255f) + fx * (TestData.pixel(r, c, y1, x1) / 255f);
        return (1 - fy) * upper + fy * lower;
    }

    private static float[] expected(Augmentation aug, long seed) {
        Generator g = new Generator(BatchLoader.epochSeed(seed, 0));
        float[] out = new float[N * F.imageBytes()];
        for (int r = 0; r < N; r++) {
            int[] b = box(aug.resizedCrop(), g, 8, 12);
            boolean flip = aug.horizontalFlip() && g.nextInt(2) == 1;
            for (int c = 0; c < 2; c++) {
                for (int y = 0; y < 8; y++) {
                    for (int x = 0; x < 12; x++) {
                        out[((r * 2 + c) * 8 + y) * 12 + x] = sample(r, c, y, flip ? 11 - x : x, b);
                    }
                }
            }
        }
        return out;
    }

    @Test
    void followsTheDocumentedDrawsAndResamplesBilinearly() {
        Augmentation aug = new Augmentation(true, 0).withRandomResizedCrop(0.08, 1);
        float[] got = firstEpoch(aug, 3);
        assertArrayEquals(expected(aug, 3), got);
        assertFalse(Arrays.equals(got, firstEpoch(Augmentation.NONE, 3)));
        Augmentation narrow =
                new Augmentation(false, 0).withRandomResizedCrop(new Augmentation.ResizedCrop(0.2, 0.5, 0.5, 2.0));
        assertArrayEquals(expected(narrow, 8), firstEpoch(narrow, 8));
    }

    @Test
    void aBoxThatNeverFitsFallsBackToTheCentredOne() {
        // ratio 3 on an 8x12 image: a box of 90-100% of the area would be 16-17 wide, so none fits, and the
        // image's own ratio (1.5) is below the range: the box keeps the full width 12 and is round(12 / 3) = 4 high
        Augmentation.ResizedCrop wide = new Augmentation.ResizedCrop(0.9, 1, 3, 3);
        Augmentation aug = new Augmentation(false, 0).withRandomResizedCrop(wide);
        assertArrayEquals(expected(aug, 5), firstEpoch(aug, 5));
        ImageTransform t = new ImageTransform();
        wide.draw(new Generator(1), 8, 12, t);
        assertArrayEquals(new int[] {2, 0, 4, 12}, new int[] {t.boxTop, t.boxLeft, t.boxHeight, t.boxWidth});
    }

    @Test
    void theWholeImageAtItsOwnRatioIsTheIdentity() {
        Augmentation whole =
                new Augmentation(false, 0).withRandomResizedCrop(new Augmentation.ResizedCrop(1, 1, 1.5, 1.5));
        assertArrayEquals(firstEpoch(Augmentation.NONE, 1), firstEpoch(whole, 1));
    }

    @Test
    void badScalesAndRatiosAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Augmentation.ResizedCrop(0, 1, 0.75, 1.33));
        assertThrows(IllegalArgumentException.class, () -> new Augmentation.ResizedCrop(0.5, 0.4, 0.75, 1.33));
        assertThrows(IllegalArgumentException.class, () -> new Augmentation.ResizedCrop(0.5, 1.1, 0.75, 1.33));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new Augmentation.ResizedCrop(0.5, 1, 2, 1));
        assertTrue(e.getMessage().contains("resized crop ratios"), e.getMessage());
        assertFalse(new Augmentation(false, 0).withRandomResizedCrop(0.5, 1).isNone());
    }
}
