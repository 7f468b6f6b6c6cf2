package dev.tauon.core.kernel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.slf4j.LoggerFactory;

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
  private static volatile WorkerGang workers;

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
        LoggerFactory.getLogger(Parallel.class).warn(
            "Ignoring -Dtauon.threads={} (expected a positive integer); using {} threads", prop, processors);
        initial = processors;
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
    WorkerGang old = workers;
    // count - 1 workers: the caller always runs tasks too, so it never just sits waiting.
    workers = count > 1 ? new WorkerGang(count - 1, () -> INSIDE.get()[0] = true, "tauon-kernel-", THREAD_IDS) : null;
    threads = count;
    if (old != null) {
      old.close();
    }
  }

  /**
   * Runs {@code body.accept(t)} once for every task {@code t} in {@code [0, tasks)} and returns when
   * all are done. Tasks run concurrently in no particular order; an exception from any task is
   * rethrown here after all have finished.
   */
  public static void forEachTask(int tasks, IntConsumer body) {
    WorkerGang gang = workers;
    boolean[] inside = INSIDE.get();
    if (tasks > 1 && gang != null && !inside[0]) {
      inside[0] = true;
      try {
        if (gang.run(tasks, body)) {
          return;
        }
      } finally {
        inside[0] = false;
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
