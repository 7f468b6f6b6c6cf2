package dev.tauon.benchmarks;

import dev.tauon.core.Batch;
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
 * One full training step of the CIFAR-10 CNN (forward, cross-entropy, backward, Adam update) at
 * batch 64 on random images. Primary score: steps per second; secondary {@code images}: images/s
 * (= batch x steps/s).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class TrainStepBenchmark {

    @Param({"64"})
    public int batch;

    @Param({"2"})
    public int threads;

    private CnnFixture f;
    private Adam adam;
    private CrossEntropy loss;
    private Batch data;

    @Setup(Level.Trial)
    public void setUp() {
        f = new CnnFixture(batch, threads);
        adam = new Adam(f.model);
        loss = new CrossEntropy();
        data = Batch.ofLabels(f.images, f.labels);
    }

    @Benchmark
    public float step(ImageCounter images) {
        var l = loss.compute(f.model.forwardLogits(f.images), data);
        adam.zeroGrad();
        l.backward();
        adam.step();
        images.add(batch);
        return l.item();
    }
}
