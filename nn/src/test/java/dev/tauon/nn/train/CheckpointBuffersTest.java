package dev.tauon.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Batch;
import dev.tauon.core.Generator;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Activation;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.io.SafeTensors;
import dev.tauon.nn.io.WeightFileException;
import dev.tauon.nn.layers.BatchNorm1D;
import dev.tauon.nn.layers.BatchNorm2D;
import dev.tauon.nn.layers.Conv2D;
import dev.tauon.nn.layers.Dense;
import dev.tauon.nn.layers.Dropout;
import dev.tauon.nn.layers.Flatten;
import dev.tauon.nn.layers.MaxPool2D;
import dev.tauon.nn.layers.ReLU;
import dev.tauon.nn.losses.Loss;
import dev.tauon.nn.optim.Adam;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints and early stopping with buffers: a BatchNorm model resumes and restores bit for bit. */
class CheckpointBuffersTest {
    private static final int EPOCHS = 3;
    private final List<Batch> data = TrainingExamples.randomImages(9, 24, 8, 4, 2, 6, 6);

    @TempDir
    Path dir;

    private static Trainer trainer(long seed) {
        Sequential model = new Sequential(
                        new Conv2D(4, 3),
                        new BatchNorm2D(),
                        new ReLU(),
                        new MaxPool2D(2),
                        new Flatten(),
                        new Dropout(0.2f),
                        new Dense(6),
                        new BatchNorm1D().momentum(0.3f),
                        new ReLU(),
                        new Dense(4, Activation.SOFTMAX))
                .build(new Generator(seed), 2, 6, 6);
        return new Trainer(model, Loss.crossEntropy(), new Adam(model, 0.01f));
    }

    private History fit(Trainer t, FitOptions options) {
        return t.fit(
                epoch -> TrainingExamples.shuffled(data, 5, epoch),
                EPOCHS,
                options.progress(false).validation(data));
    }

    private static Map<String, float[]> copy(Map<String, Tensor> state) {
        Map<String, float[]> out = new LinkedHashMap<>();
        state.forEach((n, t) -> out.put(n, t.toArray()));
        return out;
    }

    private static void assertSameBits(Map<String, float[]> expected, Map<String, Tensor> actual) {
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(actual.keySet()));
        expected.forEach((n, a) -> {
            float[] b = actual.get(n).data();
            for (int i = 0; i < a.length; i++) {
                assertEquals(Float.floatToRawIntBits(a[i]), Float.floatToRawIntBits(b[i]), n + "[" + i + "]");
            }
        });
    }

    @Test
    void aBatchNormRunResumesWithTheSameBits() {
        Trainer straight = trainer(1);
        History full = fit(straight, new FitOptions());

        Path file = dir.resolve("bn.ckpt.safetensors");
        assertThrows(
                IllegalStateException.class,
                () -> fit(
                        trainer(1),
                        new FitOptions().listener(new ModelCheckpoint(file)).listener(new TrainingListener() {
                            @Override
                            public void onEpochEnd(Trainer t, EpochResult r) {
                                if (r.epoch() == 1) {
                                    throw new IllegalStateException("simulated crash after epoch 1");
                                }
                            }
                        })));
        Trainer resumed = trainer(77);
        History rest = fit(resumed, new FitOptions().resumeFrom(file));

        assertTrue(straight.model().buffers().get("1.running_var").data()[0] != 1f, "the statistics moved");
        assertSameBits(copy(straight.model().stateDict()), resumed.model().stateDict());
        for (int i = 0; i < EPOCHS; i++) {
            assertEquals(full.epochs().get(i).loss(), rest.epochs().get(i).loss(), "epoch " + (i + 1) + " loss");
            assertEquals(full.epochs().get(i).valLoss(), rest.epochs().get(i).valLoss(), "evaluation mode agrees too");
        }
    }

    @Test
    void checkpointsStoreBuffersAsModelEntriesAndRefuseAFileWithoutThemChangingNothing() throws IOException {
        Trainer source = trainer(1);
        fit(source, new FitOptions());
        Path good = dir.resolve("good.safetensors");
        Checkpoint.save(good, source, EPOCHS);
        SafeTensors.Contents c = SafeTensors.read(good);
        assertTrue(
                c.tensors().containsKey("model.1.running_mean") && c.tensors().containsKey("model.7.running_var"),
                c.tensors().keySet().toString());

        Map<String, Tensor> damaged = new LinkedHashMap<>(c.tensors());
        damaged.remove("model.7.running_var");
        Path bad = dir.resolve("bad.safetensors");
        SafeTensors.write(bad, damaged, c.metadata());
        Trainer target = trainer(2);
        fit(target, new FitOptions());
        Map<String, float[]> before = copy(target.model().stateDict());
        long steps = target.optimizer().iterations();
        WeightFileException e = assertThrows(WeightFileException.class, () -> Checkpoint.restore(bad, target));
        assertTrue(
                e.getMessage().endsWith("checkpoint weights do not match the model: missing 7.running_var [6]"),
                e.getMessage());
        assertSameBits(before, target.model().stateDict());
        assertEquals(steps, target.optimizer().iterations());

        assertEquals(EPOCHS, Checkpoint.restore(good, target));
        assertSameBits(copy(source.model().stateDict()), target.model().stateDict());
    }

    @Test
    void earlyStoppingPutsBackTheBestEpochsBuffersToo() {
        Trainer t = trainer(1);
        List<Map<String, float[]>> states = new ArrayList<>();
        states.add(null); // epochs count from 1
        TrainingListener recorder = new TrainingListener() {
            @Override
            public void onEpochEnd(Trainer trainer, EpochResult r) {
                states.add(copy(trainer.model().stateDict()));
            }
        };
        // Nothing improves the loss by 10 after epoch 1: patience 1 stops after epoch 2 and restores epoch 1.
        EarlyStopping stop = new EarlyStopping(Metric.LOSS, 1).minDelta(10).restoreBestWeights(true);
        fit(t, new FitOptions().listener(recorder).listener(stop));
        assertEquals(2, stop.stoppedAfter());
        assertEquals(1, stop.bestEpoch());
        assertFalse(
                Arrays.equals(states.get(1).get("1.running_mean"), states.get(2).get("1.running_mean")),
                "epoch 2 changed the statistics");
        assertSameBits(states.get(1), t.model().stateDict());
    }
}
