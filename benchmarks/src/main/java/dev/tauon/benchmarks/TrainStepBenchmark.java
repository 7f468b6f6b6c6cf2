package dev.tauon.benchmarks;

import dev.tauon.core.Batch;
import dev.tauon.core.BatchSums;
import dev.tauon.core.Tensor;
import dev.tauon.nn.losses.CrossEntropy;
import dev.tauon.nn.optim.Adam;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One full training step (forward, cross-entropy, backward, Adam update) at batch 64 on random
 * images, of the CIFAR-10 CNN ({@code -p model=cnn}, the default) or of the airbench94 network of
 * the ResNet-style recipe ({@code -p model=airbench}; Adam here, not the recipe's SGD, so both
 * models pay the same optimiser). Primary score: steps per second; secondary {@code images}:
 * images/s (= batch x steps/s). {@code -p examplesPerBlock=8} sums the gradients over the batch in
 * blocks of 8 examples ({@code BatchSums}, what tauon-spark's synchronous mode does), to measure
 * what that costs against the default 0 (the kernels' own order).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class TrainStepBenchmark {

    @Param({"cnn"})
    public String model;

    @Param({"64"})
    public int batch;

    @Param({"2"})
    public int threads;

    @Param({"0"})
    public int examplesPerBlock;

    private CnnFixture f;
    private Adam adam;
    private CrossEntropy loss;
    private Batch data;

    @Setup(Level.Trial)
    public void setUp() {
        f = new CnnFixture(model, batch, threads);
        adam = new Adam(f.model);
        loss = new CrossEntropy();
        data = Batch.ofLabels(f.images, f.labels);
    }

    @Benchmark
    public float step(ImageCounter images) {
        // The CNN ends in a softmax whose logits the loss takes; the airbench net ends in its logits.
        Tensor logits = f.model.endsInSoftmax() ? f.model.forwardLogits(f.images) : f.model.forward(f.images);
        var l = loss.compute(logits, data);
        adam.zeroGrad();
        if (examplesPerBlock > 0) {
            BatchSums.inBlocksOf(examplesPerBlock, () -> l.backward());
        } else {
            l.backward();
        }
        adam.step();
        images.add(batch);
        return l.item();
    }
}
