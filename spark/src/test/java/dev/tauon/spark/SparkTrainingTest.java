package dev.tauon.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.tauon.nn.losses.Loss;
import dev.tauon.nn.optim.Adam;
import dev.tauon.nn.train.History;
import dev.tauon.spark.example.Cifar10OnSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training on Spark in local mode gives the same bits as the same training in this process
 * ({@link LocalShards}): the synchronous mode on an MLP and on a small CNN, the local-steps mode,
 * and a run in which one task fails and is retried; and the synchronous mode gives the bits of one
 * process taking each whole global batch at once ({@link OneProcessTraining}).
 */
class SparkTrainingTest {
    private static JavaSparkContext spark;

    @BeforeAll
    static void startSpark() {
        // local[2, 4]: two threads as two executors' worth of tasks, and up to 4 attempts per task.
        SparkConf conf = new SparkConf()
                .setMaster("local[2,4]")
                .setAppName("tauon-spark-test")
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1");
        spark = new JavaSparkContext(conf);
        spark.setLogLevel("WARN");
    }

    @AfterAll
    static void stopSpark() {
        if (spark != null) {
            spark.stop();
        }
    }

    private static DistributedDataset onSpark(List<LabeledExample> examples, int partitions, int[] shape) {
        // More slices than partitions, so the shuffle into index ranges really moves examples.
        return DistributedDataset.of(spark.parallelize(examples, partitions + 1), partitions, shape);
    }

    private static float[] train(ShardSet shards, ReplicaSpec spec, DataParallelOptions options, int epochs) {
        DataParallelTrainer t = new DataParallelTrainer(shards, spec, options);
        t.fit(epochs);
        return TestSetups.state(t.model());
    }

    @Test
    void synchronousMlpOnSparkHasTheBitsOfTheSameTrainingInOneProcess() {
        // Three partitions: with two, the order of the sum would not matter (a + b == b + a in floats).
        List<LabeledExample> data = TestSetups.examples(90, 6, 1);
        DataParallelOptions options = DataParallelOptions.synchronous(18, 7);
        try (DistributedDataset shards = onSpark(data, 3, TestSetups.MLP_SHAPE)) {
            float[] distributed = train(shards, TestSetups.mlp(), options, 2);
            float[] local = train(LocalShards.of(data, 3, TestSetups.MLP_SHAPE), TestSetups.mlp(), options, 2);
            assertArrayEquals(local, distributed);
            assertFalse(
                    Arrays.equals(
                            local, TestSetups.state(TestSetups.mlp().model().get())),
                    "training must have changed the weights");
        }
    }

    @Test
    void synchronousCnnWithBatchNormOnSparkHasTheBitsOfTheSameTrainingInOneProcess() {
        List<LabeledExample> data = TestSetups.examples(40, TestSetups.size(TestSetups.CNN_SHAPE), 2);
        DataParallelOptions options = DataParallelOptions.synchronous(8, 11);
        try (DistributedDataset shards = onSpark(data, 2, TestSetups.CNN_SHAPE)) {
            DataParallelTrainer t = new DataParallelTrainer(shards, TestSetups.cnn(), options);
            History h = t.fit(1);
            float[] local = train(LocalShards.of(data, 2, TestSetups.CNN_SHAPE), TestSetups.cnn(), options, 1);
            assertEquals(5, t.stepsPerEpoch());
            assertArrayEquals(local, TestSetups.state(t.model()));
            assertEquals(1, h.epochs().size());
        }
    }

    @Test
    void synchronousStepsOnSparkAreTheWholeBatchStepsOfOneProcess() {
        // Shares of 16 = 2 blocks of 8 on 3 partitions; the one-process run takes all 48 at once.
        List<LabeledExample> data = TestSetups.examples(96, 6, 14);
        DataParallelOptions options = DataParallelOptions.synchronous(48, 2);
        try (DistributedDataset shards = onSpark(data, 3, TestSetups.MLP_SHAPE)) {
            float[] distributed = train(shards, TestSetups.mlpAdam(), options, 2);
            assertArrayEquals(
                    OneProcessTraining.train(TestSetups.mlpAdam(), TestSetups.MLP_SHAPE, data, 3, options, 2, true),
                    distributed);
        }
        // The example's CIFAR-10 CNN on 32x32 images: 2 steps of 32 (shares of 16, two blocks of 8).
        int[] shape = {3, 32, 32};
        List<LabeledExample> images = TestSetups.examples(64, TestSetups.size(shape), 15);
        ReplicaSpec spec = new ReplicaSpec(() -> Cifar10OnSpark.model(4), Loss::crossEntropy, m -> new Adam(m, 1e-3f));
        DataParallelOptions cnnOptions = DataParallelOptions.synchronous(32, 6);
        try (DistributedDataset shards = onSpark(images, 2, shape)) {
            float[] distributed = train(shards, spec, cnnOptions, 1);
            assertArrayEquals(OneProcessTraining.train(spec, shape, images, 2, cnnOptions, 1, true), distributed);
        }
    }

    @Test
    void localStepsOnSparkHaveTheBitsOfTheSameTrainingInOneProcess() {
        List<LabeledExample> data = TestSetups.examples(120, 6, 3);
        DataParallelOptions options = DataParallelOptions.synchronous(12, 5).withLocalSteps(3);
        try (DistributedDataset shards = onSpark(data, 3, TestSetups.MLP_SHAPE)) {
            DataParallelTrainer t = new DataParallelTrainer(shards, TestSetups.mlp(), options);
            t.fit(1);
            DataParallelTrainer local =
                    new DataParallelTrainer(LocalShards.of(data, 3, TestSetups.MLP_SHAPE), TestSetups.mlp(), options);
            local.fit(1);
            assertArrayEquals(TestSetups.state(local.model()), TestSetups.state(t.model()));
            assertEquals(local.optimizer().iterations(), t.optimizer().iterations());
            assertEquals(10, t.optimizer().iterations(), "10 steps per epoch, averaged after 3, 3, 3 and 1");
        }
    }

    @Test
    void cifarBinaryFilesAreReadOnTheExecutorsInFileOrder(@TempDir Path dir) throws Exception {
        byte[] file = new byte[5 * Cifar10Records.RECORD_BYTES];
        for (int r = 0; r < 5; r++) {
            file[r * Cifar10Records.RECORD_BYTES] = (byte) (r * 2);
            file[r * Cifar10Records.RECORD_BYTES + 1] = (byte) (r * 50);
        }
        Files.write(dir.resolve("data_batch_1.bin"), file);
        List<LabeledExample> read = Cifar10Records.read(
                        spark, dir.resolve("data_batch_1.bin").toUri().toString())
                .collect();
        assertEquals(5, read.size());
        for (int r = 0; r < 5; r++) {
            assertEquals(r * 2, read.get(r).label());
            assertEquals(r * 50 / 255f, read.get(r).features()[0]);
        }
    }

    @Test
    void aTaskThatFailsOnceIsRetriedAndTheResultIsUnchanged() {
        List<LabeledExample> data = TestSetups.examples(64, 6, 4);
        DataParallelOptions options = DataParallelOptions.synchronous(16, 9);
        try (DistributedDataset clean = onSpark(data, 2, TestSetups.MLP_SHAPE);
                DistributedDataset failing = onSpark(data, 2, TestSetups.MLP_SHAPE)) {
            failing.failFirstAttempt(1, 2);
            float[] expected = train(clean, TestSetups.mlp(), options, 1);
            float[] retried = train(failing, TestSetups.mlp(), options, 1);
            assertArrayEquals(expected, retried);
        }
    }
}
