package dev.tauon.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.internal.kernel.Gemm;
import dev.tauon.core.internal.kernel.Parallel;
import dev.tauon.core.internal.kernel.TestData;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class KernelPoolTest {

    @Test
    void threadCountIsValidated() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new KernelPool(0));
        assertEquals("KernelPool: thread count must be >= 1, was 0", e.getMessage());
    }

    @Test
    void bindingLastsForTheCallNestsAndSurvivesExceptions() {
        TestData.withThreads(2, () -> {
            try (KernelPool three = new KernelPool(3)) {
                assertEquals(2, Parallel.threads());
                assertEquals(3, (int) three.call(Parallel::threads));
                assertEquals(
                        1, (int) three.call(() -> KernelPool.callerOnly().call(Parallel::threads)), "innermost wins");
                three.run(() -> assertEquals(3, Parallel.threads()));
                assertThrows(
                        IllegalStateException.class,
                        () -> three.run(() -> {
                            throw new IllegalStateException("body fails");
                        }));
                assertEquals(2, Parallel.threads(), "the global pool again after each call");
            }
        });
    }

    @Test
    void otherThreadsAreNotBound() {
        TestData.withThreads(2, () -> {
            AtomicReference<Integer> seenElsewhere = new AtomicReference<>();
            KernelPool.callerOnly().run(() -> {
                Thread other = new Thread(() -> seenElsewhere.set(Parallel.threads()));
                other.start();
                join(other);
            });
            assertEquals(2, seenElsewhere.get());
        });
    }

    @Test
    void callerOnlyRunsEveryTaskOnTheCaller() {
        TestData.withThreads(2, () -> {
            Set<Thread> ran = ConcurrentHashMap.newKeySet();
            KernelPool.callerOnly().run(() -> {
                Parallel.forEachTask(64, t -> ran.add(Thread.currentThread()));
                Parallel.forRange(1 << 20, 1, (from, to) -> ran.add(Thread.currentThread()));
            });
            assertEquals(Set.of(Thread.currentThread()), ran);
        });
    }

    @Test
    void tasksRunOnThePoolsOwnWorkers() {
        TestData.withThreads(1, () -> {
            try (KernelPool two = new KernelPool(2)) {
                Set<String> names = ConcurrentHashMap.newKeySet();
                CyclicBarrier both = new CyclicBarrier(2);
                // Each task waits for the other, so the two must run at once: the caller and a worker.
                two.run(() -> Parallel.forEachTask(2, t -> {
                    names.add(Thread.currentThread().getName());
                    await(both);
                }));
                assertEquals(2, names.size(), names.toString());
                assertTrue(names.stream().anyMatch(n -> n.startsWith("tauon-pool-")), names.toString());
            }
        });
    }

    /**
     * Two callers, each with a pool of two threads, whose four tasks all wait for one another: they
     * finish only if neither caller runs its tasks inline for lack of workers, as it would if both
     * shared the global pool.
     */
    @Test
    void callersWithTheirOwnPoolsDoNotWaitForEachOther() {
        TestData.withThreads(2, () -> {
            try (KernelPool a = new KernelPool(2);
                    KernelPool b = new KernelPool(2)) {
                CyclicBarrier all = new CyclicBarrier(4);
                AtomicReference<Throwable> failure = new AtomicReference<>();
                Thread[] callers = new Thread[2];
                KernelPool[] pools = {a, b};
                for (int c = 0; c < 2; c++) {
                    KernelPool pool = pools[c];
                    callers[c] = new Thread(() -> {
                        try {
                            pool.run(() -> Parallel.forEachTask(2, t -> await(all)));
                        } catch (Throwable e) {
                            failure.set(e);
                        }
                    });
                    callers[c].start();
                }
                for (Thread t : callers) {
                    join(t);
                }
                assertEquals(null, failure.get(), "all four tasks ran at once");
            }
        });
    }

    @Test
    void resultsAreTheSameBitsInEveryPool() {
        int m = 96;
        int n = 160;
        int k = 300; // 4.6M multiply-adds: over Gemm's threshold, so it splits
        float[] a = TestData.uniform(1, m * k);
        float[] b = TestData.uniform(2, k * n);
        float[] reference = new float[m * n];
        KernelPool.callerOnly().run(() -> Gemm.gemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, reference, 0, n));
        for (int threads : new int[] {2, 3}) {
            try (KernelPool pool = new KernelPool(threads)) {
                float[] c = new float[m * n];
                pool.run(() -> Gemm.gemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n));
                assertArrayEquals(reference, c, threads + " threads");
            }
        }
    }

    @Test
    void aClosedPoolRunsOnTheCaller() {
        KernelPool two = new KernelPool(2);
        two.close();
        Set<Thread> ran = ConcurrentHashMap.newKeySet();
        two.run(() -> Parallel.forEachTask(8, t -> ran.add(Thread.currentThread())));
        assertEquals(Set.of(Thread.currentThread()), ran);
        assertSame(KernelPool.callerOnly(), KernelPool.callerOnly());
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("tasks did not all run at once", e);
        }
    }

    private static void join(Thread t) {
        try {
            t.join(20_000);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertTrue(!t.isAlive(), "thread hung");
    }
}
