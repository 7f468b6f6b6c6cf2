package dev.tauon.core.internal.kernel;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Reproducible random inputs for kernel tests, and a thread count set for the length of a test. */
public final class TestData {

    private TestData() {}

    public static float[] uniform(long seed, int size) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return v;
    }

    /**
     * What an output array holds, before and after a kernel runs, at the places the kernel must not
     * write: no value the tests' transforms of their data produce.
     */
    public static final float UNWRITTEN = 1234.5f;

    /** An array of {@code size} elements, each {@link #UNWRITTEN}. */
    public static float[] unwritten(int size) {
        float[] v = new float[size];
        Arrays.fill(v, UNWRITTEN);
        return v;
    }

    /** Runs {@code body} with the kernel pool at {@code threads} threads, then restores the old size. */
    public static void withThreads(int threads, Runnable body) {
        int old = Parallel.threads();
        Parallel.setThreads(threads);
        try {
            body.run();
        } finally {
            Parallel.setThreads(old);
        }
    }
}
