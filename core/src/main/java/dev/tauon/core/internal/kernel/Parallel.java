package dev.tauon.core.internal.kernel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * Runs kernels' tasks on a pool of daemon threads: the global pool, or a {@link ThreadBudget} (of a
 * {@link dev.tauon.core.KernelPool}) that the calling thread is bound to for the length of
 * {@link ThreadBudget#call}.
 *
 * <p>Determinism contract: callers split work into tasks that each own a disjoint set of output
 * elements and compute them in a fixed order, so which thread runs which task never changes a
 * result. That is what makes 1-thread and N-thread results bitwise identical, and results the same
 * in every pool.
 *
 * <p>The global pool's size defaults to the number of available processors, can be set with the
 * system property {@code tauon.threads}, and changed at run time with {@link #setThreads(int)}.
 */
public final class Parallel {

    /** What a thread needs to know on every kernel call; one lookup per call. */
    private static final class CallerState {
        /** Set for pool workers, and for a caller while it runs tasks: nested parallel calls run inline. */
        boolean inside;
        /** The pool this thread is bound to by {@link ThreadBudget#call}, or null for the global one. */
        ThreadBudget pool;
    }

    private static final ThreadLocal<CallerState> CALLER = ThreadLocal.withInitial(CallerState::new);

    private static final AtomicInteger THREAD_IDS = new AtomicInteger();

    private static volatile ThreadBudget global;

    static {
        int processors = Runtime.getRuntime().availableProcessors();
        int initial = processors;
        String prop = System.getProperty("tauon.threads");
        if (prop != null && !prop.isBlank()) {
            try {
                initial = Integer.parseInt(prop.trim());
            } catch (NumberFormatException e) {
                initial = 0;
            }
            if (initial < 1) {
                // A bad property must not make every kernel class fail to initialise.
                LoggerFactory.getLogger(Parallel.class)
                        .warn(
                                "Ignoring -Dtauon.threads={} (expected a positive integer); using {} threads",
                                prop,
                                processors);
                initial = processors;
            }
        }
        setThreads(initial);
    }

    private Parallel() {}

    /**
     * The number of threads kernels called from this thread use, counting the calling thread: the
     * size of the {@link dev.tauon.core.KernelPool} it is bound to, else of the global pool.
     */
    public static int threads() {
        return pool(CALLER.get()).threads();
    }

    /**
     * Sets the number of threads of the global pool (counting the calling thread); 1 runs everything
     * on the caller. Takes effect for kernel calls that start after it returns. Threads bound to a
     * {@link dev.tauon.core.KernelPool} keep using it.
     */
    public static synchronized void setThreads(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("Parallel.setThreads: thread count must be >= 1, was " + count);
        }
        ThreadBudget old = global;
        // count - 1 workers: the caller always runs tasks too, so it never just sits waiting.
        global = new ThreadBudget(count, "tauon-kernel-", THREAD_IDS);
        if (old != null) {
            old.close();
        }
    }

    private static ThreadBudget pool(CallerState caller) {
        ThreadBudget bound = caller.pool;
        return bound != null ? bound : global;
    }

    /** Runs {@code body} with this thread bound to {@code pool}, then restores the previous binding. */
    static <T> T callIn(ThreadBudget pool, Supplier<T> body) {
        CallerState caller = CALLER.get();
        ThreadBudget previous = caller.pool;
        caller.pool = pool;
        try {
            return body.get();
        } finally {
            caller.pool = previous;
        }
    }

    /** Run first by every pool worker: its own nested parallel calls run inline. */
    static void markWorker() {
        CALLER.get().inside = true;
    }

    /**
     * Runs {@code body.accept(t)} once for every task {@code t} in {@code [0, tasks)} and returns when
     * all are done. Tasks run concurrently in no particular order; an exception from any task is
     * rethrown here after all have finished.
     */
    public static void forEachTask(int tasks, IntConsumer body) {
        forEachTask(CALLER.get(), tasks, body);
    }

    private static void forEachTask(CallerState caller, int tasks, IntConsumer body) {
        if (tasks > 1 && !caller.inside) {
            WorkerGang gang = pool(caller).gang();
            if (gang != null) {
                caller.inside = true;
                try {
                    if (gang.run(tasks, body)) {
                        return;
                    }
                } finally {
                    caller.inside = false;
                }
            }
        }
        // One thread, a nested call, or the gang is busy with another caller: same results, inline.
        for (int t = 0; t < tasks; t++) {
            body.accept(t);
        }
    }

    /**
     * Below this many basic operations (multiply-adds, element copies) a fork/join costs more than it
     * saves, so {@link #forRange(int, int, long, RangeBody)} stays on the calling thread.
     */
    public static final long MIN_PARALLEL_WORK = 1L << 16;

    /**
     * Splits {@code [0, n)} into at most {@link #threads()} contiguous chunks whose starts are
     * multiples of {@code align}, and runs {@code body.run(from, to)} for each chunk.
     */
    public static void forRange(int n, int align, RangeBody body) {
        forRange(n, align, Long.MAX_VALUE, body);
    }

    /**
     * {@link #forRange(int, int, RangeBody)} for a job of about {@code work} basic operations in all:
     * small jobs run as one chunk on the calling thread.
     */
    public static void forRange(int n, int align, long work, RangeBody body) {
        if (align < 1) {
            throw new IllegalArgumentException("Parallel.forRange: align must be >= 1, was " + align);
        }
        int units = (n + align - 1) / align;
        CallerState caller = work < MIN_PARALLEL_WORK || units < 2 ? null : CALLER.get();
        int chunks = caller == null ? 1 : Math.min(pool(caller).threads(), units);
        if (chunks == 1) {
            if (n > 0) {
                body.run(0, n);
            }
            return;
        }
        forEachTask(caller, chunks, c -> {
            int from = (int) ((long) units * c / chunks) * align;
            int to = Math.min(n, (int) ((long) units * (c + 1) / chunks) * align);
            if (from < to) {
                body.run(from, to);
            }
        });
    }

    /** A piece of work on the index range {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }
}
