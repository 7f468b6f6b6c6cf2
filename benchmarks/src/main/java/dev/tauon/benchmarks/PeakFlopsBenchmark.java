package dev.tauon.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The machine's float32 FMA peak per thread, from a Vector API loop with no memory traffic
 * (secondary result {@code gflops}, GFLOP/s). Run with {@code -t 1} and {@code -t 2} for one and
 * both cores. Needs {@code --add-modules jdk.incubator.vector}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PeakFlopsBenchmark {

    private static final long ITERATIONS = 1_000_000;

    private float seed = 1f;

    @Benchmark
    public float fma(FlopCounter flops) {
        float r = FmaPeak.run(ITERATIONS, seed);
        flops.add((double) ITERATIONS * FmaPeak.flopsPerIteration());
        return r;
    }
}
