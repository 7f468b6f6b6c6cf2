package dev.tauon.benchmarks;

import dev.tauon.core.Kernels;
import dev.tauon.core.internal.kernel.Gemm;
import java.util.SplittableRandom;
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
 * {@code C = A * B} throughput. The secondary result {@code gflops} is GFLOP/s (2mnk per call).
 *
 * <p>{@code size}: a square size (128, 256, 512, 1024), or one of the GEMMs that the CIFAR-10 CNN's
 * convolutions produce at batch 64 when the whole batch is lowered with im2col (m = out channels,
 * k = in channels x 3 x 3, n = 64 x output pixels): {@code conv1} 32 x 27 x 57600,
 * {@code conv2} 64 x 288 x 10816, {@code conv3} 64 x 576 x 1024.
 * Provider: start the JVM with or without {@code --add-modules jdk.incubator.vector}, or force one
 * with {@code -jvmArgsAppend -Dtauon.simd=plain}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class GemmBenchmark {

    @Param({"128", "256", "512", "1024", "conv1", "conv2", "conv3"})
    public String size;

    @Param({"2"})
    public int threads;

    private int m;
    private int n;
    private int k;
    private float[] a;
    private float[] b;
    private float[] c;

    @Setup(Level.Trial)
    public void setUp() {
        switch (size) {
            case "conv1" -> dims(32, 57600, 27);
            case "conv2" -> dims(64, 10816, 288);
            case "conv3" -> dims(64, 1024, 576);
            default -> {
                int s = Integer.parseInt(size);
                dims(s, s, s);
            }
        }
        Kernels.setThreads(threads);
        SplittableRandom random = new SplittableRandom(42);
        a = Data.uniform(random, m * k);
        b = Data.uniform(random, k * n);
        c = new float[m * n];
        System.out.println("# simd=" + Kernels.simdProvider() + " threads=" + Kernels.threads());
    }

    private void dims(int mm, int nn, int kk) {
        m = mm;
        n = nn;
        k = kk;
    }

    @Benchmark
    public float[] gemm(FlopCounter flops) {
        Gemm.gemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
        flops.add(2.0 * m * n * k);
        return c;
    }
}
