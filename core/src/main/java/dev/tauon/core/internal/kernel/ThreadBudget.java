package dev.tauon.core.internal.kernel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A number of threads for kernels, counting the caller, and the {@code threads - 1} workers that
 * make it up: what {@link Parallel} splits a kernel call over. The global pool is one; each public
 * {@link dev.tauon.core.KernelPool} owns one.
 */
public final class ThreadBudget {

    private final int threads;
    /** The {@code threads - 1} workers; null for a budget of one thread. */
    private final WorkerGang gang;

    /** A budget of {@code threads} threads counting the caller, with workers named {@code workerNamePrefix<n>}. */
    public ThreadBudget(int threads, String workerNamePrefix, AtomicInteger workerIds) {
        if (threads < 1) {
            throw new IllegalArgumentException("KernelPool: thread count must be >= 1, was " + threads);
        }
        this.threads = threads;
        this.gang = threads > 1 ? new WorkerGang(threads - 1, Parallel::markWorker, workerNamePrefix, workerIds) : null;
    }

    /** The number of threads kernels use in this budget, counting the caller. */
    public int threads() {
        return threads;
    }

    /** Runs {@code body} on this thread with kernels using this budget, and returns its result. */
    public <T> T call(Supplier<T> body) {
        return Parallel.callIn(this, body);
    }

    /** The workers, or null for a budget of one thread. */
    WorkerGang gang() {
        return gang;
    }

    /** Lets the workers exit once any running job is done; later calls run on the caller alone. */
    public void close() {
        if (gang != null) {
            gang.close();
        }
    }
}
