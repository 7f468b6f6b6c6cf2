package dev.tauon.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Generator;
import dev.tauon.core.Tensor;
import dev.tauon.data.Augmentation;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.losses.CrossEntropy;
import dev.tauon.nn.optim.SGD;
import dev.tauon.nn.train.ImageViews;
import dev.tauon.nn.train.Lookahead;
import dev.tauon.nn.train.TestTimeAugmentation;
import dev.tauon.nn.train.Trainer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

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
        assertEquals(
                "--batch-size must be at least 1, got 0",
                parse("--batch-size", "0").validate());
    }

    @Test
    void quantizeTakesInt8Only() {
        assertEquals(null, parse("--quantize", "int8").validate());
        assertEquals(
                "--quantize must be int8, got int4", parse("--quantize", "int4").validate());
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
        TestTimeAugmentation views = Recipe.testViews(fill);
        float[] got = views.logits(model::forwardLogits, images).data();
        assertEquals(6, views.views());
        assertEquals(20, got.length);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-5f * (1 + Math.abs(want[i])), "logit " + i);
        }
        float[] single = model.forwardLogits(images).data();
        assertTrue(Math.abs(single[0] - got[0]) > 1e-6, "the views change the logits");
    }

    @Test
    void airbenchWeighsItsUnshiftedMirrorPairHalfAsAirbench94Does() {
        TestTimeAugmentation views = Recipe.AIRBENCH.views(new float[] {0, 0, 0});
        assertArrayEquals(new float[] {0.25f, 0.25f, 0.125f, 0.125f, 0.125f, 0.125f}, views.weights());
        Tensor images = Tensor.uniform(new Generator(8), -1f, 1f, 1, 3, 6, 6);
        UnaryOperator<Tensor> pixels = x -> x.reshape(x.dim(0), -1);
        assertArrayEquals(
                TestTimeAugmentation.mirrorTranslate(1).logits(pixels, images).data(),
                views.logits(pixels, images).data());
    }

    @Test
    void airbenchAttachesItsLookaheadEvery5120ImagesFromTheFourthEpoch() {
        Sequential model = Cifar10Model.create(5);
        UnaryOperator<Trainer> fresh = t -> new Trainer(model, Recipe.AIRBENCH.loss(), new SGD(model, 0.1f));
        Trainer trainer = fresh.apply(null);
        Lookahead atBatch256 = AirbenchRecipe.lookahead(trainer, 256, 1950);
        assertEquals(20, atBatch256.everySteps());
        assertEquals(4, atBatch256.startEpoch());
        assertEquals(5, AirbenchRecipe.lookahead(fresh.apply(null), 1024, 480).everySteps(), "airbench's own");
        assertEquals(1, AirbenchRecipe.lookahead(fresh.apply(null), 8192, 60).everySteps(), "never less than 1");

        Trainer attached = fresh.apply(null);
        Recipe.AIRBENCH.attachTo(attached, 256, 10, 196);
        assertThrows(
                IllegalStateException.class,
                () -> Lookahead.attach(attached, 1, Lookahead.DecaySchedule.constant(0)),
                "the recipe attached one");
        Trainer reference = fresh.apply(null);
        Recipe.REFERENCE.attachTo(reference, 64, 10, 625);
        Lookahead.attach(reference, 1, Lookahead.DecaySchedule.constant(0)); // none attached before
    }
}
