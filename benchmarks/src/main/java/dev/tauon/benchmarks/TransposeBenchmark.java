package dev.tauon.benchmarks;

import dev.tauon.core.internal.kernel.FloatOps;
import dev.tauon.core.internal.kernel.SimdSupport;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One thread's transposition by the active provider ({@code FloatOps.transpose}) of the shapes the
 * convolutions transpose most: {@code conv2}, the CIFAR-10 CNN's conv2 product of one image, 169
 * pixels by 64 filters channels last, turned filter-major; {@code res64x16}, one image of 64
 * channels by 256 pixels turned channels last, as the Winograd path reads it, and {@code res64x32},
 * 64 by 1,024 pixels (channel rows 4 KiB apart). Score: nanoseconds a
 * call. {@code -jvmArgsAppend -Dtauon.simd.transposeBlocks=false} measures gathers alone, and
 * {@code -Dtauon.simd.transposeHalves=true} or {@code false} the lane-move blocks in two methods or one.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TransposeBenchmark {

    @Param({"conv2", "res64x16", "res64x32"})
    public String shape;

    private FloatOps ops;
    private int rows;
    private int cols;
    private float[] src;
    private float[] dst;

    @Setup
    public void setUp() {
        switch (shape) {
            case "conv2" -> {
                rows = 169;
                cols = 64;
            }
            case "res64x16" -> {
                rows = 64;
                cols = 256;
            }
            case "res64x32" -> {
                rows = 64;
                cols = 1024;
            }
            default -> throw new IllegalArgumentException("unknown shape " + shape);
        }
        ops = SimdSupport.active();
        src = Data.uniform(new SplittableRandom(5), rows * cols);
        dst = new float[rows * cols];
    }

    @Benchmark
    public float[] transpose() {
        ops.transpose(src, 0, rows, cols, dst, 0);
        return dst;
    }
}
