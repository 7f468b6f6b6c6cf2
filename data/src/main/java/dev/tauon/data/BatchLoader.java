package dev.tauon.data;

import dev.tauon.core.EpochSource;
import dev.tauon.core.Generator;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Batches from a {@link Dataset}: features as a float tensor with the batch first (images NCHW,
 * pixel bytes scaled to [0, 1]), optionally normalised and (images) augmented, and labels as class
 * indices with, on request, one-hot targets, or float targets.
 *
 * <p>Each {@link #iterator()} call is one epoch: with {@link Builder#shuffle shuffle} the examples
 * come in a new order each epoch, every example exactly once; the orders and augmentations of
 * epoch {@code e} depend only on the seed and {@code e}, so a run repeats exactly, and a resumed
 * run can continue with {@link #setNextEpoch}. Batches are prepared on a background thread
 * {@code prefetch} batches ahead into reused buffers; see {@link EpochIterator} for how long a
 * batch stays valid.
 *
 * <pre>{@code
 * try (BatchLoader train = BatchLoader.builder(dataset).batchSize(128).shuffle(true).seed(42)
 *         .normalization(Normalization.compute(dataset)).augmentation(Augmentation.flipAndCrop(4)).build()) {
 *     for (int epoch = 0; epoch < 10; epoch++) {
 *         for (Batch batch : train) { ... }
 *     }
 * }
 * }</pre>
 *
 * <p>Starting a new epoch closes the previous epoch's iterator. Leaving a loop early leaves that
 * epoch's thread waiting for buffers until the next epoch starts or the loader is closed: use
 * try-with-resources on the loader (or close the {@link EpochIterator}).
 */
public final class BatchLoader implements EpochSource, AutoCloseable {
    /** Prefix of the background threads' names. */
    public static final String THREAD_NAME_PREFIX = "tauon-data-loader-";

    private static final AtomicInteger LOADERS = new AtomicInteger();

    private final Dataset dataset;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final boolean dropLast;
    private final int prefetch;
    private final BatchAssembler assembler;
    private final String threadName;
    private int nextEpoch;
    private EpochIterator active;
    private boolean closed;

    private BatchLoader(Builder b) {
        this.dataset = b.dataset;
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.seed = b.seed;
        this.dropLast = b.dropLast;
        this.prefetch = b.prefetch;
        this.assembler = new BatchAssembler(dataset, b.normalization, b.augmentation, b.oneHot, seed);
        this.threadName = THREAD_NAME_PREFIX + LOADERS.incrementAndGet();
    }

    /** A builder over {@code dataset}; defaults: batch 32, no shuffle, seed 0, keep last, no normalisation/augmentation, prefetch 2. */
    public static Builder builder(Dataset dataset) {
        return new Builder(dataset);
    }

    /**
     * Starts the next epoch. An unfinished iterator of the previous epoch is closed, and a loop
     * still reading it fails on its next {@code hasNext()} rather than ending early.
     */
    @Override
    public EpochIterator iterator() {
        if (closed) {
            throw new IllegalStateException("batch loader is closed");
        }
        if (active != null) {
            active.supersede();
        }
        int epoch = nextEpoch++;
        Generator g = new Generator(epochSeed(seed, epoch));
        int[] all = new int[dataset.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        if (shuffle) {
            g.shuffle(all);
        }
        // Drop-last leaves out the tail of this epoch's order, so which examples sit out changes each epoch.
        int[] order = Arrays.copyOf(all, (int) Math.min(all.length, (long) batchesPerEpoch() * batchSize));
        active = new EpochIterator(
                assembler, order, batchSize, batchesPerEpoch(), g, epoch, prefetch, threadName + "-epoch-" + epoch);
        return active;
    }

    /** Batches per epoch: {@code ceil(n / batchSize)}, or {@code floor} with drop-last. */
    @Override
    public int batchesPerEpoch() {
        int n = dataset.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** The number of samples per batch (the last one may be smaller unless incomplete batches are dropped). */
    public int batchSize() {
        return batchSize;
    }

    /** The dataset the batches come from. */
    public Dataset dataset() {
        return dataset;
    }

    /** The number the next {@link #iterator()} call's epoch gets (0 at first). */
    public int nextEpoch() {
        return nextEpoch;
    }

    /**
     * Makes the next {@link #iterator()} produce epoch {@code epoch}, exactly as an uninterrupted run
     * would. {@code Trainer.fit} calls it when it resumes from a checkpoint.
     */
    @Override
    public void setNextEpoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        nextEpoch = epoch;
    }

    /** Stops the current epoch's background thread, if any; the loader cannot be used afterwards. */
    @Override
    public void close() {
        closed = true;
        if (active != null) {
            active.close();
            active = null;
        }
    }

    /** Each epoch's own stream of random numbers, decorrelated from its neighbours' (SplitMix64 finaliser). */
    static long epochSeed(long seed, int epoch) {
        return Generator.mix(seed + (epoch + 1L) * 0x9E3779B97F4A7C15L);
    }

    /** Options of a {@link BatchLoader}. */
    public static final class Builder {
        private final Dataset dataset;
        private int batchSize = 32;
        private boolean shuffle;
        private long seed;
        private boolean dropLast;
        private boolean oneHot;
        private int prefetch = 2;
        private Normalization normalization = Normalization.none();
        private Augmentation augmentation = Augmentation.NONE;

        private Builder(Dataset dataset) {
            this.dataset = Objects.requireNonNull(dataset, "dataset");
        }

        /** Sets the number of samples per batch; must be positive. */
        public Builder batchSize(int batchSize) {
            if (batchSize <= 0) {
                throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /** Reorder the examples randomly each epoch. */
        public Builder shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /** Seed of the shuffles and augmentations. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Leave out the last batch of an epoch if it would be smaller than the batch size. */
        public Builder dropLast(boolean dropLast) {
            this.dropLast = dropLast;
            return this;
        }

        /** Also fill {@code Batch.targets()} with one-hot rows {@code [N, numClasses]} (class labels only). */
        public Builder oneHot(boolean oneHot) {
            this.oneHot = oneHot;
            return this;
        }

        /** Sets the per-channel normalisation applied to every batch (none by default). */
        public Builder normalization(Normalization normalization) {
            this.normalization = Objects.requireNonNull(normalization, "normalization");
            return this;
        }

        /** Training-time augmentation of images; leave it off for validation and test loaders. */
        public Builder augmentation(Augmentation augmentation) {
            this.augmentation = Objects.requireNonNull(augmentation, "augmentation");
            return this;
        }

        /** Batches prepared ahead on a background thread; 0 prepares each on the caller's thread when asked. */
        public Builder prefetch(int prefetch) {
            if (prefetch < 0 || prefetch > 64) {
                throw new IllegalArgumentException("prefetch must be in 0..64, got " + prefetch);
            }
            this.prefetch = prefetch;
            return this;
        }

        /**
         * @throws IllegalArgumentException if the normalisation's channels, the augmentation or
         *                                  one-hot rows do not fit the dataset
         */
        public BatchLoader build() {
            return new BatchLoader(this);
        }
    }
}
