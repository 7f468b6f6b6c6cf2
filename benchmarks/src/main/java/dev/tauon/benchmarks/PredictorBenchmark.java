package dev.tauon.benchmarks;

import dev.tauon.core.Generator;
import dev.tauon.core.KernelPool;
import dev.tauon.core.Kernels;
import dev.tauon.examples.Cifar10Model;
import dev.tauon.nn.predict.Predictor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A server's view of the CIFAR-10 CNN: one {@link Predictor} shared by every benchmark thread,
 * each thread sending requests of {@code batch} images as {@code float[]} rows
 * ({@code predict(float[][])}, so the row copies and the input checks are counted).
 *
 * <p>{@code latency}: one caller, in SampleTime mode, so JMH reports the percentiles (p50, p99)
 * of a request. {@code throughput1}, {@code 2}, {@code 8}: requests per second with 1, 2 and 8
 * concurrent callers (images/s at batch 1).
 *
 * <p>{@code budget}: {@code global} leaves the kernels in the global pool of {@code threads}
 * threads (the first caller to reach a parallel kernel gets its workers, the others run inline);
 * {@code caller} gives the predictor {@link KernelPool#callerOnly()}, so every request runs on its
 * own thread and no worker spins on its behalf.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class PredictorBenchmark {

    @Param({"global", "caller"})
    public String budget;

    @Param({"2"})
    public int threads;

    /** Images per request. */
    @Param({"1"})
    public int batch;

    private Predictor predictor;

    @Setup(Level.Trial)
    public void setUp() {
        Kernels.setThreads(threads);
        Predictor shared = Predictor.snapshot(Cifar10Model.create(1), () -> Cifar10Model.create(1));
        predictor = budget.equals("caller") ? shared.withKernelPool(KernelPool.callerOnly()) : shared;
    }

    /** One caller's request: random pixels, different for every thread. */
    @State(Scope.Thread)
    public static class Request {
        private static final AtomicLong SEEDS = new AtomicLong();
        float[][] images;

        @Setup(Level.Trial)
        public void setUp(PredictorBenchmark benchmark) {
            Generator g = new Generator(SEEDS.incrementAndGet());
            images = new float[benchmark.batch][3 * 32 * 32];
            for (float[] image : images) {
                for (int i = 0; i < image.length; i++) {
                    image[i] = g.nextFloat();
                }
            }
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Threads(1)
    public float[][] latency(Request r) {
        return predictor.predict(r.images);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Threads(1)
    public float[][] throughput1(Request r) {
        return predictor.predict(r.images);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Threads(2)
    public float[][] throughput2(Request r) {
        return predictor.predict(r.images);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Threads(8)
    public float[][] throughput8(Request r) {
        return predictor.predict(r.images);
    }
}
