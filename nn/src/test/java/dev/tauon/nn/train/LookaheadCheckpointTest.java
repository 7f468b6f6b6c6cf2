package dev.tauon.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Batch;
import dev.tauon.core.Generator;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.io.SafeTensors;
import dev.tauon.nn.io.WeightFileException;
import dev.tauon.nn.layers.BatchNorm2D;
import dev.tauon.nn.layers.Conv2D;
import dev.tauon.nn.layers.Dense;
import dev.tauon.nn.layers.Flatten;
import dev.tauon.nn.layers.ReLU;
import dev.tauon.nn.losses.Loss;
import dev.tauon.nn.optim.SGD;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Lookahead run with BatchNorm resumes with the same bits, and checkpoints that do not fit are refused. */
class LookaheadCheckpointTest {
    private static final int EPOCHS = 3;
    private static final long STEPS = 9; // 3 batches per epoch
    private final List<Batch> data = TrainingExamples.randomImages(3, 24, 8, 4, 2, 5, 5);

    @TempDir
    Path dir;

    private static Trainer trainer(long seed, boolean lookahead) {
        Sequential model = new Sequential(new Conv2D(3, 3), new BatchNorm2D(), new ReLU(), new Flatten(), new Dense(4))
                .build(new Generator(seed), 2, 5, 5);
        Trainer t = new Trainer(model, Loss.crossEntropy(), new SGD(model, 0.2f).momentum(0.9f));
        if (lookahead) {
            // Starts at step 4 (epoch 2), blends at steps 6 and 8.
            Lookahead.attach(t, 2, Lookahead.DecaySchedule.polynomial(Math.pow(0.95, 2), 3, STEPS))
                    .startEpoch(2);
        }
        return t;
    }

    private History fit(Trainer t, FitOptions options) {
        return t.fit(epoch -> TrainingExamples.shuffled(data, 5, epoch), EPOCHS, options.progress(false));
    }

    private static void assertSameBits(Map<String, Tensor> expected, Map<String, Tensor> actual, String what) {
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(actual.keySet()), what);
        expected.forEach((n, a) -> {
            float[] x = a.data();
            float[] y = actual.get(n).data();
            for (int i = 0; i < x.length; i++) {
                assertEquals(
                        Float.floatToRawIntBits(x[i]), Float.floatToRawIntBits(y[i]), what + " " + n + "[" + i + "]");
            }
        });
    }

    private static Map<String, Tensor> copy(Map<String, Tensor> state) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        state.forEach((n, t) -> out.put(n, Tensor.of(t.data(), t.shape())));
        return out;
    }

    @Test
    void runsResumedBeforeAndAfterTheLookaheadStartsEndWithTheSameBits() {
        Trainer straight = trainer(1, true);
        fit(straight, new FitOptions());
        Trainer plain = trainer(1, false);
        fit(plain, new FitOptions());
        assertFalse(
                plain.model().stateDict().get("1.running_mean").data()[0]
                        == straight.model().stateDict().get("1.running_mean").data()[0],
                "the Lookahead changed the running statistics");

        for (int crash : new int[] {1, 2}) {
            Path file = dir.resolve("after" + crash + ".safetensors");
            assertThrows(
                    IllegalStateException.class,
                    () -> fit(
                            trainer(1, true),
                            new FitOptions()
                                    .listener(new ModelCheckpoint(file))
                                    .listener(CheckpointTest.crashAfter(crash))));
            Trainer resumed = trainer(99, true);
            fit(resumed, new FitOptions().resumeFrom(file));
            assertSameBits(straight.model().stateDict(), resumed.model().stateDict(), "resumed after " + crash);
            assertSameBits(
                    straight.lookahead().average(), resumed.lookahead().average(), "average resumed after " + crash);
        }
        assertEquals(STEPS, straight.optimizer().iterations());
    }

    @Test
    void checkpointsThatDoNotFitTheTrainersLookaheadAreRefusedChangingNothing() throws IOException {
        Trainer source = trainer(1, true);
        fit(source, new FitOptions());
        Path good = dir.resolve("good.safetensors");
        Checkpoint.save(good, source, EPOCHS);
        SafeTensors.Contents c = SafeTensors.read(good);
        assertTrue(
                c.tensors().containsKey("lookahead.1.running_var"),
                c.tensors().keySet().toString());
        assertEquals("started", c.metadata().get("lookahead"));

        Trainer without = trainer(2, false);
        Map<String, Tensor> before = copy(without.model().stateDict());
        WeightFileException none = assertThrows(WeightFileException.class, () -> Checkpoint.restore(good, without));
        assertTrue(
                none.getMessage()
                        .contains(
                                "written with a Lookahead (metadata lookahead \"started\"), but the trainer has none"),
                none.getMessage());
        assertSameBits(before, without.model().stateDict(), "nothing restored");

        Map<String, Tensor> damaged = new LinkedHashMap<>(c.tensors());
        damaged.remove("lookahead.1.running_var");
        Path bad = dir.resolve("bad.safetensors");
        SafeTensors.write(bad, damaged, c.metadata());
        Trainer target = trainer(2, true);
        WeightFileException missing = assertThrows(WeightFileException.class, () -> Checkpoint.restore(bad, target));
        assertTrue(
                missing.getMessage()
                        .endsWith("checkpoint Lookahead averages do not match the model: missing 1.running_var [3]"),
                missing.getMessage());
        assertFalse(target.lookahead().isStarted());

        Map<String, String> waiting = new LinkedHashMap<>(c.metadata());
        waiting.put("lookahead", "waiting");
        Path confused = dir.resolve("confused.safetensors");
        SafeTensors.write(confused, c.tensors(), waiting);
        WeightFileException early = assertThrows(WeightFileException.class, () -> Checkpoint.restore(confused, target));
        assertTrue(early.getMessage().contains("the metadata says the Lookahead has not started"), early.getMessage());

        assertEquals(EPOCHS, Checkpoint.restore(good, target));
        assertSameBits(source.lookahead().average(), target.lookahead().average(), "restored average");

        Trainer plain = trainer(3, false);
        fit(plain, new FitOptions());
        Path plainFile = dir.resolve("plain.safetensors");
        Checkpoint.save(plainFile, plain, EPOCHS);
        Trainer adding = trainer(4, true);
        assertEquals(EPOCHS, Checkpoint.restore(plainFile, adding), "a Lookahead may be added to a plain run");
        assertFalse(adding.lookahead().isStarted());
    }
}
