package dev.tauon.core.internal.kernel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

/**
 * Daemon worker threads that all join every job, and spin briefly before parking. A kernel call
 * lasts from tens of microseconds to a few milliseconds, and waking a parked thread in this VM costs
 * tens of microseconds, so workers (and a caller waiting for them) spin for {@link #SPIN_NANOS}
 * first: back-to-back kernel calls then never pay for a wake-up.
 *
 * <p>One job at a time: a second caller that finds the gang busy gets {@code false} and runs its
 * tasks itself, which gives the same results (see {@link Parallel}).
 */
final class WorkerGang {

    static final long SPIN_NANOS = 100_000;

    private final Thread[] workers;
    private final ReentrantLock busy = new ReentrantLock();
    private volatile boolean closed;
    /** Bumped once per job, after {@link #job} is set; each worker has seen every generation. */
    private volatile long generation;

    private volatile Job job;

    WorkerGang(int size, Runnable onStart, String namePrefix, AtomicInteger ids) {
        workers = new Thread[size];
        for (int i = 0; i < size; i++) {
            Thread t = new Thread(
                    () -> {
                        onStart.run();
                        work();
                    },
                    namePrefix + ids.incrementAndGet());
            t.setDaemon(true);
            workers[i] = t;
        }
        for (Thread t : workers) {
            t.start();
        }
    }

    /**
     * Runs {@code body.accept(t)} for every {@code t < tasks} on the caller and the workers; returns
     * false, having run nothing, when the gang is busy or closed.
     */
    boolean run(int tasks, IntConsumer body) {
        if (!busy.tryLock()) {
            return false;
        }
        try {
            if (closed) {
                return false;
            }
            Job j = new Job(tasks, body, workers.length, Thread.currentThread());
            job = j;
            generation++; // only the lock holder writes it
            for (Thread t : workers) {
                LockSupport.unpark(t);
            }
            j.drain();
            j.awaitHelpers();
            j.rethrow();
            return true;
        } finally {
            busy.unlock();
        }
    }

    /** Lets the workers exit once any running job is done. */
    void close() {
        busy.lock();
        try {
            closed = true;
        } finally {
            busy.unlock();
        }
        for (Thread t : workers) {
            LockSupport.unpark(t);
        }
    }

    private void work() {
        long seen = 0;
        while (true) {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            long g;
            // A new generation is served even when closed: its caller is waiting for this worker.
            while ((g = generation) == seen) {
                if (closed) {
                    return;
                }
                if (System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            seen = g;
            Job j = job;
            j.drain();
            j.helperDone();
        }
    }

    /** One fork/join: tasks are claimed from a shared counter by whoever is free. */
    private static final class Job {
        private final int tasks;
        private final IntConsumer body;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger helpersLeft;
        private final Thread caller;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        Job(int tasks, IntConsumer body, int helpers, Thread caller) {
            this.tasks = tasks;
            this.body = body;
            this.helpersLeft = new AtomicInteger(helpers);
            this.caller = caller;
        }

        void drain() {
            int t;
            while (failure.get() == null && (t = next.getAndIncrement()) < tasks) {
                try {
                    body.accept(t);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }
        }

        void helperDone() {
            if (helpersLeft.decrementAndGet() == 0) {
                LockSupport.unpark(caller);
            }
        }

        /** Waits even if interrupted: the helpers may still be writing into the caller's arrays. */
        void awaitHelpers() {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (helpersLeft.get() != 0) {
                if (System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
        }

        void rethrow() {
            Throwable e = failure.get();
            if (e instanceof RuntimeException re) {
                throw re;
            }
            if (e instanceof Error err) {
                throw err;
            }
            if (e != null) {
                throw new IllegalStateException(e);
            }
        }
    }
}
