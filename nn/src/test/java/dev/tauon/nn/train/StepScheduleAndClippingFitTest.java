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
import dev.tauon.nn.layers.Dropout;
import dev.tauon.nn.layers.Flatten;
import dev.tauon.nn.layers.MaxPool2D;
import dev.tauon.nn.losses.Loss;
import dev.tauon.nn.optim.Adam;
import dev.tauon.nn.optim.GradientClipping;
import dev.tauon.nn.optim.LearningRateSchedule;
import dev.tauon.nn.optim.SGD;
import dev.tauon.nn.optim.StepSchedule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fit with a per-step learning-rate schedule and gradient clipping, including across a resume. */
class StepScheduleAndClippingFitTest {
    private final List<Batch> data = TrainingExamples.randomImages(1, 24, 8, 3, 1, 2, 2);

    @TempDir
    Path dir;

    private static Sequential smallModel() {
        return new Sequential(new Flatten(), new Dense(5, Activation.RELU), new Dense(3, Activation.SOFTMAX))
                .build(new Generator(4), 1, 2, 2);
    }

    /** A listener that records the optimiser's learning rate after every batch: the rate that batch's step used. */
    private static TrainingListener recordRates(List<Float> rates) {
        return new TrainingListener() {
            @Override
            public void onBatchEnd(Trainer t, BatchResult r) {
                rates.add(t.optimizer().learningRate());
            }
        };
    }

    @Test
    void theStepScheduleSetsTheRateOfEveryStepFromTheStepCount() {
        Sequential model = smallModel();
        Trainer t = new Trainer(model, Loss.crossEntropy(), new SGD(model, 1f));
        List<Float> rates = new ArrayList<>();
        t.fit(
                data,
                2,
                new FitOptions()
                        .progress(false)
                        .stepSchedule(StepSchedule.linearWarmup(0.1f, 4))
                        .listener(recordRates(rates)));
        // 3 batches an epoch; steps 0..5 at 0.1 * (step + 1) / 4, capped at 0.1
        assertEquals(List.of(0.025f, 0.05f, 0.075f, 0.1f, 0.1f, 0.1f), rates);
    }

    @Test
    void anEpochScheduleAndAStepScheduleTogetherAreRefused() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new FitOptions()
                        .schedule(LearningRateSchedule.constant(0.1f))
                        .stepSchedule(StepSchedule.linearWarmup(0.1f, 4)));
        assertTrue(e.getMessage().contains("not both"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> new FitOptions()
                        .stepSchedule(StepSchedule.linearWarmup(0.1f, 4))
                        .schedule(LearningRateSchedule.constant(0.1f)));
        new FitOptions()
                .schedule(LearningRateSchedule.constant(0.1f))
                .schedule(null)
                .stepSchedule(StepSchedule.linearWarmup(0.1f, 4)); // replacing one by the other is fine
        assertThrows(IllegalArgumentException.class, () -> new FitOptions().clipGradientNorm(-1f));
    }

    @Test
    void clippingInFitIsClipGlobalNormBetweenBackwardAndStep() {
        Sequential byHand = smallModel();
        SGD sgd = new SGD(byHand, 0.5f);
        byHand.train();
        for (Batch b : data) {
            sgd.zeroGrad();
            Tensor loss = Loss.crossEntropy().compute(byHand.forwardLogits(b.inputs()), b);
            loss.backward();
            assertTrue(GradientClipping.clipGlobalNorm(byHand.parameters().values(), 0.05f) > 0.05f, "clipping acts");
            sgd.step();
        }

        Sequential fitted = smallModel();
        new Trainer(fitted, Loss.crossEntropy(), new SGD(fitted, 0.5f))
                .fit(data, 1, new FitOptions().progress(false).clipGradientNorm(0.05f));
        Sequential unclipped = smallModel();
        new Trainer(unclipped, Loss.crossEntropy(), new SGD(unclipped, 0.5f))
                .fit(data, 1, new FitOptions().progress(false));

        for (String name : byHand.parameters().keySet()) {
            assertArrayEquals(
                    byHand.parameters().get(name).data(),
                    fitted.parameters().get(name).data(),
                    name);
        }
        assertFalse(
                Arrays.equals(
                        fitted.parameters().get("1.weight").data(),
                        unclipped.parameters().get("1.weight").data()),
                "without clipping the weights differ");
    }

    /** A model with randomness in training (Dropout), built from {@code seed}. */
    private static Trainer dropoutTrainer(long seed) {
        Sequential model = new Sequential(
                        new Conv2D(4, 3, Activation.RELU),
                        new MaxPool2D(2),
                        new Flatten(),
                        new Dropout(0.3f),
                        new Dense(4, Activation.SOFTMAX))
                .build(new Generator(seed), 2, 6, 6);
        return new Trainer(model, Loss.crossEntropy(), new Adam(model, 0.5f));
    }

    @Test
    void aResumedRunContinuesTheStepScheduleAndClippingExactly() {
        int epochs = 4;
        List<Batch> images = TrainingExamples.randomImages(9, 32, 8, 4, 2, 6, 6); // 4 batches an epoch
        StepSchedule oneCycle = StepSchedule.oneCycle(0.002f, 0.01f, 0.001f, 5, 16);
        List<Float> straightRates = new ArrayList<>();
        Trainer straight = dropoutTrainer(1);
        straight.fit(
                epoch -> TrainingExamples.shuffled(images, 5, epoch),
                epochs,
                new FitOptions()
                        .progress(false)
                        .stepSchedule(oneCycle)
                        .clipGradientNorm(0.1f)
                        .listener(recordRates(straightRates)));

        Path file = dir.resolve("steps.ckpt.safetensors");
        Trainer interrupted = dropoutTrainer(1);
        assertThrows(
                IllegalStateException.class,
                () -> interrupted.fit(
                        epoch -> TrainingExamples.shuffled(images, 5, epoch),
                        epochs,
                        new FitOptions()
                                .progress(false)
                                .stepSchedule(oneCycle)
                                .clipGradientNorm(0.1f)
                                .listener(new ModelCheckpoint(file))
                                .listener(new TrainingListener() {
                                    @Override
                                    public void onEpochEnd(Trainer t, EpochResult r) {
                                        if (r.epoch() == 2) {
                                            throw new IllegalStateException("simulated crash after epoch 2");
                                        }
                                    }
                                })));

        List<Float> resumedRates = new ArrayList<>();
        Trainer resumed = dropoutTrainer(77); // weights, moments, step count and dropout seed all come from the file
        resumed.fit(
                epoch -> TrainingExamples.shuffled(images, 5, epoch),
                epochs,
                new FitOptions()
                        .progress(false)
                        .stepSchedule(oneCycle)
                        .clipGradientNorm(0.1f)
                        .resumeFrom(file)
                        .listener(recordRates(resumedRates)));

        assertEquals(16, straightRates.size());
        assertEquals(straightRates.subList(8, 16), resumedRates, "steps 8..15 at the same rates");
        assertEquals(0.01 - 0.009 * 10 / 11, straightRates.get(15), 1e-7, "the last step, 10/11 of the way down");
        Map<String, Tensor> a = straight.model().parameters();
        Map<String, Tensor> b = resumed.model().parameters();
        for (String name : a.keySet()) {
            assertArrayEquals(a.get(name).data(), b.get(name).data(), name);
        }
        assertEquals(16, resumed.optimizer().iterations());
    }
}
