package dev.tauon.spark;

import dev.tauon.core.Batch;
import dev.tauon.core.BatchSums;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Module;
import dev.tauon.nn.losses.Loss;
import dev.tauon.nn.optim.Optimizer;
import java.util.List;

/**
 * The single-machine reference of the bit-identity tests: one model and optimiser in this process,
 * each step taking the whole global batch at once (the shares the trainer would give the
 * partitions, laid end to end in partition order), forward and backward inside
 * {@code BatchSums.inBlocksOf} with the options' blocks (so Dropout draws per block too).
 */
final class OneProcessTraining {
    private OneProcessTraining() {}

    /**
     * Trains {@code spec}'s model for {@code epochs} on the global batches a {@link DataParallelTrainer}
     * over {@code partitions} shards of {@code data} would take, and returns its state.
     *
     * @param blocked whether to sum over the batch in the options' blocks (false: the kernels' own order)
     */
    static float[] train(
            ReplicaSpec spec,
            int[] shape,
            List<LabeledExample> data,
            int partitions,
            DataParallelOptions options,
            int epochs,
            boolean blocked) {
        List<Shard> shards = Shard.split(data, partitions);
        int share = options.globalBatch() / partitions;
        int steps =
                ShardOrder.stepsPerEpoch(shards.stream().mapToInt(Shard::size).toArray(), share);
        Module model = spec.model().get();
        model.build(shape);
        model.train();
        Loss loss = spec.loss().get();
        Optimizer optimizer = spec.optimizer().create(model);
        for (int epoch = 1; epoch <= epochs; epoch++) {
            for (int step = 0; step < steps; step++) {
                Tensor[] inputs = new Tensor[partitions];
                int[] labels = new int[options.globalBatch()];
                for (Shard s : shards) {
                    int[] order = ShardOrder.permutation(options.seed(), epoch, s.partition(), s.size());
                    Batch part = s.batch(order, step * share, share, shape);
                    inputs[s.partition()] = part.inputs();
                    System.arraycopy(part.labels(), 0, labels, s.partition() * share, share);
                }
                Batch global = Batch.ofLabels(Tensor.concat(0, inputs), labels);
                optimizer.zeroGrad();
                Runnable forwardAndBackward = () -> loss.compute(model.forwardLogits(global.inputs()), global)
                        .backward();
                if (blocked) {
                    BatchSums.inBlocksOf(options.examplesPerBlock(), forwardAndBackward);
                } else {
                    forwardAndBackward.run();
                }
                optimizer.step();
            }
        }
        return TestSetups.state(model);
    }
}
