package dev.tauon.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Generator;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.losses.CrossEntropy;
import dev.tauon.data.Augmentation;
import picocli.CommandLine;
import org.junit.jupiter.api.Test;

class RecipeTest {

    private static Cifar10Options parse(String... args) {
        Cifar10Options o = new Cifar10Options();
        new CommandLine(o).parseArgs(args);
        return o;
    }

    @Test
    void batchSizeDefaultsToTheRecipesUnlessGiven() {
        assertEquals(64, parse().batchSize());
        assertEquals(32, parse("--recipe", "improved").batchSize());
        assertEquals(128, parse("--recipe", "improved", "--batch-size", "128").batchSize());
        assertEquals("--batch-size must be at least 1, got 0", parse("--batch-size", "0").validate());
    }

    @Test
    void referenceIsTheArticlesRunAndImprovedAddsAugmentationAndFlippedTests() {
        assertEquals(Augmentation.NONE, Recipe.REFERENCE.augmentation());
        assertFalse(Recipe.REFERENCE.augmentedTest());
        assertEquals(Augmentation.flipAndCrop(2), Recipe.IMPROVED.augmentation());
        assertTrue(Recipe.IMPROVED.augmentedTest());
        assertEquals("improved", Recipe.IMPROVED.optionName());
        assertEquals(0f, ((CrossEntropy) Recipe.REFERENCE.loss()).labelSmoothing());
        assertEquals(0.1f, ((CrossEntropy) Recipe.IMPROVED.loss()).labelSmoothing());
    }

    @Test
    void horizontalFlipReversesEveryRowOfEveryChannel() {
        // two images, two channels, 2x3 pixels: value = 100*image + 10*channel + column, + 3 on row 1
        float[] data = new float[2 * 2 * 2 * 3];
        float[] mirrored = new float[data.length];
        for (int n = 0; n < 2; n++) {
            for (int c = 0; c < 2; c++) {
                for (int y = 0; y < 2; y++) {
                    for (int x = 0; x < 3; x++) {
                        int i = ((n * 2 + c) * 2 + y) * 3 + x;
                        data[i] = 100 * n + 10 * c + 3 * y + x;
                        mirrored[i] = 100 * n + 10 * c + 3 * y + (2 - x);
                    }
                }
            }
        }
        Tensor flipped = ImageViews.flip(Tensor.of(data, 2, 2, 2, 3));
        assertArrayEquals(new int[] {2, 2, 2, 3}, flipped.shape());
        assertArrayEquals(mirrored, flipped.data());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageViews.flip(Tensor.of(data, 4, 6)));
        assertTrue(e.getMessage().contains("[4, 6]"), e.getMessage());
    }

    @Test
    void shiftMovesThePictureAndFillsTheUncoveredEdgeWithEachChannelsValue() {
        // one image, two channels of 2x3: channel c holds 10*c + 3*y + x
        float[] data = {0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15};
        float[] fill = {-1, -2};
        Tensor downRight = ImageViews.shift(Tensor.of(data, 1, 2, 2, 3), 1, 1, fill);
        assertArrayEquals(new float[] {4, 5, -1, -1, -1, -1, 14, 15, -2, -2, -2, -2}, downRight.data());
        Tensor upLeft = ImageViews.shift(Tensor.of(data, 1, 2, 2, 3), -1, -1, fill);
        assertArrayEquals(new float[] {-1, -1, -1, -1, 0, 1, -2, -2, -2, -2, 10, 11}, upLeft.data());
        assertArrayEquals(data, ImageViews.shift(Tensor.of(data, 1, 2, 2, 3), 0, 0, fill).data());
        assertThrows(IllegalArgumentException.class, () -> ImageViews.shift(Tensor.of(data, 1, 2, 2, 3), 1, 1, new float[3]));
    }

    @Test
    void testTimeAugmentationAveragesTheLogitsOfSixViews() {
        Sequential model = Cifar10Model.create(5);
        Tensor images = Tensor.uniform(new Generator(8), -1f, 1f, 2, 3, 32, 32);
        float[] fill = {-0.5f, -0.25f, 0f};
        Tensor expected = null;
        for (Tensor oriented : new Tensor[] {images, ImageViews.flip(images)}) {
            for (int d : new int[] {0, 1, -1}) {
                Tensor z = model.forwardLogits(ImageViews.shift(oriented, d, d, fill));
                expected = expected == null ? z : expected.add(z);
            }
        }
        float[] want = expected.mul(1f / 6).data();
        float[] got = new TestTimeAugmentation(fill).logits(model, images).data();
        assertEquals(6, TestTimeAugmentation.views());
        assertEquals(20, got.length);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-5f * (1 + Math.abs(want[i])), "logit " + i);
        }
        float[] single = model.forwardLogits(images).data();
        assertTrue(Math.abs(single[0] - got[0]) > 1e-6, "the views change the logits");
    }
}
