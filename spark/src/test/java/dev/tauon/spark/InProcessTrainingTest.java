package dev.tauon.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Batch;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Module;
import dev.tauon.nn.losses.Loss;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
     * The distributed gradient is the mean of the shares' mean-loss gradients; one process taking
     * the same global batch at once sums in another order, so the two agree to rounding only.
     */
    @Test
    void theMeanOfShareGradientsIsTheOneBatchGradientToRounding() {
        List<LabeledExample> data = TestSetups.examples(64, 6, 5);
        LocalShards shards = LocalShards.of(data, 4, TestSetups.MLP_SHAPE);
        ReplicaSpec spec = TestSetups.mlpSgd();
        Module model = spec.model().get();
        ReplicaTask task = new ReplicaTask(spec, TestSetups.MLP_SHAPE, 3, 1, 0, 1, 8, true);
        List<ReplicaResult> results = shards.run(ReplicaState.of(model), task);
        float[] distributed =
                Reduction.mean(results.stream().map(ReplicaResult::gradient).toList());

        // The same 32 examples as one batch: each shard's first 8 in its epoch-1 order, shard after shard.
        List<Shard> split = Shard.split(data, 4);
        List<Tensor> inputs = new ArrayList<>();
        int[] labels = new int[32];
        for (Shard s : split) {
            Batch share = s.batch(ShardOrder.permutation(3, 1, s.partition(), s.size()), 0, 8, TestSetups.MLP_SHAPE);
            inputs.add(share.inputs());
            System.arraycopy(share.labels(), 0, labels, s.partition() * 8, 8);
        }
        Loss loss = spec.loss().get();
        Tensor all = Tensor.concat(0, inputs.toArray(new Tensor[0]));
        loss.compute(model.forwardLogits(all), Batch.ofLabels(all, labels)).backward();
        float[] oneBatch = FlatState.gradients(model.parameters().values());

        double worst = 0;
        float scale = 0;
        for (int i = 0; i < oneBatch.length; i++) {
            scale = Math.max(scale, Math.abs(oneBatch[i]));
            worst = Math.max(worst, Math.abs(oneBatch[i] - distributed[i]));
        }
        assertTrue(worst <= 1e-6 * scale, "largest difference " + worst + " against largest gradient " + scale);
        System.out.printf(
                "mean of 4 share gradients vs one batch of 32: max |difference| %.3g, max |gradient| %.3g,"
                        + " %d of %d entries differ%n",
                worst, scale, differing(oneBatch, distributed), oneBatch.length);
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
            ReplicaTask task = new ReplicaTask(spec, TestSetups.MLP_SHAPE, 1, 1, step, 1, 4, false);
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
