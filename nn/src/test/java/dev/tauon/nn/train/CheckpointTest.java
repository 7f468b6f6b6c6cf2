package dev.tauon.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Batch;
import dev.tauon.core.EpochSource;
import dev.tauon.core.Generator;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Activation;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.io.WeightFileException;
import dev.tauon.nn.layers.Conv2D;
import dev.tauon.nn.layers.Dense;
import dev.tauon.nn.layers.Dropout;
import dev.tauon.nn.layers.Flatten;
import dev.tauon.nn.layers.MaxPool2D;
import dev.tauon.nn.losses.Loss;
import dev.tauon.nn.optim.Adam;
import dev.tauon.nn.optim.LearningRateSchedule;
import dev.tauon.nn.optim.SGD;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
    private static final int EPOCHS = 4;
    private final List<Batch> data = TrainingExamples.randomImages(9, 32, 8, 4, 2, 6, 6);

    @TempDir
    Path dir;

    /** A model with randomness in training (Dropout), built from {@code seed}. */
    private static Trainer trainer(long seed) {
        Sequential model = new Sequential(
                        new Conv2D(4, 3, Activation.RELU),
                        new MaxPool2D(2),
                        new Flatten(),
                        new Dropout(0.3f),
                        new Dense(4, Activation.SOFTMAX))
                .build(new Generator(seed), 2, 6, 6);
        return new Trainer(model, Loss.crossEntropy(), new Adam(model, 0.01f));
    }

    private History fit(Trainer t, FitOptions options) {
        options.progress(false).validation(data).schedule(LearningRateSchedule.cosine(0.01f, 0.001f, EPOCHS));
        return t.fit(epoch -> TrainingExamples.shuffled(data, 5, epoch), EPOCHS, options);
    }

    @Test
    void resumedRunEndsWithTheSameBits() {
        Trainer straight = trainer(1);
        History full = fit(straight, new FitOptions());

        Path file = dir.resolve("run.ckpt.safetensors");
        Trainer interrupted = trainer(1);
        RuntimeException crash = assertThrows(
                RuntimeException.class,
                () -> fit(
                        interrupted,
                        new FitOptions().listener(new ModelCheckpoint(file)).listener(new TrainingListener() {
                            @Override
                            public void onEpochEnd(Trainer t, EpochResult r) {
                                if (r.epoch() == 2) {
                                    throw new IllegalStateException("simulated crash after epoch 2");
                                }
                            }
                        })));
        assertEquals("simulated crash after epoch 2", crash.getMessage());

        Trainer resumed = trainer(77); // different initial weights and dropout seed: all must come from the file
        History rest = fit(resumed, new FitOptions().resumeFrom(file).listener(new ModelCheckpoint(file)));

        Map<String, Tensor> a = straight.model().parameters();
        Map<String, Tensor> b = resumed.model().parameters();
        for (String name : a.keySet()) {
            assertArrayEquals(a.get(name).data(), b.get(name).data(), name);
        }
        assertEquals(EPOCHS, rest.size());
        for (int i = 0; i < EPOCHS; i++) {
            assertEquals(full.epochs().get(i).loss(), rest.epochs().get(i).loss(), "epoch " + (i + 1) + " loss");
            assertEquals(
                    full.epochs().get(i).valAccuracy(), rest.epochs().get(i).valAccuracy());
        }
        assertEquals(straight.optimizer().iterations(), resumed.optimizer().iterations());
    }

    /** Crashes right after epoch {@code epoch}, once ModelCheckpoint (an earlier listener) has saved it. */
    static TrainingListener crashAfter(int epoch) {
        return new TrainingListener() {
            @Override
            public void onEpochEnd(Trainer t, EpochResult r) {
                if (r.epoch() == epoch) {
                    throw new IllegalStateException("simulated crash after epoch " + epoch);
                }
            }
        };
    }

    /** A data loader's contract without the data module: a fresh shuffle per epoch number, counted from 0. */
    private static final class ShuffledEpochs implements EpochSource {
        private final List<Batch> batches;
        private final List<Integer> produced = new ArrayList<>();
        private int nextEpoch;

        ShuffledEpochs(List<Batch> batches) {
            this.batches = batches;
        }

        @Override
        public int batchesPerEpoch() {
            return batches.size();
        }

        @Override
        public void setNextEpoch(int epoch) {
            nextEpoch = epoch;
        }

        @Override
        public Iterator<Batch> iterator() {
            produced.add(nextEpoch);
            return TrainingExamples.shuffled(batches, 5, ++nextEpoch).iterator();
        }
    }

    @Test
    void anEpochSourceResumesAtTheRightEpochByItself() {
        FitOptions common = new FitOptions().progress(false);
        Trainer straight = trainer(1);
        straight.fit(new ShuffledEpochs(data), EPOCHS, new FitOptions().progress(false));

        Path file = dir.resolve("source.ckpt.safetensors");
        assertThrows(
                IllegalStateException.class,
                () -> trainer(1)
                        .fit(
                                new ShuffledEpochs(data),
                                EPOCHS,
                                new FitOptions()
                                        .progress(false)
                                        .listener(new ModelCheckpoint(file))
                                        .listener(crashAfter(2))));
        Trainer resumed = trainer(77);
        int[] totals = new int[EPOCHS + 1];
        resumed.fit(new ShuffledEpochs(data), EPOCHS, common.resumeFrom(file).listener(new TrainingListener() {
            @Override
            public void onEpochStart(Trainer t, int epoch, int epochs, int totalBatches) {
                totals[epoch] = totalBatches;
            }
        }));
        Map<String, Tensor> a = straight.model().parameters();
        Map<String, Tensor> b = resumed.model().parameters();
        for (String name : a.keySet()) {
            assertArrayEquals(a.get(name).data(), b.get(name).data(), name);
        }
        assertArrayEquals(
                new int[] {0, 0, 0, data.size(), data.size()}, totals, "the progress total comes from the source");
    }

    @Test
    void earlyStoppingCarriesItsPatienceAcrossAResume() {
        // Nothing improves the loss by 10 after epoch 1, so with patience 2 a straight run stops after epoch 3.
        Trainer straight = trainer(1);
        EarlyStopping straightStop = new EarlyStopping(Metric.LOSS, 2).minDelta(10);
        assertEquals(3, fit(straight, new FitOptions().listener(straightStop)).size());
        assertEquals(3, straightStop.stoppedAfter());

        Path file = dir.resolve("patience.ckpt.safetensors");
        assertThrows(
                IllegalStateException.class,
                () -> fit(
                        trainer(1),
                        new FitOptions().listener(new ModelCheckpoint(file)).listener(crashAfter(2))));
        EarlyStopping resumedStop = new EarlyStopping(Metric.LOSS, 2).minDelta(10);
        History rest = fit(trainer(77), new FitOptions().resumeFrom(file).listener(resumedStop));
        assertEquals(3, rest.size(), "the resumed run stops where the straight one did, not at epoch " + EPOCHS);
        assertEquals(3, resumedStop.stoppedAfter());
        assertEquals(1, resumedStop.bestEpoch());
    }

    @Test
    void resumingARunThatHadStoppedEarlyStopsAtOnce() {
        Path file = dir.resolve("stopped.ckpt.safetensors");
        EarlyStopping first = new EarlyStopping(Metric.LOSS, 2).minDelta(10);
        assertEquals(
                3,
                fit(trainer(1), new FitOptions().listener(first).listener(new ModelCheckpoint(file)))
                        .size());
        assertEquals(3, first.stoppedAfter());

        EarlyStopping again = new EarlyStopping(Metric.LOSS, 2).minDelta(10);
        History resumed = fit(trainer(77), new FitOptions().resumeFrom(file).listener(again));
        assertEquals(3, resumed.size(), "no epoch after the restored three");
        assertEquals(3, again.stoppedAfter());
    }

    @Test
    void continuingWithInitialEpochStartsEarlyStoppingAfreshAndPositionsTheSource() {
        Trainer t = trainer(1);
        EarlyStopping first = new EarlyStopping(Metric.LOSS, 1).minDelta(10);
        t.fit(new ShuffledEpochs(data), EPOCHS, new FitOptions().progress(false).listener(first));
        assertEquals(2, first.stoppedAfter());

        // Training on from epoch 2 with a new listener is a new fit, as in Keras: nothing is replayed.
        ShuffledEpochs fresh = new ShuffledEpochs(data);
        History more = t.fit(
                fresh,
                EPOCHS,
                new FitOptions()
                        .progress(false)
                        .initialEpoch(2)
                        .listener(new EarlyStopping(Metric.LOSS, 1).minDelta(10)));
        assertEquals(4, more.size(), "epochs 3 and 4 ran (after the two kept from the first fit)");
        assertEquals(List.of(2, 3), fresh.produced, "a new source starts at the epoch after initialEpoch");
    }

    @Test
    void resumeFromAMissingFileStartsFresh() {
        History h = fit(trainer(1), new FitOptions().resumeFrom(dir.resolve("none.safetensors")));
        assertEquals(EPOCHS, h.size());
        assertEquals(1, h.epochs().get(0).epoch());
    }

    @Test
    void checkpointForAnotherOptimiserIsRefused() throws Exception {
        Trainer t = trainer(1);
        fit(t, new FitOptions());
        Path file = dir.resolve("c.safetensors");
        Checkpoint.save(file, t, EPOCHS);
        Trainer sgd = new Trainer(t.model(), Loss.crossEntropy(), new SGD(t.model(), 0.1f));
        WeightFileException e = assertThrows(WeightFileException.class, () -> Checkpoint.restore(file, sgd));
        assertTrue(
                e.getMessage()
                        .endsWith("checkpoint optimizer \"dev.tauon.nn.optim.Adam\" does not match the trainer's"
                                + " dev.tauon.nn.optim.SGD"),
                e.getMessage());
    }
}
