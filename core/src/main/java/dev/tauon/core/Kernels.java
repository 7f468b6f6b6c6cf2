package dev.tauon.core;

import dev.tauon.core.internal.kernel.Parallel;
import dev.tauon.core.internal.kernel.SimdSupport;

/**
 * How the kernels under every op run: on how many threads, and with which SIMD provider. The
 * kernels themselves are internal; this is the part of them a user sets or reports.
 *
 * <p>The thread count defaults to the number of available processors and can be set with the
 * system property {@code tauon.threads}; results are the same bits for any thread count. The SIMD
 * provider is chosen once, when the first kernel runs: the Vector API when module
 * {@code jdk.incubator.vector} is readable, plain loops otherwise ({@code -Dtauon.simd=plain} or
 * {@code vector} forces one).
 */
public final class Kernels {

    private Kernels() {}

    /**
     * The number of threads kernels called from this thread use, counting the calling thread: the
     * size of the {@link KernelPool} it is inside, else of the global pool.
     */
    public static int threads() {
        return Parallel.threads();
    }

    /**
     * Sets the number of threads of the global pool (counting the calling thread); 1 runs every
     * kernel on its caller. Threads inside a {@link KernelPool#call} keep using that pool.
     *
     * @throws IllegalArgumentException if {@code count < 1}
     */
    public static void setThreads(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("Kernels.setThreads: thread count must be >= 1, was " + count);
        }
        Parallel.setThreads(count);
    }

    /** The name of the SIMD provider every kernel uses: {@code "vector"} (the Vector API) or {@code "plain"}. */
    public static String simdProvider() {
        return SimdSupport.active().name();
    }
}
