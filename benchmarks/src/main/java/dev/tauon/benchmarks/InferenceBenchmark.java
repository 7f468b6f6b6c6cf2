package dev.tauon.benchmarks;

import dev.tauon.core.NoGrad;
import dev.tauon.core.Tensor;
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
 * Inference of the CIFAR-10 CNN (eval mode, no graph) at batch 256, the batch Deeplearning4j's
 * figure was measured at. Primary score: batches per second; secondary {@code images}: images/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class InferenceBenchmark {

    @Param({"256"})
    public int batch;

    @Param({"2"})
    public int threads;

    private CnnFixture f;

    @Setup(Level.Trial)
    public void setUp() {
        f = new CnnFixture(batch, threads);
        f.model.eval();
    }

    @Benchmark
    public Tensor predict(ImageCounter images) {
        try (NoGrad scope = NoGrad.enter()) {
            Tensor probabilities = f.model.forward(f.images);
            images.add(batch);
            return probabilities;
        }
    }
}
