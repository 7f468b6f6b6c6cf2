package dev.tauon.nn.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Generator;
import dev.tauon.core.KernelPool;
import dev.tauon.core.Kernels;
import dev.tauon.core.NoGrad;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Functional;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.optim.SGD;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Eight threads predict at once while a ninth trains the model the predictor was made from,
 * flipping its mode between training and evaluation after every step; every answer must be the
 * same bits as a single thread's before training started.
 */
class PredictorConcurrencyTest {
    private static final int CALLERS = 8;
    private static final int CALLS = 60;
    private static final int INPUTS = 12;

    @ParameterizedTest
    @ValueSource(strings = {"global pool", "caller only", "shared pool of 2"})
    void concurrentCallersGetTheSingleThreadedBitsWhileTheModelTrains(String budget) throws InterruptedException {
        int globalThreads = Kernels.threads();
        Kernels.setThreads(2);
        try (KernelPool shared = new KernelPool(2)) {
            Sequential model = SmallModels.trainedCnn(1);
            Predictor base = Predictor.snapshot(model, SmallModels::cnn);
            Predictor predictor = switch (budget) {
                case "caller only" -> base.withKernelPool(KernelPool.callerOnly());
                case "shared pool of 2" -> base.withKernelPool(shared);
                default -> base;
            };
            List<Tensor> inputs = new ArrayList<>();
            List<float[]> expected = new ArrayList<>();
            List<List<TopK>> expectedTop = new ArrayList<>();
            for (int i = 0; i < INPUTS; i++) {
                Tensor x = SmallModels.images(100 + i, 1 + i % 4);
                inputs.add(x);
                expected.add(predictor.predict(x).toArray());
                expectedTop.add(predictor.topK(x, 3));
            }
            float[] weightBefore = model.parameters().get("0.weight").toArray();

            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong steps = new AtomicLong();
            Queue<String> failures = new ConcurrentLinkedQueue<>();
            Thread trainer = new Thread(() -> train(model, stop, steps, failures), "trainer");
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> callers = new ArrayList<>();
            for (int w = 0; w < CALLERS; w++) {
                int caller = w;
                callers.add(new Thread(
                        () -> {
                            try {
                                start.await();
                                for (int c = 0; c < CALLS; c++) {
                                    int i = (caller * 7 + c) % INPUTS;
                                    check(
                                            predictor,
                                            c % 3,
                                            inputs.get(i),
                                            expected.get(i),
                                            expectedTop.get(i),
                                            failures,
                                            "caller " + caller + " call " + c + " input " + i);
                                }
                            } catch (Throwable e) {
                                failures.add("caller " + caller + ": " + e);
                            }
                        },
                        "caller-" + w));
            }
            trainer.start();
            callers.forEach(Thread::start);
            start.countDown();
            for (Thread t : callers) {
                t.join(60_000);
                assertFalse(t.isAlive(), t.getName() + " hung");
            }
            stop.set(true);
            trainer.join(60_000);

            assertEquals(List.of(), List.copyOf(failures));
            assertTrue(steps.get() > 0, "the trainer ran");
            assertFalse(
                    Arrays.equals(
                            weightBefore, model.parameters().get("0.weight").data()),
                    "training changed the original's weights");
            assertArrayEquals(expected.get(0), predictor.predict(inputs.get(0)).data(), "but not the predictor's");
        } finally {
            Kernels.setThreads(globalThreads);
        }
    }

    /** One call of one of the three kinds, compared bit for bit with the reference. */
    private static void check(
            Predictor predictor,
            int kind,
            Tensor x,
            float[] expected,
            List<TopK> expectedTop,
            Queue<String> failures,
            String where) {
        switch (kind) {
            case 0 -> {
                if (!Arrays.equals(expected, predictor.predict(x).data())) {
                    failures.add(where + ": predict(Tensor) differs");
                }
            }
            case 1 -> {
                float[][] out = predictor.predict(SmallModels.rows(x));
                float[] joined = new float[expected.length];
                for (int r = 0; r < out.length; r++) {
                    System.arraycopy(out[r], 0, joined, r * out[r].length, out[r].length);
                }
                if (!Arrays.equals(expected, joined)) {
                    failures.add(where + ": predict(float[][]) differs");
                }
            }
            default -> {
                if (!expectedTop.equals(predictor.topK(x, 3))) {
                    failures.add(where + ": topK differs");
                }
            }
        }
    }

    /** SGD steps on random batches until told to stop, switching modes as fit and evaluate do. */
    private static void train(Sequential model, AtomicBoolean stop, AtomicLong steps, Queue<String> failures) {
        try {
            SGD sgd = new SGD(model, 0.05f);
            Generator g = new Generator(9);
            Tensor x = SmallModels.images(9, 4);
            int[] labels = {1, 3, 5, 7};
            while (!stop.get() || steps.get() == 0) {
                model.train();
                sgd.zeroGrad();
                Functional.crossEntropy(model.forwardLogits(x), labels).backward();
                sgd.step();
                model.eval();
                try (NoGrad noGraph = NoGrad.enter()) {
                    model.forward(Tensor.rand(g, 2, 3, 16, 16));
                }
                steps.incrementAndGet();
            }
        } catch (Throwable e) {
            failures.add("trainer: " + e);
        }
    }
}
