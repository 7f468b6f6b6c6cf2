package dev.tauon.spark;

import dev.tauon.core.BatchSums;
import dev.tauon.nn.Module;
import dev.tauon.nn.losses.Loss;
import dev.tauon.nn.optim.Optimizer;
import dev.tauon.nn.train.EpochResult;
import dev.tauon.nn.train.History;
import dev.tauon.nn.train.Trainer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Synchronous data-parallel training, or local steps with periodic averaging, over a
 * {@link ShardSet}: Spark's executors ({@link DistributedDataset}) or this process
 * ({@link LocalShards}), with the same bits either way.
 *
 * <p>Each step of an epoch, shard {@code p} takes its share of the global batch: the next
 * {@code globalBatch / P} examples of its own shuffled order ({@link ShardOrder}). In the
 * synchronous mode ({@code localSteps == 1}) every shard computes, with the current weights, its
 * part of the global batch's mean-loss gradient (its share's mean loss over the number of shares),
 * summing over its examples in blocks ({@link dev.tauon.core.BatchSums}); the driver adds the parts
 * by the same fixed tree, in partition order, and steps its optimiser. When every share is a
 * power-of-two number of blocks ({@link DataParallelOptions#matchesOneProcess}), that is bit for bit
 * the step of one process taking the whole global batch inside {@code BatchSums.inBlocksOf}, for
 * any number of partitions (with a cross-entropy loss and no BatchNorm in the model; Dropout draws
 * its masks per block, from the driver's generator, as one process does inside
 * {@code inBlocksOf}). With {@code localSteps = K > 1} every shard runs
 * {@code K} steps of its own optimiser from the driver's weights and optimiser state; the driver then
 * takes the mean, in partition order, of the weights and of each optimiser buffer (Adam's moments),
 * and adds {@code K} to the step count. Buffers that are not trained (BatchNorm's running
 * statistics) are averaged the same way in both modes. K = 1 is the synchronous mode.
 *
 * <p>Its {@link #model()} and {@link #optimizer()} are the driver's: read them for the trained
 * weights, save them with {@code Weights.save}, evaluate with a {@link Trainer} over the model.
 */
public final class DataParallelTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(DataParallelTrainer.class);

    private final ShardSet shards;
    private final ReplicaSpec spec;
    private final DataParallelOptions options;
    private final Trainer local;
    private final int localBatch;
    private final int stepsPerEpoch;
    private final int[] exampleShape;
    private int epochsDone;
    private long rounds;
    private long roundNanos;

    /**
     * A trainer over {@code shards}, building the driver's model, loss and optimiser from
     * {@code spec} (the model built for the shards' example shape).
     *
     * @throws IllegalArgumentException if the global batch does not split evenly over the
     *                                  partitions, or the smallest shard holds less than one share
     */
    public DataParallelTrainer(ShardSet shards, ReplicaSpec spec, DataParallelOptions options) {
        this.shards = shards;
        this.spec = spec;
        this.options = options;
        int p = shards.partitions();
        if (options.globalBatch() % p != 0) {
            throw new IllegalArgumentException("DataParallelTrainer: global batch " + options.globalBatch()
                    + " does not split evenly over " + p + " partitions; use a multiple of " + p);
        }
        localBatch = options.globalBatch() / p;
        stepsPerEpoch = ShardOrder.stepsPerEpoch(shards.shardSizes(), localBatch);
        if (stepsPerEpoch == 0) {
            throw new IllegalArgumentException("DataParallelTrainer: the shards hold "
                    + Arrays.toString(shards.shardSizes()) + " examples, fewer than one share of " + localBatch
                    + " (global batch " + options.globalBatch() + " over " + p + " partitions)");
        }
        if (options.localSteps() == 1 && !options.matchesOneProcess(p)) {
            LOG.info(
                    "Shares of {} examples are not a power-of-two number of blocks of {}: the steps will"
                            + " not be bitwise those of the whole batch in one process",
                    localBatch,
                    options.examplesPerBlock());
        }
        exampleShape = shards.exampleShape();
        Module model = spec.model().get();
        model.build(exampleShape);
        Loss loss = spec.loss().get();
        local = new Trainer(model, loss, spec.optimizer().create(model));
    }

    /**
     * Trains until {@code epochs} epochs are done (counting those of a checkpoint it resumes from)
     * and returns the history: each epoch's mean loss and accuracy over every shard's shares.
     * With a checkpoint folder, the first call resumes from the newest checkpoint there.
     */
    public History fit(int epochs) {
        HadoopCheckpoints checkpoints = options.checkpointDir() == null
                ? null
                : new HadoopCheckpoints(options.checkpointDir(), shards.hadoopConfiguration());
        if (checkpoints != null && epochsDone == 0) {
            OptionalInt resumed = checkpoints.restoreLatest(local);
            if (resumed.isPresent()) {
                epochsDone = resumed.getAsInt();
                LOG.info("Resumed from {} after epoch {}", options.checkpointDir(), epochsDone);
            }
        }
        for (int epoch = epochsDone + 1; epoch <= epochs; epoch++) {
            EpochResult r = trainEpoch(epoch);
            local.history().add(r);
            epochsDone = epoch;
            LOG.info("Epoch {}/{}: loss {}, accuracy {}, {} s", epoch, epochs, r.loss(), r.accuracy(), r.seconds());
            if (checkpoints != null) {
                checkpoints.save(local, epoch);
            }
        }
        return local.history();
    }

    private EpochResult trainEpoch(int epoch) {
        long start = System.nanoTime();
        double lossSum = 0;
        long correct = 0;
        long examples = 0;
        int k = options.localSteps();
        for (int step = 0; step < stepsPerEpoch; step += k) {
            int steps = Math.min(k, stepsPerEpoch - step);
            long t0 = System.nanoTime();
            List<ReplicaResult> results = k == 1 ? synchronousStep(epoch, step) : localRound(epoch, step, steps);
            roundNanos += System.nanoTime() - t0;
            rounds++;
            for (ReplicaResult r : results) {
                lossSum += r.lossSum();
                correct += r.correct();
                examples += r.examples();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new EpochResult(
                epoch,
                lossSum / ((long) stepsPerEpoch * shards.partitions()),
                (double) correct / examples,
                Double.NaN,
                Double.NaN,
                seconds,
                examples / Math.max(seconds, 1e-9));
    }

    /** The work every shard does for one round: {@code steps} steps from {@code step} of {@code epoch}. */
    private ReplicaTask task(int epoch, int step, int steps, boolean synchronous) {
        return new ReplicaTask(
                spec,
                exampleShape,
                options.seed(),
                epoch,
                step,
                steps,
                localBatch,
                synchronous,
                shards.partitions(),
                options.examplesPerBlock());
    }

    private List<ReplicaResult> synchronousStep(int epoch, int step) {
        Module model = local.model();
        List<ReplicaResult> results = shards.run(ReplicaState.of(model), task(epoch, step, 1, true));
        // Each share sent its part of the global batch's gradient, summed in blocks: the same tree
        // over the shares, in partition order, completes the whole batch's sum.
        float[] gradient =
                BatchSums.treeSum(results.stream().map(ReplicaResult::gradient).toList());
        if (!model.buffers().isEmpty()) {
            FlatState.loadBuffers(
                    model,
                    Reduction.mean(results.stream().map(ReplicaResult::model).toList()));
        }
        // Every share drew the same numbers from the driver's generators (one per Dropout call):
        // continue from where they left them.
        FlatState.loadGenerators(model, results.get(0).generators());
        Optimizer optimizer = local.optimizer();
        optimizer.zeroGrad();
        FlatState.setGradients(model.parameters().values(), gradient);
        optimizer.step();
        return results;
    }

    private List<ReplicaResult> localRound(int epoch, int step, int steps) {
        Module model = local.model();
        Optimizer optimizer = local.optimizer();
        List<ReplicaResult> results =
                shards.run(ReplicaState.of(model, optimizer.state()), task(epoch, step, steps, false));
        FlatState.load(
                model.stateDict().values(),
                Reduction.mean(results.stream().map(ReplicaResult::model).toList()));
        String[] names = results.get(0).bufferNames();
        float[][] means = new float[names.length][];
        for (int i = 0; i < names.length; i++) {
            List<float[]> buffer = new ArrayList<>();
            for (ReplicaResult r : results) {
                if (!Arrays.equals(r.bufferNames(), names)) {
                    throw new IllegalStateException("DataParallelTrainer: partition " + r.partition()
                            + " returned optimizer buffers " + Arrays.toString(r.bufferNames()) + ", partition 0 "
                            + Arrays.toString(names));
                }
                buffer.add(r.buffers()[i]);
            }
            means[i] = Reduction.mean(buffer);
        }
        optimizer.loadState(
                ReplicaState.optimizerState(names, means, optimizer.iterations() + steps, optimizer.learningRate()));
        return results;
    }

    /** The driver's model, with the trained weights. */
    public Module model() {
        return local.model();
    }

    /** The driver's optimiser: its state is what the next round starts from. */
    public Optimizer optimizer() {
        return local.optimizer();
    }

    /** Epochs completed, including those of the checkpoint this trainer resumed from. */
    public int epochsDone() {
        return epochsDone;
    }

    /** Steps per epoch: as many full shares as the smallest shard holds. */
    public int stepsPerEpoch() {
        return stepsPerEpoch;
    }

    /** Each shard's share of the global batch. */
    public int localBatch() {
        return localBatch;
    }

    /** Mean wall time of one round (a step in the synchronous mode, K steps otherwise), driver work included. */
    public double secondsPerRound() {
        return rounds == 0 ? Double.NaN : roundNanos / 1e9 / rounds;
    }

    @Override
    public String toString() {
        return "DataParallelTrainer(" + shards + ", global batch " + options.globalBatch() + ", "
                + (options.localSteps() == 1 ? "synchronous" : options.localSteps() + " local steps") + ")";
    }
}
