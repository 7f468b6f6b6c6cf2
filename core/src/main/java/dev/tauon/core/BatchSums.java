package dev.tauon.core;

import dev.tauon.core.internal.kernel.Broadcast;
import dev.tauon.core.internal.kernel.TreeSum;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * The order in which gradients are summed over a batch's examples, for training split over
 * machines that must give the bits of one process.
 *
 * <p>By default each kernel sums over the batch in one order chosen from the whole batch's shape
 * (fast, and the same for any thread count). Inside {@link #inBlocksOf(int, Supplier)} every
 * gradient that sums over the batch axis (a Dense layer's weight and bias, a convolution's weight
 * and bias, any broadcast operand's gradient summed over axis 0) is instead computed as one
 * partial sum per block of {@code examples} consecutive examples, and the partials are added by
 * the fixed tree of {@link #treeSum}. A machine holding {@code 2^j} whole blocks of the batch can
 * then compute its share's sum, and the tree sum of the machines' sums, in machine order, is
 * bitwise the one-process sum. Dropout, inside the scope, draws each block's mask from its own
 * stream (one draw of its generator per call, mixed with the block's index in the whole batch), so
 * a share's masks are the whole batch's for those blocks. The setting is per thread and scopes nest
 * (the innermost wins).
 */
public final class BatchSums {
    /** Per thread: the examples per block (0: off) and the index of this batch's first block. */
    private static final ThreadLocal<long[]> BLOCK = ThreadLocal.withInitial(() -> new long[2]);

    private BatchSums() {}

    /** Runs {@code body} with batch sums taken in blocks of {@code examples} (a power of two) on this thread. */
    public static <T> T inBlocksOf(int examples, Supplier<T> body) {
        return inBlocksOf(examples, 0, body);
    }

    /**
     * {@link #inBlocksOf(int, Supplier)} for a share of a larger batch whose first example starts
     * block {@code firstBlock} of that batch: random layers that draw per block (Dropout) then draw
     * for this share what the whole batch draws for those blocks.
     */
    public static <T> T inBlocksOf(int examples, long firstBlock, Supplier<T> body) {
        if (examples < 1 || Integer.bitCount(examples) != 1) {
            throw new IllegalArgumentException("BatchSums: examples per block must be a power of two, got " + examples);
        }
        if (firstBlock < 0) {
            throw new IllegalArgumentException("BatchSums: the first block must be >= 0, got " + firstBlock);
        }
        long[] block = BLOCK.get();
        long outerSize = block[0];
        long outerFirst = block[1];
        block[0] = examples;
        block[1] = firstBlock;
        try {
            return body.get();
        } finally {
            block[0] = outerSize;
            block[1] = outerFirst;
        }
    }

    /** Runs {@code body} with batch sums taken in blocks of {@code examples} (a power of two) on this thread. */
    public static void inBlocksOf(int examples, Runnable body) {
        inBlocksOf(examples, () -> {
            body.run();
            return null;
        });
    }

    /** The examples per block on this thread, or 0 outside {@link #inBlocksOf}: the kernels' own order. */
    public static int blockSize() {
        return (int) BLOCK.get()[0];
    }

    /** The index, in the whole batch, of this thread's first block (0 unless a share's scope says otherwise). */
    public static long firstBlock() {
        return BLOCK.get()[1];
    }

    /**
     * The element-wise sum of {@code parts} by the tree the blocked batch sums use: with each part
     * the sum of {@code 2^j} blocks (a machine's share), this is the sum of all those blocks in one
     * process. The parts must have one length; they are not modified.
     */
    public static float[] treeSum(List<float[]> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("BatchSums.treeSum: no arrays to sum");
        }
        TreeSum sum = new TreeSum(parts.get(0).length);
        for (int p = 0; p < parts.size(); p++) {
            float[] part = parts.get(p);
            if (part.length != parts.get(0).length) {
                throw new IllegalArgumentException("BatchSums.treeSum: array " + p + " has " + part.length
                        + " values, array 0 has " + parts.get(0).length);
            }
            sum.add(part.clone());
        }
        return sum.result();
    }

    /** Whether a sum over {@code n} examples is split into blocks on this thread. */
    static boolean splits(int n) {
        int block = blockSize();
        return block > 0 && n > block;
    }

    /**
     * {@link Broadcast#sumTo}, in blocks of examples when this thread asks for them and the sum runs
     * over axis 0 (a bias's gradient summed over the batch).
     */
    static float[] sumTo(float[] g, int[] gShape, int[] target) {
        boolean overFirstAxis = gShape.length > 0 && (target.length < gShape.length || target[0] == 1);
        if (!overFirstAxis || !splits(gShape[0])) {
            return Broadcast.sumTo(g, gShape, target);
        }
        int row = g.length / gShape[0];
        return overBlocks(gShape[0], Shapes.size(target), (first, count) -> {
            int[] leafShape = gShape.clone();
            leafShape[0] = count;
            return Broadcast.sumTo(Arrays.copyOfRange(g, first * row, (first + count) * row), leafShape, target);
        });
    }

    /** One block's part of a sum over the batch: the partial sum over examples {@code first ... first + count - 1}. */
    @FunctionalInterface
    interface BlockTerm {
        float[] sum(int first, int count);
    }

    /**
     * The sum over {@code n} examples as this thread's blocks' partial sums ({@code length} floats
     * each, from {@code term}) added by the fixed tree.
     */
    static float[] overBlocks(int n, int length, BlockTerm term) {
        int block = blockSize();
        TreeSum sum = new TreeSum(length);
        for (int first = 0; first < n; first += block) {
            sum.add(term.sum(first, Math.min(block, n - first)));
        }
        return sum.result();
    }
}
