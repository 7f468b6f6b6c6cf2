package dev.tauon.nn.predict;

import static dev.tauon.nn.predict.SmallModels.INPUT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Generator;
import dev.tauon.core.KernelPool;
import dev.tauon.core.Kernels;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Module;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.init.Initializer;
import dev.tauon.nn.io.Weights;
import dev.tauon.nn.layers.Dense;
import dev.tauon.nn.layers.Flatten;
import dev.tauon.nn.losses.Loss;
import dev.tauon.nn.optim.SGD;
import dev.tauon.nn.train.Trainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictorTest {
    @TempDir
    Path dir;

    @Test
    void predictsWhatTheModelGivesInEvaluationModeAndLeavesTheModelAlone() {
        Sequential model = SmallModels.trainedCnn(1);
        Tensor x = SmallModels.images(2, 4);
        Predictor predictor = Predictor.snapshot(model, SmallModels::cnn);
        Tensor out = predictor.predict(x);

        assertTrue(model.isTraining(), "the trained model is still in training mode");
        Trainer trainer = new Trainer(model, Loss.crossEntropy(), new SGD(model, 0.1f));
        assertArrayEquals(trainer.predict(x).data(), out.data(), "what Trainer.predict gives: no dropout");
        assertArrayEquals(out.data(), predictor.predict(x).data(), "the same bits every time");
        assertFalse(out.requiresGrad(), "no graph");
        assertArrayEquals(INPUT, predictor.inputShape());
        assertArrayEquals(new int[] {10}, predictor.outputShape());
    }

    @Test
    void rowsGiveTheSameBitsAsTheBatchTheyMake() {
        Predictor predictor = Predictor.snapshot(SmallModels.trainedCnn(1), SmallModels::cnn);
        Tensor x = SmallModels.images(3, 3);
        float[] batchOut = predictor.predict(x).data();
        float[][] rowsOut = predictor.predict(SmallModels.rows(x));
        assertEquals(3, rowsOut.length);
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(Arrays.copyOfRange(batchOut, i * 10, i * 10 + 10), rowsOut[i], "row " + i);
        }
        Tensor first = SmallModels.images(3, 1);
        assertArrayEquals(predictor.predict(first).data(), predictor.predict(SmallModels.rows(first)[0]));
    }

    @Test
    void theSnapshotKeepsTheWeightsItWasMadeWith() {
        Sequential model = SmallModels.trainedCnn(1);
        Tensor x = SmallModels.images(2, 2);
        Predictor predictor = Predictor.snapshot(model, SmallModels::cnn);
        float[] before = predictor.predict(x).toArray();
        float[] weight = model.parameters().get("4.weight").data();
        Arrays.fill(weight, 0.5f);

        assertArrayEquals(before, predictor.predict(x).data());
        assertFalse(
                Arrays.equals(
                        before,
                        Predictor.snapshot(model, SmallModels::cnn).predict(x).data()),
                "a new snapshot sees the new weights");
    }

    @Test
    void topKRanksTheProbabilities() {
        Predictor predictor = Predictor.snapshot(SmallModels.trainedCnn(1), SmallModels::cnn);
        Tensor x = SmallModels.images(4, 2);
        float[] p = predictor.predict(x).data();
        List<TopK> top = predictor.topK(x, 10);
        assertEquals(2, top.size());
        for (int i = 0; i < 2; i++) {
            int[] classes = top.get(i).classes();
            float[] probabilities = top.get(i).probabilities();
            assertEquals(10, Set.of(Arrays.stream(classes).boxed().toArray()).size(), "every class once");
            for (int r = 0; r < 10; r++) {
                assertEquals(p[i * 10 + classes[r]], probabilities[r], "example " + i + " rank " + r);
                if (r > 0) {
                    assertTrue(probabilities[r - 1] >= probabilities[r], "decreasing: " + top.get(i));
                }
            }
            assertEquals(predictor.predict(x).argmax(1).get(i), classes[0]);
        }
        assertEquals(
                new TopK(
                        Arrays.copyOf(top.get(1).classes(), 3),
                        Arrays.copyOf(top.get(1).probabilities(), 3)),
                predictor.topK(SmallModels.rows(x), 3).get(1));
        assertEquals(predictor.topK(x, 1).get(0), predictor.topK(SmallModels.rows(x)[0], 1));
    }

    @Test
    void topKOfALogitsModelAppliesTheSoftmax() {
        Sequential logits = new Sequential(new Flatten(), new Dense(5));
        logits.build(new Generator(5), 2, 3);
        Predictor predictor = Predictor.snapshot(logits, () -> new Sequential(new Flatten(), new Dense(5)));
        Tensor x = Tensor.rand(new Generator(6), 1, 2, 3);
        float[] expected = predictor.predict(x).softmax(1).data();
        TopK top = predictor.topK(x, 5).get(0);
        for (int r = 0; r < 5; r++) {
            assertEquals(expected[top.classes()[r]], top.probabilities()[r]);
        }
    }

    @Test
    void equalProbabilitiesAreRankedByClassIndex() {
        Sequential uniform = new Sequential(new Flatten(), new Dense(6).kernelInitializer(Initializer.zeros()));
        uniform.build(2, 2);
        Predictor predictor = Predictor.snapshot(uniform, () -> new Sequential(new Flatten(), new Dense(6)));
        TopK top = predictor.topK(new float[] {1, 2, 3, 4}, 3);
        assertArrayEquals(new int[] {0, 1, 2}, top.classes());
        assertArrayEquals(new float[] {1f / 6, 1f / 6, 1f / 6}, top.probabilities(), 1e-7f);
    }

    @Test
    void loadsSavedWeights() throws IOException {
        Sequential model = SmallModels.trainedCnn(1);
        Path file = dir.resolve("model.safetensors");
        Weights.save(model, file);
        Tensor x = SmallModels.images(7, 2);
        float[] expected =
                Predictor.snapshot(model, SmallModels::cnn).predict(x).data();

        assertArrayEquals(
                expected,
                Predictor.load(SmallModels::cnn, file, INPUT).predict(x).data());
        assertArrayEquals(
                expected,
                Predictor.load(() -> SmallModels.trainedCnn(99), file)
                        .predict(x)
                        .data(),
                "an architecture that comes built needs no shape; its own weights are replaced");
    }

    /** A layer that records how many threads its kernels would use. */
    private static final class ThreadsProbe extends Module {
        private final Set<Integer> seen;

        ThreadsProbe(Set<Integer> seen) {
            this.seen = seen;
        }

        @Override
        public Tensor forward(Tensor x) {
            seen.add(Kernels.threads());
            return x;
        }
    }

    @Test
    void kernelsRunInThePredictorsPool() {
        Set<Integer> threadsSeen = ConcurrentHashMap.newKeySet();
        Supplier<Sequential> architecture =
                () -> new Sequential(new ThreadsProbe(threadsSeen), new Flatten(), new Dense(3));
        Predictor predictor = Predictor.snapshot(architecture.get().build(2, 2), architecture);
        float[] row = {1, 2, 3, 4};
        float[] expected = predictor.predict(row);
        try (KernelPool three = new KernelPool(3)) {
            threadsSeen.clear();
            assertArrayEquals(expected, predictor.withKernelPool(three).predict(row));
            assertEquals(Set.of(3), threadsSeen);
            threadsSeen.clear();
            assertArrayEquals(
                    expected, predictor.withKernelPool(KernelPool.callerOnly()).predict(row));
            assertEquals(Set.of(1), threadsSeen);
        }
    }
}
