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
