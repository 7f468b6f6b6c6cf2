package dev.tauon.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Batch;
import dev.tauon.core.Generator;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Activation;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.io.SafeTensors;
import dev.tauon.nn.io.WeightFileException;
import dev.tauon.nn.layers.Conv2D;
import dev.tauon.nn.layers.Dense;
import dev.tauon.nn.layers.Dropout;
import dev.tauon.nn.layers.Flatten;
import dev.tauon.nn.losses.Loss;
import dev.tauon.nn.optim.Adam;
import dev.tauon.nn.optim.OptimizerState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19: a damaged checkpoint is refused before anything changes. Each case damages a real
 * checkpoint one way, restores it into a trainer that has trained differently, and requires the
 * documented exception naming the file, and the model, optimiser, generators and history exactly
 * as they were.
 */
class CheckpointAllOrNothingTest {
    private final List<Batch> data = TrainingExamples.randomImages(9, 24, 8, 4, 2, 6, 6);

    @TempDir
    Path dir;

    private Path good;
    private Trainer target;

    private static Trainer trainer(long seed) {
        Sequential model = new Sequential(
                        new Conv2D(3, 3, Activation.RELU),
                        new Flatten(),
                        new Dropout(0.3f),
                        new Dense(4, Activation.SOFTMAX))
                .build(new Generator(seed), 2, 6, 6);
        return new Trainer(model, Loss.crossEntropy(), new Adam(model, 0.01f));
    }

    @BeforeEach
    void saveOneAndTrainAnother() throws IOException {
        Trainer source = trainer(1);
        source.fit(data, 2, new FitOptions().progress(false));
        good = dir.resolve("good.safetensors");
        Checkpoint.save(good, source, 2);
        target = trainer(2);
        target.fit(data, 1, new FitOptions().progress(false));
    }

    /** Everything restore may change, copied. */
    private record Snapshot(
            Map<String, float[]> parameters,
            long iterations,
            float rate,
            Map<String, float[]> buffers,
            Map<String, long[]> generators,
            String history) {
        static Snapshot of(Trainer t) {
            Map<String, float[]> params = new LinkedHashMap<>();
            t.model().parameters().forEach((n, p) -> params.put(n, p.toArray()));
            OptimizerState s = t.optimizer().state();
            Map<String, float[]> buffers = new LinkedHashMap<>();
            s.buffers().forEach((n, b) -> buffers.put(n, b.toArray()));
            Map<String, long[]> gens = new LinkedHashMap<>();
            t.model().generators().forEach((n, g) -> gens.put(n, g.state()));
            return new Snapshot(
                    params,
                    s.iterations(),
                    s.learningRate(),
                    buffers,
                    gens,
                    t.history().toCsv());
        }

        void assertSameAs(Snapshot other) {
            assertEquals(parameters.keySet(), other.parameters.keySet());
            parameters.forEach((n, p) -> assertArrayEquals(p, other.parameters.get(n), "parameter " + n));
            assertEquals(iterations, other.iterations, "optimizer steps");
            assertEquals(Float.floatToIntBits(rate), Float.floatToIntBits(other.rate), "learning rate");
            assertEquals(buffers.keySet(), other.buffers.keySet());
            buffers.forEach((n, b) -> assertArrayEquals(b, other.buffers.get(n), "optimizer buffer " + n));
            assertEquals(generators.keySet(), other.generators.keySet());
            generators.forEach((n, g) -> assertArrayEquals(g, other.generators.get(n), "generator " + n));
            assertEquals(history, other.history);
        }
    }

    /** Writes {@code good} changed by {@code damage}, restores it into the target and returns the refusal. */
    private WeightFileException refused(Consumer<Map<String, Tensor>> tensors, Consumer<Map<String, String>> metadata)
            throws IOException {
        SafeTensors.Contents c = SafeTensors.read(good);
        Map<String, Tensor> t = new LinkedHashMap<>(c.tensors());
        Map<String, String> m = new LinkedHashMap<>(c.metadata());
        tensors.accept(t);
        metadata.accept(m);
        Path bad = dir.resolve("bad.safetensors");
        SafeTensors.write(bad, t, m);
        Snapshot before = Snapshot.of(target);
        WeightFileException e = assertThrows(WeightFileException.class, () -> Checkpoint.restore(bad, target));
        Snapshot.of(target).assertSameAs(before);
        assertTrue(e.getMessage().startsWith(bad.toString()), e.getMessage());
        assertTrue(
                e.getMessage().length() < 400,
                "a bounded message: " + e.getMessage().length() + " chars");
        return e;
    }

    private static void none(Object ignored) {}

    private static String firstOfSize(Map<String, Tensor> t, String prefix, boolean large) {
        String pick = null;
        for (Map.Entry<String, Tensor> e : t.entrySet()) {
            if (e.getKey().startsWith(prefix)
                    && (pick == null
                            || (large
                                    ? e.getValue().size() > t.get(pick).size()
                                    : e.getValue().size() < t.get(pick).size()))) {
                pick = e.getKey();
            }
        }
        return pick;
    }

    @Test
    void theUndamagedCheckpointRestores() throws IOException {
        assertEquals(2, Checkpoint.restore(good, target));
        assertEquals(2, target.optimizer().iterations() / data.size());
    }

    @Test
    void swappedOptimizerBuffersOfOtherSizes() throws IOException {
        WeightFileException e = refused(
                t -> {
                    String small = firstOfSize(t, "optimizer.m.", false);
                    String large = firstOfSize(t, "optimizer.v.", true);
                    Tensor a = t.remove(small);
                    Tensor b = t.remove(large);
                    t.put(small, b);
                    t.put(large, a);
                },
                CheckpointAllOrNothingTest::none);
        assertTrue(e.getMessage().contains("matches no parameter of that size"), e.getMessage());
    }

    @Test
    void negativeLearningRate() throws IOException {
        WeightFileException e =
                refused(CheckpointAllOrNothingTest::none, m -> m.put("optimizer.learning_rate", "-0.001"));
        assertTrue(
                e.getMessage().endsWith("optimizer.learning_rate must be a finite number >= 0, got \"-0.001\""),
                e.getMessage());
    }

    @Test
    void hugeLearningRateIsQuotedInPart() throws IOException {
        WeightFileException e =
                refused(CheckpointAllOrNothingTest::none, m -> m.put("optimizer.learning_rate", "1".repeat(100_000)));
        assertTrue(e.getMessage().endsWith("(100000 chars)"), e.getMessage());
    }

    @Test
    void zeroGeneratorState() throws IOException {
        WeightFileException e = refused(
                CheckpointAllOrNothingTest::none,
                m -> m.replaceAll((k, v) -> k.startsWith("generator.") ? "0,0,0,0" : v));
        assertTrue(e.getMessage().contains("is not a generator state"), e.getMessage());
    }

    @Test
    void missingOptimizerBuffer() throws IOException {
        String[] removed = new String[1];
        WeightFileException e = refused(
                t -> {
                    removed[0] = firstOfSize(t, "optimizer.v.", true);
                    t.remove(removed[0]);
                },
                CheckpointAllOrNothingTest::none);
        assertTrue(
                e.getMessage().endsWith("incomplete optimizer state: missing buffer \"" + removed[0] + "\""),
                e.getMessage());
    }

    @Test
    void optimizerBufferRenamedOutOfBothPrefixes() throws IOException {
        WeightFileException e = refused(
                t -> {
                    String name = firstOfSize(t, "optimizer.m.", true);
                    t.put("x" + name, t.remove(name));
                },
                CheckpointAllOrNothingTest::none);
        assertTrue(e.getMessage().contains("is none of 'model.*', 'optimizer.*', 'lookahead.*'"), e.getMessage());
    }

    @Test
    void optimizerBufferNotInTheList() throws IOException {
        WeightFileException e =
                refused(t -> t.put("optimizer.m.extra", Tensor.zeros(3)), CheckpointAllOrNothingTest::none);
        assertTrue(
                e.getMessage()
                        .endsWith("optimizer tensor \"optimizer.m.extra\" is not in the checkpoint's buffer list"),
                e.getMessage());
    }

    @Test
    void badEpochAndStepCount() throws IOException {
        refused(CheckpointAllOrNothingTest::none, m -> m.put("epoch", "-1"));
        refused(CheckpointAllOrNothingTest::none, m -> m.put("epoch", "9".repeat(1000)));
        WeightFileException e = refused(CheckpointAllOrNothingTest::none, m -> m.put("optimizer.iterations", "ten"));
        assertTrue(
                e.getMessage()
                        .endsWith("optimizer.iterations must be a whole number from 0 to " + Long.MAX_VALUE
                                + ", got \"ten\""),
                e.getMessage());
    }

    @Test
    void weightOfAnotherShape() throws IOException {
        WeightFileException e = refused(
                t -> {
                    String name = firstOfSize(t, "model.", false);
                    t.put(name, Tensor.zeros(t.get(name).size() + 1));
                },
                CheckpointAllOrNothingTest::none);
        assertTrue(e.getMessage().contains("checkpoint weights do not match the model"), e.getMessage());
    }

    @Test
    void badHistory() throws IOException {
        List<String> seen = new ArrayList<>();
        refused(CheckpointAllOrNothingTest::none, m -> {
            seen.add(m.get("history"));
            m.put("history", "not,a,history\n1,2");
        });
        assertTrue(seen.get(0).startsWith(History.CSV_HEADER));
    }
}
