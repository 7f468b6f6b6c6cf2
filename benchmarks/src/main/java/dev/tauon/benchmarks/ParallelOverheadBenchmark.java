package dev.tauon.benchmarks;

import dev.tauon.core.internal.kernel.Parallel;
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
 * What one fork/join through the kernel pool costs: {@code threads} tasks that do nothing but
 * write one element each. Score: microseconds per call. Every parallel kernel call pays this once
 * (or a few times), so it sets how small a problem is still worth splitting.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ParallelOverheadBenchmark {

    @Param({"2"})
    public int threads;

    /** One counter per task, 16 ints (a cache line) apart so the tasks do not share lines. */
    private int[] sink;

    @Setup(Level.Trial)
    public void setUp() {
        Parallel.setThreads(threads);
        sink = new int[16 * threads];
    }

    @Benchmark
    public int[] forkJoin() {
        Parallel.forEachTask(threads, t -> sink[t * 16]++);
        return sink;
    }
}
