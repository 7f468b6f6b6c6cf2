package dev.tauon.nn.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.tauon.core.Batch;
import dev.tauon.core.Generator;
import dev.tauon.core.KernelPool;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Activation;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.layers.Dense;
import dev.tauon.nn.losses.Loss;
import dev.tauon.nn.optim.Adam;
import dev.tauon.nn.train.FitOptions;
import dev.tauon.nn.train.Trainer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@value #PREDICTORS} threads predict with one shared {@link Predictor} while {@value #TRAINERS}
 * more each train a model of their own, all at once, with the kernel pool sized 1, 2 and 8: every
 * prediction is the single-threaded answer's bits, every trained model ends with the weights it
 * gets when trained alone, and nothing deadlocks (every thread ends within the deadline).
 *
 * <p>Each predicting thread makes {@code -Dtauon.concurrency.predictions} predictions (default
 * {@value #DEFAULT_PREDICTIONS}, to keep {@code mvn verify} short; the long run in
 * docs/reliability.md uses 10,000) and the run prints its figures.
 */
class ManyThreadsTest {
    static final int PREDICTORS = 16;
    static final int TRAINERS = 4;
    static final int DEFAULT_PREDICTIONS = 300;
    private static final int PREDICTIONS = Integer.getInteger("tauon.concurrency.predictions", DEFAULT_PREDICTIONS);
    private static final int INPUTS = 32;
    private static final long DEADLINE_MS = 600_000;

    private static Sequential mlp() {
        return new Sequential(new Dense(32, Activation.RELU), new Dense(10, Activation.SOFTMAX));
    }

    private static Sequential mlp(long seed) {
        return mlp().build(new Generator(seed), 16);
    }

    /** A model of its own, trained for two epochs from {@code seed}: the work of a training thread. */
    private static Map<String, Tensor> train(long seed) {
        Sequential model = mlp(seed);
        Generator g = new Generator(seed + 100);
        List<Batch> data = new ArrayList<>();
        for (int b = 0; b < 8; b++) {
            int[] labels = new int[16];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = g.nextInt(10);
            }
            data.add(Batch.ofLabels(Tensor.rand(g, 16, 16), labels));
        }
        new Trainer(model, Loss.crossEntropy(), new Adam(model, 0.01f)).fit(data, 2, new FitOptions().progress(false));
        return model.parameters();
    }

    @ParameterizedTest(name = "kernel pool of {0}")
    @ValueSource(ints = {1, 2, 8})
    void predictionsAndTrainingRunsAreTheSingleThreadedBits(int poolThreads) throws InterruptedException {
        Predictor alone = Predictor.snapshot(mlp(1), ManyThreadsTest::mlp);
        float[][] inputs = new float[INPUTS][];
        float[][] expected = new float[INPUTS][];
        for (int i = 0; i < INPUTS; i++) {
            inputs[i] = Tensor.rand(new Generator(1000 + i), 16).data();
            expected[i] = alone.predict(inputs[i]);
        }
        List<Map<String, Tensor>> trainedAlone = new ArrayList<>();
        for (int t = 0; t < TRAINERS; t++) {
            trainedAlone.add(train(10 + t));
        }

        Queue<String> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        long began;
        try (KernelPool pool = new KernelPool(poolThreads)) {
            Predictor shared = alone.withKernelPool(pool);
            for (int w = 0; w < PREDICTORS; w++) {
                int worker = w;
                threads.add(new Thread(
                        () -> {
                            try {
                                start.await();
                                for (int c = 0; c < PREDICTIONS; c++) {
                                    int i = (worker * 7 + c) % INPUTS;
                                    if (!Arrays.equals(expected[i], shared.predict(inputs[i]))) {
                                        failures.add("predictor " + worker + " call " + c + " input " + i + " differs");
                                    }
                                }
                            } catch (Throwable e) {
                                failures.add("predictor " + worker + ": " + e);
                            }
                        },
                        "predictor-" + w));
            }
            for (int t = 0; t < TRAINERS; t++) {
                int trainer = t;
                threads.add(new Thread(
                        () -> {
                            try {
                                start.await();
                                Map<String, Tensor> weights = pool.call(() -> train(10 + trainer));
                                for (String name : weights.keySet()) {
                                    if (!Arrays.equals(
                                            trainedAlone.get(trainer).get(name).data(),
                                            weights.get(name).data())) {
                                        failures.add(
                                                "trainer " + trainer + ": " + name + " differs from training alone");
                                    }
                                }
                            } catch (Throwable e) {
                                failures.add("trainer " + trainer + ": " + e);
                            }
                        },
                        "trainer-" + t));
            }
            threads.forEach(Thread::start);
            began = System.nanoTime();
            start.countDown();
            long deadline = System.currentTimeMillis() + DEADLINE_MS;
            for (Thread t : threads) {
                t.join(Math.max(1, deadline - System.currentTimeMillis()));
                assertFalse(t.isAlive(), t.getName() + " still running after " + DEADLINE_MS / 1000 + " s: deadlock?");
            }
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        assertEquals(List.of(), List.copyOf(failures).subList(0, Math.min(failures.size(), 10)));
        System.out.printf(
                "concurrency: kernel pool of %d, %d threads x %d predictions and %d training threads in"
                        + " %.1f s (%.0f predictions/s), all bit-identical%n",
                poolThreads, PREDICTORS, PREDICTIONS, TRAINERS, seconds, PREDICTORS * (double) PREDICTIONS / seconds);
    }
}
