package dev.tauon.spark;

import dev.tauon.core.Batch;
import dev.tauon.core.BatchSums;
import dev.tauon.core.Generator;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Module;
import dev.tauon.nn.losses.Loss;
import dev.tauon.nn.optim.Optimizer;
import dev.tauon.nn.train.Accuracy;
import java.io.Serializable;
import java.util.Map;

/**
 * The work one shard does for one driver round, as a pure function of the shard and the state the
 * driver sent: a retried task, or the same task in another process, gives the same bits.
 *
 * @param spec         how to build the model, loss and optimiser
 * @param exampleShape one example's shape
 * @param seed         the run's seed (shuffles, dropout)
 * @param epoch        the epoch, from 1
 * @param firstStep    the first step of the epoch this task runs, from 0
 * @param steps        how many steps: 1 in the synchronous mode
 * @param localBatch   each shard's share of the global batch
 * @param synchronous  whether to return the gradient (synchronous mode) instead of stepping locally
 * @param partitions   how many shares the global batch is split into
 * @param examplesPerBlock the block size of the synchronous mode's batch sums
 */
record ReplicaTask(
        ReplicaSpec spec,
        int[] exampleShape,
        long seed,
        int epoch,
        int firstStep,
        int steps,
        int localBatch,
        boolean synchronous,
        int partitions,
        int examplesPerBlock)
        implements Serializable {

    ReplicaResult apply(Shard shard, ReplicaState state) {
        Module model = spec.model().get();
        model.build(exampleShape);
        model.train();
        FlatState.load(model.stateDict().values(), state.model());
        Loss loss = spec.loss().get();
        int[] order = ShardOrder.permutation(seed, epoch, shard.partition(), shard.size());
        Optimizer optimizer = null;
        if (!synchronous) {
            optimizer = spec.optimizer().create(model);
            optimizer.loadState(state.optimizerState());
        }
        double lossSum = 0;
        long correct = 0;
        float[] gradient = null;
        for (int s = firstStep; s < firstStep + steps; s++) {
            reseedGenerators(model, s, shard.partition());
            Batch batch = shard.batch(order, s * localBatch, localBatch, exampleShape);
            if (optimizer != null) {
                optimizer.zeroGrad();
            }
            Tensor out = loss.expectsLogits() && model.endsInSoftmax()
                    ? model.forwardLogits(batch.inputs())
                    : model.forward(batch.inputs());
            Tensor l = loss.compute(out, batch);
            float value = l.item();
            if (!Float.isFinite(value)) {
                throw new IllegalStateException("DataParallelTrainer: loss is " + value + " in epoch " + epoch
                        + ", step " + (s + 1) + ", partition " + shard.partition());
            }
            if (synchronous) {
                backwardForTheGlobalBatch(l);
            } else {
                l.backward();
            }
            if (optimizer != null) {
                optimizer.step();
            } else {
                gradient = FlatState.gradients(model.parameters().values());
            }
            lossSum += value;
            correct += Accuracy.correct(out, batch);
        }
        if (optimizer == null) {
            // Only buffers change in a synchronous step: without any, the state need not travel back.
            float[] after = model.buffers().isEmpty()
                    ? null
                    : FlatState.flatten(model.stateDict().values());
            return new ReplicaResult(
                    shard.partition(),
                    gradient,
                    after,
                    new String[0],
                    new float[0][],
                    lossSum,
                    correct,
                    (long) steps * localBatch);
        }
        ReplicaState sent = ReplicaState.of(model, optimizer.state());
        return new ReplicaResult(
                shard.partition(),
                null,
                sent.model(),
                sent.bufferNames(),
                sent.buffers(),
                lossSum,
                correct,
                (long) steps * localBatch);
    }

    /**
     * The share's part of the global batch's mean-loss gradient: the share's mean loss times
     * {@code 1 / partitions}, so each example's gradient is scaled by {@code 1 / globalBatch} as in
     * one process (exactly, for a power-of-two share), summed over the batch in blocks; the driver
     * tree-sums the shares' results.
     */
    private void backwardForTheGlobalBatch(Tensor shareMeanLoss) {
        BatchSums.inBlocksOf(
                examplesPerBlock, () -> shareMeanLoss.mul(1f / partitions).backward());
    }

    /**
     * Dropout and other random layers draw from generators seeded by the run, epoch, step and
     * partition, so that a retried task draws the same masks and no two shards draw the same.
     */
    private void reseedGenerators(Module model, int step, int partition) {
        for (Map.Entry<String, Generator> e : model.generators().entrySet()) {
            long mix = seed
                    ^ (epoch * 0x9E3779B97F4A7C15L)
                    ^ (step * 0xBF58476D1CE4E5B9L)
                    ^ (partition * 0x94D049BB133111EBL)
                    ^ e.getKey().hashCode();
            e.getValue().setState(new Generator(mix).state());
        }
    }
}
