package dev.tauon.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Batch;
import dev.tauon.nn.Module;
import dev.tauon.nn.losses.Loss;
import dev.tauon.nn.optim.Adam;
import dev.tauon.spark.example.Cifar10OnSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trainer's arithmetic, checkpoints and errors, with the shards in this process (no Spark). */
class InProcessTrainingTest {

    @Test
    void shardsHoldContiguousRangesAndShuffleTheSameWayEveryTime() {
        List<LabeledExample> data = TestSetups.examples(10, 2, 1);
        List<Shard> shards = Shard.split(data, 3);
        assertArrayEquals(
                new int[] {4, 3, 3}, shards.stream().mapToInt(Shard::size).toArray());
        Batch b = shards.get(1).batch(new int[] {0, 2}, 0, 2, new int[] {2});
        assertArrayEquals(data.get(4).features(), Arrays.copyOfRange(b.inputs().data(), 0, 2));
        assertArrayEquals(data.get(6).features(), Arrays.copyOfRange(b.inputs().data(), 2, 4));
        assertArrayEquals(ShardOrder.permutation(3, 2, 1, 50), ShardOrder.permutation(3, 2, 1, 50));
        assertFalse(Arrays.equals(ShardOrder.permutation(3, 2, 1, 50), ShardOrder.permutation(3, 3, 1, 50)));
        assertFalse(Arrays.equals(ShardOrder.permutation(3, 2, 1, 50), ShardOrder.permutation(3, 2, 0, 50)));
        assertEquals(2, ShardOrder.stepsPerEpoch(new int[] {9, 8, 10}, 4));
    }

    /**
     * The synchronous step is the step of one process taking the whole global batch, bit for bit,
     * when every share is a power-of-two number of blocks: for 2, 3 and 4 partitions, an MLP with
     * and without Dropout and a small CNN, Adam, several steps. Without the blocks, one process
     * sums in another order.
     */
    @Test
    void synchronousStepsAreTheWholeBatchStepsOfOneProcess() {
        List<LabeledExample> data = TestSetups.examples(96, 6, 5);
        for (ReplicaSpec spec : List.of(TestSetups.mlpAdam(), TestSetups.mlp())) {
            for (int partitions : new int[] {2, 3, 4}) {
                DataParallelOptions options =
                        DataParallelOptions.synchronous(8 * partitions * (partitions == 4 ? 1 : 2), 3);
                assertTrue(options.matchesOneProcess(partitions));
                DataParallelTrainer t =
                        new DataParallelTrainer(LocalShards.of(data, partitions, TestSetups.MLP_SHAPE), spec, options);
                t.fit(2);
                float[] oneProcess =
                        OneProcessTraining.train(spec, TestSetups.MLP_SHAPE, data, partitions, options, 2, true);
                assertArrayEquals(oneProcess, TestSetups.state(t.model()), partitions + " partitions");
                assertTrue(t.optimizer().iterations() >= 4, "several steps");
            }
        }
        List<LabeledExample> images = TestSetups.examples(48, TestSetups.size(TestSetups.CNN_SHAPE), 6);
        DataParallelOptions options = DataParallelOptions.synchronous(16, 4).withExamplesPerBlock(4);
        DataParallelTrainer t = new DataParallelTrainer(
                LocalShards.of(images, 2, TestSetups.CNN_SHAPE), TestSetups.plainCnn(), options);
        t.fit(1);
        float[] distributed = TestSetups.state(t.model());
        assertArrayEquals(
                OneProcessTraining.train(TestSetups.plainCnn(), TestSetups.CNN_SHAPE, images, 2, options, 1, true),
                distributed);
        float[] unblocked =
                OneProcessTraining.train(TestSetups.plainCnn(), TestSetups.CNN_SHAPE, images, 2, options, 1, false);
        System.out.printf(
                "small CNN, 3 steps of 16 over 2 partitions: one process without blocks differs in %d of %d"
                        + " weights, with blocks in none%n",
                differing(unblocked, distributed), distributed.length);
        assertFalse(Arrays.equals(unblocked, distributed), "without blocks the order differs, and so do the bits");
    }

    /** The CIFAR-10 CNN of the examples itself, on 32x32 images: two steps of 32 over 2 partitions. */
    @Test
    void theCifarCnnsSynchronousStepsAreTheWholeBatchStepsOfOneProcess() {
        List<LabeledExample> images = TestSetups.examples(64, 3 * 32 * 32, 16);
        ReplicaSpec spec = new ReplicaSpec(() -> Cifar10OnSpark.model(2), Loss::crossEntropy, m -> new Adam(m, 1e-3f));
        DataParallelOptions options = DataParallelOptions.synchronous(32, 8);
        DataParallelTrainer t = new DataParallelTrainer(LocalShards.of(images, 2, 3, 32, 32), spec, options);
        t.fit(1);
        assertEquals(2, t.optimizer().iterations());
        assertFalse(Arrays.equals(TestSetups.state(spec.model().get()), TestSetups.state(t.model())));
        assertArrayEquals(
                OneProcessTraining.train(spec, new int[] {3, 32, 32}, images, 2, options, 1, true),
                TestSetups.state(t.model()));
    }

    @Test
    void sharesThatAreNotAPowerOfTwoNumberOfBlocksDoNotMatchOneProcess() {
        assertTrue(DataParallelOptions.synchronous(64, 1).matchesOneProcess(2));
        assertTrue(DataParallelOptions.synchronous(24, 1).matchesOneProcess(3));
        assertFalse(DataParallelOptions.synchronous(48, 1).matchesOneProcess(2), "shares of 24 are 3 blocks of 8");
        assertFalse(DataParallelOptions.synchronous(18, 1).matchesOneProcess(3), "shares of 6 are not whole blocks");
        assertTrue(DataParallelOptions.synchronous(48, 1)
                .withExamplesPerBlock(8)
                .withLocalSteps(1)
                .withExamplesPerBlock(4)
                .matchesOneProcess(3));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> DataParallelOptions.synchronous(48, 1).withExamplesPerBlock(6));
        assertTrue(e.getMessage().contains("power of two, got 6"), e.getMessage());
    }

    private static int differing(float[] a, float[] b) {
        int n = 0;
        for (int i = 0; i < a.length; i++) {
            n += Float.floatToIntBits(a[i]) == Float.floatToIntBits(b[i]) ? 0 : 1;
        }
        return n;
    }

    /**
     * Averaging one local step of plain SGD is the synchronous step up to rounding (the update is
     * linear in the gradient); with Adam it is not (the mean of squared gradients is not the square
     * of the mean), which is why K = 1 runs the synchronous step itself.
     */
    @Test
    void averagingOneLocalSgdStepIsTheSynchronousStepToRounding() {
        List<LabeledExample> data = TestSetups.examples(48, 6, 6);
        LocalShards shards = LocalShards.of(data, 3, TestSetups.MLP_SHAPE);
        ReplicaSpec spec = TestSetups.mlpSgd();
        DataParallelTrainer sync = new DataParallelTrainer(shards, spec, DataParallelOptions.synchronous(12, 1));
        sync.fit(1);

        Module model = spec.model().get();
        DataParallelTrainer averaged = new DataParallelTrainer(shards, spec, DataParallelOptions.synchronous(12, 1));
        for (int step = 0; step < sync.stepsPerEpoch(); step++) {
            ReplicaTask task = new ReplicaTask(spec, TestSetups.MLP_SHAPE, 1, 1, step, 1, 4, false, 3, 8);
            List<ReplicaResult> r = shards.run(
                    ReplicaState.of(averaged.model(), averaged.optimizer().state()), task);
            FlatState.load(
                    averaged.model().stateDict().values(),
                    Reduction.mean(r.stream().map(ReplicaResult::model).toList()));
        }
        float[] a = TestSetups.state(sync.model());
        float[] b = TestSetups.state(averaged.model());
        assertFalse(Arrays.equals(a, TestSetups.state(model)));
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 1e-5f, "weight " + i);
        }
    }

    @Test
    void aRunResumedFromAHadoopPathCheckpointHasTheBitsOfAnUninterruptedRun(@TempDir Path dir) throws Exception {
        List<LabeledExample> data = TestSetups.examples(60, 6, 7);
        LocalShards shards = LocalShards.of(data, 2, TestSetups.MLP_SHAPE);
        DataParallelOptions options = DataParallelOptions.synchronous(10, 4).withLocalSteps(2);
        DataParallelTrainer straight = new DataParallelTrainer(shards, TestSetups.mlp(), options);
        straight.fit(3);

        String uri = dir.resolve("run").toUri().toString();
        new DataParallelTrainer(shards, TestSetups.mlp(), options.withCheckpoints(uri)).fit(2);
        assertTrue(Files.exists(dir.resolve("run").resolve("epoch-0002.safetensors")));
        assertTrue(Files.exists(dir.resolve("run").resolve("epoch-0001.safetensors")));
        DataParallelTrainer resumed = new DataParallelTrainer(shards, TestSetups.mlp(), options.withCheckpoints(uri));
        resumed.fit(3);
        assertEquals(3, resumed.epochsDone());
        assertEquals(3, resumed.fit(3).epochs().size(), "the history of the first two epochs came with the checkpoint");
        assertArrayEquals(TestSetups.state(straight.model()), TestSetups.state(resumed.model()));
        assertEquals(straight.optimizer().iterations(), resumed.optimizer().iterations());
        assertFalse(Files.exists(dir.resolve("run").resolve("epoch-0001.safetensors")), "only the newest two are kept");
    }

    /** The synchronous mode's Dropout continues from the driver's generators, which the checkpoint keeps. */
    @Test
    void aSynchronousRunWithDropoutResumesToTheBitsOfAnUninterruptedRun(@TempDir Path dir) {
        List<LabeledExample> data = TestSetups.examples(64, 6, 9);
        LocalShards shards = LocalShards.of(data, 2, TestSetups.MLP_SHAPE);
        DataParallelOptions options = DataParallelOptions.synchronous(16, 5);
        DataParallelTrainer straight = new DataParallelTrainer(shards, TestSetups.mlp(), options);
        straight.fit(3);
        String uri = dir.resolve("sync").toUri().toString();
        new DataParallelTrainer(shards, TestSetups.mlp(), options.withCheckpoints(uri)).fit(1);
        DataParallelTrainer resumed = new DataParallelTrainer(shards, TestSetups.mlp(), options.withCheckpoints(uri));
        resumed.fit(3);
        assertArrayEquals(TestSetups.state(straight.model()), TestSetups.state(resumed.model()));
        assertArrayEquals(
                straight.model().generators().get("1.generator").state(),
                resumed.model().generators().get("1.generator").state());
    }

    @Test
    void badSettingsAreRefusedWithTheNumbers() {
        LocalShards shards = LocalShards.of(TestSetups.examples(20, 6, 8), 3, TestSetups.MLP_SHAPE);
        IllegalArgumentException uneven = assertThrows(
                IllegalArgumentException.class,
                () -> new DataParallelTrainer(shards, TestSetups.mlp(), DataParallelOptions.synchronous(10, 1)));
        assertTrue(
                uneven.getMessage().contains("global batch 10 does not split evenly over 3 partitions"),
                uneven.getMessage());
        IllegalArgumentException small = assertThrows(
                IllegalArgumentException.class,
                () -> new DataParallelTrainer(shards, TestSetups.mlp(), DataParallelOptions.synchronous(24, 1)));
        assertTrue(small.getMessage().contains("fewer than one share of 8"), small.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> DataParallelOptions.synchronous(8, 1).withLocalSteps(0));
        assertThrows(IllegalArgumentException.class, () -> Shard.split(TestSetups.examples(2, 6, 1), 3));
    }

    @Test
    void cifarRecordsDecodeToScaledPixelsAndRefuseOtherSizes() {
        byte[] record = new byte[Cifar10Records.RECORD_BYTES];
        record[0] = 7;
        record[1] = (byte) 255;
        record[3072] = (byte) 51;
        LabeledExample e = Cifar10Records.decode(record);
        assertEquals(7, e.label());
        assertEquals(1f, e.features()[0]);
        assertEquals(0.2f, e.features()[3071]);
        assertThrows(IllegalArgumentException.class, () -> Cifar10Records.decode(new byte[100]));
        record[0] = 42;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Cifar10Records.decode(record))
                .getMessage()
                .contains("label 42"));
    }
}
