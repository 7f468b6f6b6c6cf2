package dev.tauon.benchmarks;

import dev.tauon.core.Kernels;
import dev.tauon.core.internal.kernel.Conv2dKernels;
import dev.tauon.core.internal.kernel.ConvShape;
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
 * The three 3x3 convolutions of the CIFAR-10 CNN at batch 64 (stride 1, no padding):
 * {@code conv1} 3->32 on 32x32, {@code conv2} 32->64 on 15x15, {@code conv3} 64->64 on 6x6; and
 * the 3x3 same-padded (stride 1, padding 1) convolutions of the ResNet-style recipe at batch 64:
 * {@code res64x32} 64->64 on 32x32, {@code res64x16} 64->64 on 16x16, {@code res64to256x16}
 * 64->256 on 16x16, {@code res256x8} 256->256 on 8x8, {@code res256x4} 256->256 on 4x4.
 * Primary score: calls per second (one call = the whole batch; images/s = 64 x score); secondary
 * {@code gflops}: GFLOP/s counting 2 x batch x out-channels x out-pixels x in-channels x 9 per call
 * (every tap, including those that fall on padding; bias and bias-gradient work is not counted).
 * {@code docs/crosscheck/conv_layers_pytorch.py} times the same shapes and passes in PyTorch.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ConvBenchmark {

    @Param({"conv1", "conv2", "conv3", "res64x32", "res64x16", "res64to256x16", "res256x8", "res256x4"})
    public String layer;

    @Param({"2"})
    public int threads;

    private ConvShape s;
    private float[] x;
    private float[] w;
    private float[] bias;
    private float[] out;
    private float[] gradX;
    private float[] gradW;
    private float[] gradBias;
    private float[] pooled;
    private int[] argmax;
    private double flopPerCall;

    /** Layer {@code layer}'s shape (the names of {@link #layer}) for a batch of {@code n} images. */
    static ConvShape shape(String layer, int n) {
        return switch (layer) {
            case "conv1" -> new ConvShape(n, 3, 32, 32, 32, 3, 3, 1, 1, 0, 0);
            case "conv2" -> new ConvShape(n, 32, 15, 15, 64, 3, 3, 1, 1, 0, 0);
            case "conv3" -> new ConvShape(n, 64, 6, 6, 64, 3, 3, 1, 1, 0, 0);
            case "res64x32" -> new ConvShape(n, 64, 32, 32, 64, 3, 3, 1, 1, 1, 1);
            case "res64x16" -> new ConvShape(n, 64, 16, 16, 64, 3, 3, 1, 1, 1, 1);
            case "res64to256x16" -> new ConvShape(n, 64, 16, 16, 256, 3, 3, 1, 1, 1, 1);
            case "res256x8" -> new ConvShape(n, 256, 8, 8, 256, 3, 3, 1, 1, 1, 1);
            case "res256x4" -> new ConvShape(n, 256, 4, 4, 256, 3, 3, 1, 1, 1, 1);
            default -> throw new IllegalArgumentException("unknown layer " + layer);
        };
    }

    @Setup(Level.Trial)
    public void setUp() {
        s = shape(layer, 64);
        Kernels.setThreads(threads);
        SplittableRandom random = new SplittableRandom(7);
        x = Data.uniform(random, s.n() * s.c() * s.h() * s.w());
        w = Data.uniform(random, s.o() * s.c() * s.kh() * s.kw());
        bias = Data.uniform(random, s.o());
        out = Data.uniform(random, s.n() * s.o() * s.outH() * s.outW());
        gradX = new float[x.length];
        gradW = new float[w.length];
        gradBias = new float[s.o()];
        pooled = new float[s.n() * s.o() * (s.outH() / 2) * (s.outW() / 2)];
        argmax = new int[pooled.length];
        flopPerCall = 2.0 * s.n() * s.o() * s.outH() * s.outW() * s.c() * s.kh() * s.kw();
    }

    @Benchmark
    public float[] forward(FlopCounter flops) {
        Conv2dKernels.forward(x, w, bias, out, s);
        flops.add(flopPerCall);
        return out;
    }

    /**
     * The forward pass with bias, ReLU and 2x2 max pooling fused (what the CIFAR-10 CNN runs for conv1
     * and conv2), argmax indexed as training needs it; FLOPs counted as the convolution's alone.
     */
    @Benchmark
    public float[] forwardPooled(FlopCounter flops) {
        Conv2dKernels.forwardReluMaxPool(x, w, bias, pooled, argmax, s, true);
        flops.add(flopPerCall);
        return pooled;
    }

    /** Uses {@code out} as the incoming gradient. */
    @Benchmark
    public float[] inputGrad(FlopCounter flops) {
        Conv2dKernels.backwardInput(out, w, gradX, s);
        flops.add(flopPerCall);
        return gradX;
    }

    @Benchmark
    public float[] weightGrad(FlopCounter flops) {
        Conv2dKernels.backwardWeight(x, out, gradW, gradBias, s);
        flops.add(flopPerCall);
        return gradW;
    }
}
