package dev.tauon.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Batch;
import dev.tauon.core.Generator;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Activation;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.layers.Conv2D;
import dev.tauon.nn.layers.Dense;
import dev.tauon.nn.layers.Flatten;
import dev.tauon.nn.losses.Loss;
import dev.tauon.nn.optim.SGD;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class TestTimeAugmentationTest {
    private final Tensor images = Tensor.uniform(new Generator(8), -1f, 1f, 2, 3, 6, 6);

    private static Sequential model() {
        return new Sequential(new Conv2D(4, 3, Activation.RELU), new Flatten(), new Dense(5, Activation.SOFTMAX))
                .build(new Generator(5), 3, 6, 6);
    }

    /** The documented views in the documented order, summed and divided by their number. */
    private static Tensor expectedMean(
            UnaryOperator<Tensor> f, Tensor images, UnaryOperator<Tensor> shiftUp, UnaryOperator<Tensor> shiftDown) {
        Tensor sum = null;
        for (Tensor oriented : new Tensor[] {images, ImageViews.flip(images)}) {
            for (Tensor view : new Tensor[] {oriented, shiftUp.apply(oriented), shiftDown.apply(oriented)}) {
                Tensor z = f.apply(view);
                sum = sum == null ? z : sum.add(z);
            }
        }
        return sum.mul(1f / 6);
    }

    @Test
    void averagesTheLogitsOfTheImageAndItsMirrorEachShiftedWithAConstantFill() {
        Sequential m = model();
        float[] fill = {-0.5f, -0.25f, 0f};
        TestTimeAugmentation tta =
                TestTimeAugmentation.builder().translate(1).fill(fill).build();
        assertEquals(6, tta.views());
        Tensor want = expectedMean(
                m::forwardLogits, images, x -> ImageViews.shift(x, 1, 1, fill), x -> ImageViews.shift(x, -1, -1, fill));
        assertArrayEquals(want.data(), tta.logits(m::forwardLogits, images).data());
        Tensor own = m.forwardLogits(images);
        assertArrayEquals(want.data(), tta.logits(m::forwardLogits, images, own).data(), "given the first view");
        assertFalse(Arrays.equals(own.data(), want.data()), "the views change the logits");
    }

    @Test
    void reflectPaddingReflectsTheUncoveredEdge() {
        Sequential m = model();
        TestTimeAugmentation tta =
                TestTimeAugmentation.builder().translate(2).reflectPadding().build();
        Tensor want = expectedMean(
                m::forwardLogits,
                images,
                x -> ImageViews.shiftReflect(x, 2, 2),
                x -> ImageViews.shiftReflect(x, -2, -2));
        assertArrayEquals(want.data(), tta.logits(m::forwardLogits, images).data());
    }

    @Test
    void oneFillValueServesEveryChannelAndTheDefaultIsZero() {
        Sequential m = model();
        float[] zeros = TestTimeAugmentation.builder()
                .shift(0, 2)
                .fill(0f, 0f, 0f)
                .build()
                .logits(m::forwardLogits, images)
                .data();
        assertArrayEquals(
                zeros,
                TestTimeAugmentation.builder()
                        .shift(0, 2)
                        .build()
                        .logits(m::forwardLogits, images)
                        .data());
        assertArrayEquals(
                zeros,
                TestTimeAugmentation.builder()
                        .shift(0, 2)
                        .fill(0f)
                        .build()
                        .logits(m::forwardLogits, images)
                        .data());
    }

    @Test
    void withoutFlipOnlyTheShiftsAreAdded() {
        UnaryOperator<Tensor> sumOfPixels = x -> x.reshape(x.dim(0), -1).sum(1, false);
        TestTimeAugmentation tta =
                TestTimeAugmentation.builder().flip(false).shift(0, 1).build();
        assertEquals(2, tta.views());
        Tensor want = sumOfPixels
                .apply(images)
                .add(sumOfPixels.apply(ImageViews.shift(images, 0, 1, new float[3])))
                .mul(0.5f);
        assertArrayEquals(want.data(), tta.logits(sumOfPixels, images).data());
        assertEquals(2, TestTimeAugmentation.builder().build().views(), "the image and its mirror image by default");
    }

    @Test
    void evaluateScoresTheAveragedLogitsInEvaluationMode() {
        Sequential m = model();
        Trainer trainer = new Trainer(m, Loss.crossEntropy(), new SGD(m, 0.1f));
        List<Batch> batches =
                List.of(Batch.ofLabels(images, new int[] {1, 3}), Batch.ofLabels(images.mul(0.5f), new int[] {0, 4}));
        TestTimeAugmentation tta = TestTimeAugmentation.builder().translate(1).build();
        double lossSum = 0;
        for (Batch b : batches) {
            lossSum += Loss.crossEntropy()
                            .compute(tta.logits(m::forwardLogits, b.inputs()), b)
                            .item()
                    * b.size();
        }
        m.train();
        Evaluation e = tta.evaluate(trainer, batches);
        assertTrue(m.isTraining(), "the mode it found");
        assertEquals(4, e.examples());
        assertEquals(lossSum / 4, e.loss(), 1e-12);
        assertTrue(e.accuracy() >= 0 && e.accuracy() <= 1);
        assertEquals(
                trainer.evaluate(batches),
                TestTimeAugmentation.builder().flip(false).build().evaluate(trainer, batches),
                "a single view is plain evaluate");
    }

    /** airbench94's infer_mirror_translate, written as it is: 0.5 * the unshifted mirror pair + 0.5 * the mean of the shifted pairs. */
    private static double[] airbenchTta(UnaryOperator<Tensor> f, Tensor x) {
        UnaryOperator<Tensor> mirrorPair =
                v -> f.apply(v).mul(0.5f).add(f.apply(ImageViews.flip(v)).mul(0.5f));
        float[] unshifted = mirrorPair.apply(x).data();
        float[] up = mirrorPair.apply(ImageViews.shiftReflect(x, -1, -1)).data();
        float[] down = mirrorPair.apply(ImageViews.shiftReflect(x, 1, 1)).data();
        double[] out = new double[unshifted.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = 0.5 * unshifted[i] + 0.5 * ((up[i] + (double) down[i]) / 2);
        }
        return out;
    }

    @Test
    void mirrorTranslateWeighsTheUnshiftedPairHalfAndAveragesLogitsAsAirbench() {
        Sequential m = model();
        TestTimeAugmentation tta = TestTimeAugmentation.mirrorTranslate(1);
        assertEquals(6, tta.views());
        assertArrayEquals(new float[] {0.25f, 0.25f, 0.125f, 0.125f, 0.125f, 0.125f}, tta.weights());
        double[] want = airbenchTta(m::forwardLogits, images);
        float[] got = tta.logits(m::forwardLogits, images).data();
        float[] given =
                tta.logits(m::forwardLogits, images, m.forwardLogits(images)).data();
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-6 * Math.max(1, Math.abs(want[i])), "logit " + i);
        }
        assertArrayEquals(got, given, "the precomputed output serves as the unshifted view");
        float[] equal = TestTimeAugmentation.builder()
                .translate(1)
                .reflectPadding()
                .build()
                .logits(m::forwardLogits, images)
                .data();
        assertFalse(Arrays.equals(equal, got), "not the equal-weight views");
    }

    @Test
    void mirrorTranslateByHandOnOneSmallImage() {
        // 1 2 3 / 4 5 6 / 7 8 9; the "model" returns the pixels, so the result is the weighted mean image.
        // Shifted (-1,-1) with reflection: 5 4 5 / 2 1 2 / 5 4 5; (1,1): 5 6 5 / 8 9 8 / 5 6 5; both are
        // their own mirror images. Row 0: 1/4 (1 + 3) + 1/8 (5 + 5 + 5 + 5) = 3.5; the middle pixel:
        // 1/4 (5 + 5) + 1/8 (1 + 1 + 9 + 9) = 5.
        Tensor image = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 1, 3, 3);
        float[] got = TestTimeAugmentation.mirrorTranslate(1)
                .logits(x -> x.reshape(x.dim(0), -1), image)
                .data();
        assertArrayEquals(new float[] {3.5f, 3.5f, 3.5f, 5, 5, 5, 6.5f, 6.5f, 6.5f}, got);
    }

    @Test
    void weightedViewsAreNormalisedAndBadOnesRefused() {
        UnaryOperator<Tensor> pixels = x -> x.reshape(x.dim(0), -1);
        Tensor image = Tensor.of(new float[] {1, 2, 4, 8}, 1, 1, 2, 2);
        TestTimeAugmentation tta = TestTimeAugmentation.weighted(
                List.of(TestTimeAugmentation.View.original(1f), new TestTimeAugmentation.View(3f, ImageViews::flip)));
        assertArrayEquals(new float[] {0.25f, 0.75f}, tta.weights());
        // 1/4 (1 2 4 8) + 3/4 (2 1 8 4)
        assertArrayEquals(
                new float[] {1.75f, 1.25f, 7f, 5f}, tta.logits(pixels, image).data());
        Tensor own = Tensor.of(new float[] {0, 0, 0, 0}, 1, 4);
        assertArrayEquals(
                new float[] {1.5f, 0.75f, 6f, 3f},
                tta.logits(pixels, image, own).data(),
                "own is the original's output");
        IllegalArgumentException zero =
                assertThrows(IllegalArgumentException.class, () -> new TestTimeAugmentation.View(0f, ImageViews::flip));
        assertTrue(zero.getMessage().contains("weight must be finite and > 0, got 0.0"), zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TestTimeAugmentation.View.original(Float.NaN));
        assertThrows(IllegalArgumentException.class, () -> TestTimeAugmentation.weighted(List.of()));
        assertThrows(IllegalArgumentException.class, () -> TestTimeAugmentation.mirrorTranslate(0));
        assertArrayEquals(
                new float[] {1f / 6, 1f / 6, 1f / 6, 1f / 6, 1f / 6, 1f / 6},
                TestTimeAugmentation.builder().translate(1).build().weights(),
                "a builder's views weigh the same");
    }

    @Test
    void badOptionsAreRefused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> TestTimeAugmentation.builder().shift(0, 0));
        assertThrows(
                IllegalArgumentException.class,
                () -> TestTimeAugmentation.builder().fill());
        TestTimeAugmentation twoFills =
                TestTimeAugmentation.builder().translate(1).fill(1f, 2f).build();
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> twoFills.logits(x -> x, images));
        assertTrue(e.getMessage().contains("2 fill values"), e.getMessage());
    }
}
