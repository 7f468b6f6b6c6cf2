package dev.tauon.data;

import dev.tauon.core.Batch;
import dev.tauon.core.Generator;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One epoch of batches from a {@link BatchLoader}, prepared ahead on a background thread (or, with
 * prefetch 0, on the caller's thread when asked).
 *
 * <p><b>Buffer contract.</b> The arrays of a batch are reused: a batch returned by {@link #next()}
 * stays valid until the second call to {@code next()} after it; that is, while you work on batch
 * {@code k} the previous batch {@code k-1} is still intact, and the call that returns {@code k+1}
 * releases {@code k-1}. Copy a batch ({@code Tensor.copy()}, {@code labels().clone()}) to keep it
 * longer. The last, smaller batch of an epoch (without drop-last) has arrays of its own.
 *
 * <p>Closing stops the background thread and waits for it to end; exhausting the epoch does too.
 * Errors on the background thread are rethrown by {@code next()} as {@link DataLoaderException}.
 * Not thread-safe: one consumer thread.
 */
public final class EpochIterator implements Iterator<Batch>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EpochIterator.class);
    /** Buffers the consumer may hold at once under the contract: the current and the previous batch. */
    private static final int HELD = 2;

    private final BatchAssembler assembler;
    private final int[] order;
    private final int batchSize;
    private final int numBatches;
    private final Generator generator;
    private final int epoch;
    private final int ringSize;

    private final ArrayDeque<BatchBuffer> held = new ArrayDeque<>(HELD);
    private final BlockingQueue<BatchBuffer> free;
    private final BlockingQueue<Object> ready = new LinkedBlockingQueue<>();
    private final Thread worker;
    private int allocated;
    private int delivered;
    private volatile boolean closed;
    private volatile boolean superseded;

    EpochIterator(
            BatchAssembler assembler,
            int[] order,
            int batchSize,
            int numBatches,
            Generator generator,
            int epoch,
            int prefetch,
            String threadName) {
        this.assembler = assembler;
        this.order = order;
        this.batchSize = batchSize;
        this.numBatches = numBatches;
        this.generator = generator;
        this.epoch = epoch;
        this.ringSize = HELD + prefetch;
        this.free = new ArrayBlockingQueue<>(ringSize);
        if (prefetch > 0 && numBatches > 0) {
            worker = new Thread(this::produceAll, threadName);
            worker.setDaemon(true);
            worker.start();
        } else {
            worker = null;
        }
    }

    /** The epoch number (0 for the loader's first). */
    public int epoch() {
        return epoch;
    }

    /** Batches in this epoch. */
    public int size() {
        return numBatches;
    }

    @Override
    public boolean hasNext() {
        // closed first: supersede() writes superseded before closed, so a reader that sees closed sees it too
        if (closed && superseded && delivered < numBatches) {
            throw new IllegalStateException("epoch " + epoch + ": ended after " + delivered + " of " + numBatches
                    + " batches because the loader started another epoch (a second iterator() call)");
        }
        return !closed && delivered < numBatches;
    }

    @Override
    public Batch next() {
        if (closed) {
            throw new IllegalStateException("epoch " + epoch + ": iterator closed");
        }
        if (delivered >= numBatches) {
            throw new NoSuchElementException("epoch " + epoch + ": all " + numBatches + " batches delivered");
        }
        if (held.size() == HELD) {
            BatchBuffer released = held.removeFirst();
            if (released.capacity == batchSize) {
                free.add(released);
            }
        }
        BatchBuffer next = worker == null ? produce(delivered) : awaitNext();
        held.addLast(next);
        delivered++;
        if (delivered == numBatches) {
            stopWorker();
        }
        return next.batch;
    }

    /**
     * Closes this epoch because its loader started the next one: unlike {@link #close()} by its
     * owner, a loop still reading it then fails instead of ending early as if the epoch were done.
     */
    void supersede() {
        if (!closed) {
            superseded = true;
            close();
        }
    }

    /** Stops the background thread, if any, and waits for it; further {@code next()} calls fail. */
    @Override
    public void close() {
        closed = true;
        stopWorker();
    }

    private BatchBuffer awaitNext() {
        Object item;
        try {
            item = ready.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new DataLoaderException("epoch " + epoch + ": interrupted while waiting for batch " + delivered, e);
        }
        if (item instanceof Throwable failure) {
            close();
            throw new DataLoaderException(
                    "epoch " + epoch + ": preparing batch " + delivered + " failed: " + failure, failure);
        }
        return (BatchBuffer) item;
    }

    private void produceAll() {
        try {
            for (int b = 0; b < numBatches && !closed; b++) {
                ready.put(produce(b));
            }
        } catch (InterruptedException | WorkerInterrupted e) {
            // close() interrupts a worker waiting for a free buffer: nothing left to do.
        } catch (Throwable t) {
            ready.add(t);
        }
    }

    /** Fills batch {@code b}; blocks (background mode) until a buffer is free. */
    private BatchBuffer produce(int b) {
        int start = b * batchSize;
        int count = Math.min(batchSize, order.length - start);
        BatchBuffer buffer;
        if (count < batchSize) {
            buffer = assembler.newBuffer(count);
        } else if (allocated < ringSize) {
            allocated++;
            buffer = assembler.newBuffer(batchSize);
        } else {
            buffer = takeFree();
        }
        assembler.fill(buffer, order, start, generator, epoch);
        return buffer;
    }

    private BatchBuffer takeFree() {
        if (worker == null) {
            // On the caller's thread the ring only ever holds what the contract lets it reuse.
            return free.remove();
        }
        try {
            return free.take();
        } catch (InterruptedException e) {
            throw new WorkerInterrupted(e);
        }
    }

    private void stopWorker() {
        if (worker == null || worker == Thread.currentThread()) {
            return;
        }
        worker.interrupt();
        boolean interrupted = false;
        while (worker.isAlive()) {
            try {
                worker.join(TimeUnit.SECONDS.toMillis(10));
                if (worker.isAlive()) {
                    LOG.warn("data loader thread {} has not stopped after 10 s; still waiting", worker.getName());
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Carries an interrupt out of {@link #produce} without a checked exception in its signature. */
    private static final class WorkerInterrupted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        WorkerInterrupted(InterruptedException cause) {
            super(cause);
        }
    }
}
