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
        return synchronous
                ? synchronousStep(model, loss, shard, order, state)
                : localSteps(model, loss, shard, order, state);
    }

    /**
     * The share's part of the global batch's gradient: its mean loss times {@code 1 / partitions},
     * so each example's gradient is scaled by {@code 1 / globalBatch} as in one process (exactly,
     * for a power-of-two share), with the batch sums in blocks and this share's blocks numbered
     * from its place in the global batch (which is what Dropout's masks follow), and the random
     * layers continuing from the driver's generators; the driver tree-sums the parts.
     */
    private ReplicaResult synchronousStep(Module model, Loss loss, Shard shard, int[] order, ReplicaState state) {
        FlatState.loadGenerators(model, state.generators());
        Batch batch = shard.batch(order, firstStep * localBatch, localBatch, exampleShape);
        long firstBlock = (long) shard.partition() * ((localBatch + examplesPerBlock - 1) / examplesPerBlock);
        float[] valueAndCorrect = BatchSums.inBlocksOf(examplesPerBlock, firstBlock, () -> {
            Tensor out = forward(model, loss, batch);
            Tensor l = loss.compute(out, batch);
            float value = checkedValue(l, firstStep, shard.partition());
            l.mul(1f / partitions).backward();
            return new float[] {value, Accuracy.correct(out, batch)};
        });
        // Only buffers change in a synchronous step: without any, the state need not travel back.
        float[] after = model.buffers().isEmpty()
                ? null
                : FlatState.flatten(model.stateDict().values());
        return new ReplicaResult(
                shard.partition(),
                FlatState.gradients(model.parameters().values()),
                after,
                new String[0],
                new float[0][],
                FlatState.generatorStates(model),
                valueAndCorrect[0],
                (long) valueAndCorrect[1],
                localBatch);
    }

    /** {@code steps} optimiser steps on this shard's own shares, from the driver's weights and optimiser state. */
    private ReplicaResult localSteps(Module model, Loss loss, Shard shard, int[] order, ReplicaState state) {
        Optimizer optimizer = spec.optimizer().create(model);
        optimizer.loadState(state.optimizerState());
        double lossSum = 0;
        long correct = 0;
        for (int s = firstStep; s < firstStep + steps; s++) {
            reseedGenerators(model, s, shard.partition());
            Batch batch = shard.batch(order, s * localBatch, localBatch, exampleShape);
            optimizer.zeroGrad();
            Tensor out = forward(model, loss, batch);
            Tensor l = loss.compute(out, batch);
            lossSum += checkedValue(l, s, shard.partition());
            l.backward();
            optimizer.step();
            correct += Accuracy.correct(out, batch);
        }
        ReplicaState sent = ReplicaState.of(model, optimizer.state());
        return new ReplicaResult(
                shard.partition(),
                null,
                sent.model(),
                sent.bufferNames(),
                sent.buffers(),
                new long[0][],
                lossSum,
                correct,
                (long) steps * localBatch);
    }

    private static Tensor forward(Module model, Loss loss, Batch batch) {
        return loss.expectsLogits() && model.endsInSoftmax()
                ? model.forwardLogits(batch.inputs())
                : model.forward(batch.inputs());
    }

    private float checkedValue(Tensor loss, int step, int partition) {
        float value = loss.item();
        if (!Float.isFinite(value)) {
            throw new IllegalStateException("DataParallelTrainer: loss is " + value + " in epoch " + epoch + ", step "
                    + (step + 1) + ", partition " + partition);
        }
        return value;
    }

    /**
     * In the local-steps mode, Dropout and other random layers draw from generators seeded by the
     * run, epoch, step and partition, so that a retried task draws the same masks and no two shards
     * draw the same.
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
