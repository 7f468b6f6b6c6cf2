package dev.tauon.core.kernel;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * The kernels' own pool of daemon threads.
 *
 * <p>Determinism contract: callers split work into tasks that each own a disjoint set of output
 * elements and compute them in a fixed order, so which thread runs which task never changes a
 * result. That is what makes 1-thread and N-thread results bitwise identical.
 *
 * <p>The size defaults to the number of available processors, can be set with the system property
 * {@code tauon.threads}, and changed at run time with {@link #setThreads(int)}.
 */
public final class Parallel {

  /** Set for pool workers and for a caller while it runs tasks: nested parallel calls run inline. */
  private static final ThreadLocal<boolean[]> INSIDE = ThreadLocal.withInitial(() -> new boolean[1]);

  private static final AtomicInteger THREAD_IDS = new AtomicInteger();

  private static volatile int threads;
  private static volatile ThreadPoolExecutor workers;

  static {
    int initial = Runtime.getRuntime().availableProcessors();
    String prop = System.getProperty("tauon.threads");
    if (prop != null && !prop.isBlank()) {
      try {
        initial = Integer.parseInt(prop.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("tauon.threads must be a positive integer, was '" + prop + "'", e);
      }
    }
    setThreads(initial);
  }

  private Parallel() {}

  /** The number of threads kernels use, counting the calling thread. */
  public static int threads() {
    return threads;
  }

  /**
   * Sets the number of threads kernels use (counting the calling thread); 1 runs everything on the
   * caller. Takes effect for kernel calls that start after it returns.
   */
  public static synchronized void setThreads(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("Parallel.setThreads: thread count must be >= 1, was " + count);
    }
    ThreadPoolExecutor old = workers;
    ThreadPoolExecutor fresh = null;
    if (count > 1) {
      // count - 1 workers: the caller always runs tasks too, so it never just sits waiting.
      fresh = new ThreadPoolExecutor(count - 1, count - 1, 0L, TimeUnit.MILLISECONDS,
          new LinkedBlockingQueue<>(), runnable -> {
            Thread t = new Thread(() -> {
              INSIDE.get()[0] = true;
              runnable.run();
            }, "tauon-kernel-" + THREAD_IDS.incrementAndGet());
            t.setDaemon(true);
            return t;
          });
    }
    workers = fresh;
    threads = count;
    if (old != null) {
      old.shutdown();
    }
  }

  /**
   * Runs {@code body.accept(t)} once for every task {@code t} in {@code [0, tasks)} and returns when
   * all are done. Tasks run concurrently in no particular order; an exception from any task is
   * rethrown here after all have finished.
   */
  public static void forEachTask(int tasks, IntConsumer body) {
    ThreadPoolExecutor pool = workers;
    boolean[] inside = INSIDE.get();
    if (tasks <= 1 || pool == null || inside[0]) {
      for (int t = 0; t < tasks; t++) {
        body.accept(t);
      }
      return;
    }
    int helpers = Math.min(tasks, threads) - 1;
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(helpers);
    Runnable drain = () -> {
      int t;
      while ((t = next.getAndIncrement()) < tasks && failure.get() == null) {
        try {
          body.accept(t);
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      }
    };
    for (int i = 0; i < helpers; i++) {
      pool.execute(() -> {
        try {
          drain.run();
        } finally {
          done.countDown();
        }
      });
    }
    inside[0] = true;
    try {
      drain.run();
    } finally {
      inside[0] = false;
    }
    boolean interrupted = false;
    while (true) {
      try {
        done.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true; // the helpers still write into the caller's arrays: wait for them
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
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
    int chunks = work < MIN_PARALLEL_WORK ? 1 : Math.max(1, Math.min(threads, units));
    if (chunks == 1) {
      if (n > 0) {
        body.run(0, n);
      }
      return;
    }
    forEachTask(chunks, c -> {
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
