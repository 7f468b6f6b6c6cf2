package dev.tauon.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Tensor;
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
        assertFalse(Recipe.REFERENCE.flipAveragedTest());
        assertEquals(Augmentation.flipAndCrop(2), Recipe.IMPROVED.augmentation());
        assertTrue(Recipe.IMPROVED.flipAveragedTest());
        assertEquals("improved", Recipe.IMPROVED.optionName());
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
        Tensor flipped = HorizontalFlip.of(Tensor.of(data, 2, 2, 2, 3));
        assertArrayEquals(new int[] {2, 2, 2, 3}, flipped.shape());
        assertArrayEquals(mirrored, flipped.data());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HorizontalFlip.of(Tensor.of(data, 4, 6)));
        assertTrue(e.getMessage().contains("[4, 6]"), e.getMessage());
    }
}
