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
import dev.tauon.nn.layers.Dense;
import dev.tauon.nn.layers.Dropout;
import dev.tauon.nn.layers.Flatten;
import dev.tauon.nn.losses.Loss;
import dev.tauon.nn.optim.LearningRateSchedule;
import dev.tauon.nn.optim.SGD;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainerTest {
    private final List<Batch> data = TrainingExamples.randomImages(1, 24, 8, 3, 1, 2, 2);

    private static Trainer trainer(float lr) {
        Sequential model = new Sequential(
                        new Flatten(),
                        new Dense(5, Activation.RELU),
                        new Dropout(0.2f),
                        new Dense(3, Activation.SOFTMAX))
                .build(new Generator(4), 1, 2, 2);
        return new Trainer(model, Loss.crossEntropy(), new SGD(model, lr));
    }

    @Test
    void nonFiniteLossNamesEpochAndBatch() {
        Trainer t = trainer(0.1f);
        Tensor poisoned = data.get(2).inputs().copy();
        poisoned.data()[0] = Float.NaN;
        List<Batch> bad = new ArrayList<>(data);
        bad.set(2, Batch.ofLabels(poisoned, data.get(2).labels()));
        NonFiniteLossException e = assertThrows(
                NonFiniteLossException.class,
                () -> t.fit(epoch -> epoch == 2 ? bad : data, 5, new FitOptions().progress(false)));
        assertEquals(2, e.epoch());
        assertEquals(3, e.batch());
        assertTrue(e.getMessage().startsWith("loss is NaN at epoch 2, batch 3"), e.getMessage());
        assertEquals(1, t.history().size(), "the first epoch finished");
    }

    @Test
    void earlyStoppingAfterPatienceEpochsWithoutImprovement() {
        Trainer t = trainer(0f); // nothing changes, so the loss never improves after epoch 1
        EarlyStopping stop = new EarlyStopping(Metric.VAL_LOSS, 2);
        History h = t.fit(
                data, 20, new FitOptions().progress(false).validation(data).listener(stop));
        assertEquals(3, h.size());
        assertEquals(3, stop.stoppedAfter());
        assertEquals(1, stop.bestEpoch());
    }

    @Test
    void earlyStoppingOnAccuracyWaitsForItToRiseAndRestoresTheBestWeights() {
        Trainer t = trainer(0.1f);
        float[] weight = t.model().parameters().get("1.weight").data();
        EarlyStopping stop = new EarlyStopping(Metric.VAL_ACCURACY, 2).restoreBestWeights(true);
        stop.onTrainStart(t, 1, 10);
        double[] valAccuracy = {0.5, 0.6, 0.55, 0.55};
        for (int epoch = 1; epoch <= valAccuracy.length; epoch++) {
            Arrays.fill(weight, epoch); // stands for the weights this epoch ended with
            stop.onEpochEnd(t, new EpochResult(epoch, 1.0, 0.5, 1.0, valAccuracy[epoch - 1], 1.0, 100.0));
        }
        assertEquals(2, stop.bestEpoch(), "higher accuracy is better");
        assertEquals(4, stop.stoppedAfter());
        float[] best = new float[weight.length];
        Arrays.fill(best, 2f);
        assertArrayEquals(best, weight, "the weights of epoch 2 are back");
    }

    @Test
    void accuracyFromOneHotTargetsEqualsAccuracyFromLabels() {
        Trainer t = trainer(0.1f);
        List<Batch> oneHot = new ArrayList<>();
        for (Batch b : data) {
            float[] rows = new float[b.size() * 3];
            for (int i = 0; i < b.size(); i++) {
                rows[i * 3 + b.labels()[i]] = 1f;
            }
            oneHot.add(Batch.ofTargets(b.inputs(), Tensor.of(rows, b.size(), 3)));
        }
        Evaluation byLabels = t.evaluate(data);
        Evaluation byTargets = t.evaluate(oneHot);
        assertEquals(byLabels.accuracy(), byTargets.accuracy());
        assertEquals(byLabels.loss(), byTargets.loss(), 1e-6);
        assertTrue(byLabels.accuracy() > 0 && byLabels.accuracy() < 1, "a case that can tell the two apart");
    }

    @Test
    void theProgressTotalOfAPlainIterableComesFromTheOptions() {
        Iterable<Batch> plain = data::iterator; // neither a Collection nor an EpochSource
        int[] totals = new int[2];
        TrainingListener record = new TrainingListener() {
            @Override
            public void onEpochStart(Trainer t, int epoch, int epochs, int totalBatches) {
                totals[epoch - 1] = totalBatches;
            }
        };
        trainer(0.1f).fit(plain, 1, new FitOptions().progress(false).listener(record));
        trainer(0.1f)
                .fit(
                        epoch -> plain,
                        1,
                        new FitOptions().progress(false).batchesPerEpoch(3).listener(new TrainingListener() {
                            @Override
                            public void onEpochStart(Trainer t, int epoch, int epochs, int totalBatches) {
                                totals[1] = totalBatches;
                            }
                        }));
        assertArrayEquals(new int[] {-1, 3}, totals, "unknown without the option, the option's value with it");
    }

    @Test
    void earlyStoppingOnValidationNeedsValidation() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> trainer(0.1f)
                        .fit(
                                data,
                                3,
                                new FitOptions().progress(false).listener(new EarlyStopping(Metric.VAL_ACCURACY, 1))));
        assertEquals(
                "EarlyStopping monitors val_accuracy, which was NaN in epoch 1 (no validation source, or a"
                        + " diverged model?)",
                e.getMessage());
    }

    /** What a progress bar in the given mode prints over a fit of {@code epochs} epochs. */
    private String progressOf(boolean redraw, int epochs) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        trainer(0.1f)
                .fit(
                        data,
                        epochs,
                        new FitOptions()
                                .listener(new ProgressBar(out, redraw, 0))
                                .progress(false));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void plainProgressLinesWhenNotATerminal() {
        String text = progressOf(false, 2);
        assertFalse(text.contains("\r"), "no carriage returns in plain mode");
        String[] lines = text.split("\n");
        assertEquals(8, lines.length, text); // 3 batch lines + 1 epoch line, per epoch
        assertTrue(
                lines[0].matches("Epoch 1/2 1/3 \\[==========>\\.{19}] - loss: \\d\\.\\d{4} - accuracy: 0\\.\\d{4}"
                        + " - [\\d,]+ img/s - ETA 0:\\d\\d"),
                lines[0]);
        assertTrue(
                lines[3].matches("Epoch 1/2 3/3 \\[={30}] - loss: \\d\\.\\d{4} - accuracy: 0\\.\\d{4} - \\d+\\.\\ds"
                        + " - [\\d,]+ img/s"),
                lines[3]);
    }

    @Test
    void terminalProgressRedrawsOneLine() {
        String text = progressOf(true, 1);
        assertTrue(text.startsWith("\rEpoch 1/1"), text);
        assertTrue(text.endsWith("img/s" + System.lineSeparator()), text);
        assertEquals(1, text.split("\n").length, "one line, redrawn");
    }

    @Test
    void defaultProgressToAStreamThatIsNotTheConsoleIsPlain() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        trainer(0.1f)
                .fit(data, 2, new FitOptions().progressOutput(new PrintStream(bytes, true, StandardCharsets.UTF_8)));
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(2, lines.length);
        assertTrue(lines[1].startsWith("Epoch 2/2 3/3 [=============================="), lines[1]);
    }

    @Test
    void limitBatchesScheduleBatchHookAndHistory() {
        Trainer t = trainer(0.1f);
        List<String> seen = new ArrayList<>();
        List<Float> rates = new ArrayList<>();
        History h = t.fit(
                data,
                3,
                new FitOptions()
                        .progress(false)
                        .limitBatches(2)
                        .validation(data)
                        .schedule(LearningRateSchedule.step(0.1f, 1, 0.5f))
                        .listener(new TrainingListener() {
                            @Override
                            public void onBatchEnd(Trainer tr, BatchResult r) {
                                seen.add(r.epoch() + "." + r.batch() + "/" + r.totalBatches());
                                rates.add(tr.optimizer().learningRate());
                            }
                        }));
        assertEquals(List.of("1.1/2", "1.2/2", "2.1/2", "2.2/2", "3.1/2", "3.2/2"), seen);
        assertEquals(List.of(0.1f, 0.1f, 0.05f, 0.05f, 0.025f, 0.025f), rates);
        assertEquals(3, h.valLoss().length);
        assertTrue(Arrays.stream(h.valAccuracy()).allMatch(a -> a >= 0 && a <= 1));
        assertTrue(Arrays.stream(h.imagesPerSecond()).allMatch(r -> r > 0));
        History back = History.fromCsv(h.toCsv());
        assertEquals(h.epochs(), back.epochs());
        assertTrue(h.toCsv().startsWith("epoch,loss,accuracy,val_loss,val_accuracy,seconds,images_per_s\n1,"));
    }

    @Test
    void anUnbuiltModelIsBuiltByTheFirstBatch() {
        Sequential model = new Sequential(new Flatten(), new Dense(3, Activation.SOFTMAX));
        Trainer t = new Trainer(model, Loss.crossEntropy(), new SGD(model, 0.1f));
        t.fit(data, 1, new FitOptions().progress(false));
        assertArrayEquals(new int[] {1, 2, 2}, model.builtInputShape());
        assertEquals(3, t.optimizer().iterations(), "the optimiser found the parameters at its first step");
        assertTrue(model.parameters().get("1.weight").grad() != null);
    }

    @Test
    void evaluateAndPredictUseEvalModeAndRestoreIt() {
        Trainer t = trainer(0.1f);
        Tensor x = data.get(0).inputs();
        t.model().eval();
        t.evaluate(data);
        t.predict(x);
        assertFalse(t.model().isTraining(), "a model in eval mode stays in it");
        t.model().train();
        float[] first = t.predict(x).toArray();
        assertArrayEquals(first, t.predict(x).toArray(), "no dropout in predict");
        assertTrue(t.model().isTraining());
        Evaluation a = t.evaluate(data);
        assertEquals(a, t.evaluate(data));
        assertEquals(24, a.examples());
        assertFalse(t.predict(x).requiresGrad(), "no graph");
    }

    @Test
    void closesIteratorsWhenStoppingEarly() {
        class ClosingIterator implements Iterator<Batch>, AutoCloseable {
            int given;
            boolean closed;

            public boolean hasNext() {
                return true; // an endless stream
            }

            public Batch next() {
                return data.get(given++ % data.size());
            }

            public void close() {
                closed = true;
            }
        }
        ClosingIterator it = new ClosingIterator();
        trainer(0.1f).fit(() -> it, 1, new FitOptions().progress(false).limitBatches(4));
        assertEquals(4, it.given);
        assertTrue(it.closed);
    }
}
