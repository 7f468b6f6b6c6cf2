package dev.tauon.core.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelTest {

    @Test
    void runsEveryTaskExactlyOnce() {
        TestData.withThreads(2, () -> {
            AtomicIntegerArray runs = new AtomicIntegerArray(37);
            Parallel.forEachTask(37, t -> runs.incrementAndGet(t));
            for (int t = 0; t < 37; t++) {
                assertEquals(1, runs.get(t), "task " + t);
            }
        });
    }

    @Test
    void rangesCoverEverythingOnAlignedStarts() {
        TestData.withThreads(2, () -> {
            AtomicIntegerArray hits = new AtomicIntegerArray(101);
            Parallel.forRange(101, 8, (from, to) -> {
                assertEquals(0, from % 8, "chunk start " + from);
                for (int i = from; i < to; i++) {
                    hits.incrementAndGet(i);
                }
            });
            for (int i = 0; i < 101; i++) {
                assertEquals(1, hits.get(i), "index " + i);
            }
        });
    }

    @Test
    void smallWorkStaysOnTheCallingThread() {
        TestData.withThreads(2, () -> {
            Thread caller = Thread.currentThread();
            Parallel.forRange(1000, 1, Parallel.MIN_PARALLEL_WORK - 1, (from, to) -> {
                assertSame(caller, Thread.currentThread());
                assertEquals(0, from);
                assertEquals(1000, to);
            });
        });
    }

    @Test
    void nestedCallsRunInlineAndDoNotDeadlock() {
        TestData.withThreads(2, () -> {
            AtomicIntegerArray runs = new AtomicIntegerArray(16);
            Parallel.forEachTask(4, outer -> Parallel.forEachTask(4, inner -> runs.incrementAndGet(outer * 4 + inner)));
            for (int i = 0; i < 16; i++) {
                assertEquals(1, runs.get(i));
            }
        });
    }

    @Test
    void taskExceptionReachesTheCaller() {
        TestData.withThreads(2, () -> {
            IllegalStateException e = assertThrows(
                    IllegalStateException.class,
                    () -> Parallel.forEachTask(8, t -> {
                        if (t == 5) {
                            throw new IllegalStateException("task five");
                        }
                    }));
            assertEquals("task five", e.getMessage());
        });
    }

    @Test
    void concurrentCallersEachGetAllTheirTasksRun() {
        TestData.withThreads(2, () -> {
            AtomicIntegerArray[] hits = {new AtomicIntegerArray(200 * 8), new AtomicIntegerArray(200 * 8)};
            Thread[] callers = new Thread[2];
            for (int c = 0; c < 2; c++) {
                AtomicIntegerArray mine = hits[c];
                callers[c] = new Thread(() -> {
                    for (int round = 0; round < 200; round++) {
                        int base = round * 8;
                        Parallel.forEachTask(8, t -> mine.incrementAndGet(base + t));
                    }
                });
                callers[c].start();
            }
            for (Thread t : callers) {
                try {
                    t.join(10_000);
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                assertTrue(!t.isAlive(), "caller thread hung");
            }
            for (AtomicIntegerArray h : hits) {
                for (int i = 0; i < h.length(); i++) {
                    assertEquals(1, h.get(i), "task " + i);
                }
            }
        });
    }

    @Test
    void threadCountIsValidated() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Parallel.setThreads(0));
        assertTrue(e.getMessage().contains("Parallel.setThreads"), e.getMessage());
        TestData.withThreads(3, () -> assertEquals(3, Parallel.threads()));
    }
}
