package dev.tauon.benchmarks;

import dev.tauon.core.Kernels;
import dev.tauon.core.internal.kernel.AvgPool2dKernels;
import dev.tauon.core.internal.kernel.MaxPool2dKernels;
import dev.tauon.core.internal.kernel.PoolShape;
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
 * 2x2 stride-2 max pooling of the CIFAR-10 CNN at batch 64: {@code pool1} on 64x32x30x30,
 * {@code pool2} on 64x64x13x13. Score: calls per second (one call = the whole batch; images/s =
 * 64 x score); secondary {@code gbytes}: GB/s of input plus output touched (forward reads x and writes
 * out and argmax; backward reads gradOut and argmax and writes gradX), a memory-bound kernel's yardstick.
 * {@code -p op=avg} measures average pooling of the same shapes instead, whose byte count has no argmax.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PoolBenchmark {

    @Param({"pool1", "pool2"})
    public String layer;

    @Param({"2"})
    public int threads;

    /** {@code max} or {@code avg}. */
    @Param({"max"})
    public String op;

    private PoolShape s;
    private float[] x;
    private float[] out;
    private int[] argmax;
    private float[] gradX;
    private double bytesPerCall;

    @Setup(Level.Trial)
    public void setUp() {
        s = switch (layer) {
            case "pool1" -> new PoolShape(64, 32, 30, 30, 2, 2, 2, 2);
            case "pool2" -> new PoolShape(64, 64, 13, 13, 2, 2, 2, 2);
            default -> throw new IllegalArgumentException("unknown layer " + layer);
        };
        if (!op.equals("max") && !op.equals("avg")) {
            throw new IllegalArgumentException("unknown op " + op);
        }
        Kernels.setThreads(threads);
        x = Data.uniform(new SplittableRandom(3), s.n() * s.c() * s.h() * s.w());
        int outs = s.n() * s.c() * s.outH() * s.outW();
        out = new float[outs];
        argmax = new int[outs];
        gradX = new float[x.length];
        pool();
        bytesPerCall = 4.0 * (x.length + (op.equals("avg") ? 1.0 : 2.0) * outs);
    }

    @Benchmark
    public float[] forward(ByteCounter bytes) {
        pool();
        bytes.add(bytesPerCall);
        return out;
    }

    private void pool() {
        if (op.equals("avg")) {
            AvgPool2dKernels.forward(x, out, s);
        } else {
            MaxPool2dKernels.forward(x, out, argmax, s);
        }
    }

    /** Uses {@code out} as the incoming gradient. */
    @Benchmark
    public float[] backward(ByteCounter bytes) {
        if (op.equals("avg")) {
            AvgPool2dKernels.backward(out, gradX, s);
        } else {
            MaxPool2dKernels.backward(out, argmax, gradX, s);
        }
        bytes.add(bytesPerCall);
        return gradX;
    }
}
