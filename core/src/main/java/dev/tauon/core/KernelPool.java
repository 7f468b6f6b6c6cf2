package dev.tauon.core;

import dev.tauon.core.internal.kernel.ThreadBudget;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A thread budget for kernels, owned by whoever makes it: a predictor serving requests, a trainer
 * in the background. {@code pool.call(body)} runs {@code body} on the calling thread with every
 * kernel it calls split over this pool's threads instead of the global pool's
 * ({@link Kernels#setThreads}), so callers with pools of their own never wait for one another's
 * workers, and one caller can be held to one thread while another uses several.
 *
 * <pre>{@code
 * try (KernelPool pool = new KernelPool(2)) {
 *     Tensor out = pool.call(() -> model.forward(x));
 * }
 * }</pre>
 *
 * <p>The binding is per thread and lasts for the call: kernels that {@code body} runs on this
 * thread use the pool, other threads are not affected, and calls nest (the innermost wins). Results
 * are the same bits for any pool, as for any thread count (see {@link Kernels}).
 *
 * <p>A pool of {@code n} threads counts the caller, so it starts {@code n - 1} daemon workers; a
 * pool of one thread has none and runs every kernel on its caller ({@link #callerOnly()}). Several
 * threads may call one pool at once: as with the global pool, a caller that finds its workers busy
 * runs its tasks itself. {@link #close()} stops the workers; a closed pool still works, on the
 * caller alone.
 */
public final class KernelPool implements AutoCloseable {

    private static final AtomicInteger POOL_IDS = new AtomicInteger();
    private static final KernelPool CALLER_ONLY = new KernelPool(1);

    private final ThreadBudget budget;

    /** A pool of {@code threads} threads counting the caller, with workers named {@code tauon-pool-<id>-<n>}. */
    public KernelPool(int threads) {
        this.budget = new ThreadBudget(threads, "tauon-pool-" + POOL_IDS.incrementAndGet() + "-", new AtomicInteger());
    }

    /**
     * The shared pool of one thread: kernels run on their caller only. The best budget for many
     * concurrent callers of small requests, each of which then keeps one core busy.
     */
    public static KernelPool callerOnly() {
        return CALLER_ONLY;
    }

    /** The number of threads kernels use in this pool, counting the caller. */
    public int threads() {
        return budget.threads();
    }

    /** Runs {@code body} on this thread with kernels using this pool, and returns its result. */
    public <T> T call(Supplier<T> body) {
        return budget.call(body);
    }

    /** Runs {@code body} on this thread with kernels using this pool. */
    public void run(Runnable body) {
        budget.call(() -> {
            body.run();
            return null;
        });
    }

    /** Lets the workers exit once any running job is done; later calls run on the caller alone. */
    @Override
    public void close() {
        budget.close();
    }

    @Override
    public String toString() {
        return "KernelPool(" + budget.threads() + " threads)";
    }
}
