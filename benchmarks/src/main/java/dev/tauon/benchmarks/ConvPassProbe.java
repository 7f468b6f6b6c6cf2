package dev.tauon.benchmarks;

import dev.tauon.core.Kernels;
import dev.tauon.core.internal.kernel.Conv2dKernels;
import dev.tauon.core.internal.kernel.ConvShape;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A convolution pass timed in half-second intervals, for sizes JMH's {@link ConvBenchmark} does not
 * take: one image, whose data stay in L1, shows a kernel's own speed; 64 images the pass's. On a
 * shared host the maximum of the intervals moves less than the median (a neighbour can only slow a
 * run down).
 *
 * <pre>{@code
 * java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar \
 *     dev.tauon.benchmarks.ConvPassProbe conv1 forward 1 1 12
 * }</pre>
 *
 * Arguments: layer ({@link ConvBenchmark}'s names), pass ({@code forward}: with bias and ReLU;
 * {@code inputGrad}; {@code weightGrad}: with the bias gradient), images, kernel threads,
 * intervals. Prints each interval's GFLOP/s (2 x images x o x outH x outW x c x kh x kw per call, as
 * {@link ConvBenchmark} counts), then their median and maximum.
 */
public final class ConvPassProbe {

    private ConvPassProbe() {}

    public static void main(String[] args) {
        if (args.length != 5) {
            throw new IllegalArgumentException("usage: ConvPassProbe layer pass images threads intervals");
        }
        ConvShape s = ConvBenchmark.shape(args[0], Integer.parseInt(args[2]));
        String pass = args[1];
        Kernels.setThreads(Integer.parseInt(args[3]));
        int intervals = Integer.parseInt(args[4]);
        SplittableRandom random = new SplittableRandom(7);
        float[] x = Data.uniform(random, s.n() * s.c() * s.h() * s.w());
        float[] w = Data.uniform(random, s.o() * s.c() * s.kh() * s.kw());
        float[] bias = Data.uniform(random, s.o());
        float[] out = Data.uniform(random, s.n() * s.o() * s.outH() * s.outW()); // the gradient in backward passes
        float[] gradX = new float[x.length];
        float[] gradW = new float[w.length];
        float[] gradBias = new float[s.o()];
        Runnable call = switch (pass) {
            case "forward" -> () -> Conv2dKernels.forward(x, w, bias, out, s, true);
            case "inputGrad" -> () -> Conv2dKernels.backwardInput(out, w, gradX, s);
            case "weightGrad" -> () -> Conv2dKernels.backwardWeight(x, out, gradW, gradBias, s);
            default ->
                throw new IllegalArgumentException("unknown pass " + pass + ": forward, inputGrad or weightGrad");
        };
        double flopPerCall = 2.0 * s.n() * s.o() * s.outH() * s.outW() * s.c() * s.kh() * s.kw();
        double[] gflops = new double[intervals];
        for (int i = -2; i < intervals; i++) { // two intervals of warm-up
            long start = System.nanoTime();
            long calls = 0;
            while (System.nanoTime() - start < 500_000_000L) {
                call.run();
                calls++;
            }
            if (i >= 0) {
                gflops[i] = flopPerCall * calls / (System.nanoTime() - start);
                System.out.printf("%.1f ", gflops[i]);
            }
        }
        Arrays.sort(gflops);
        System.out.printf("%nmedian %.1f max %.1f GFLOP/s%n", gflops[intervals / 2], gflops[intervals - 1]);
    }
}
