package dev.tauon.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Blocked batch sums: the gradient of a whole batch equals, bit for bit, the tree sum of the
 * gradients of shares holding whole runs of blocks, which is what lets training split over machines
 * give one process's bits.
 */
class BatchSumsTest {

    /** Values of very different sizes, so that the order of additions shows in the bits. */
    private static float[] spread(long seed, int n) {
        float[] v = Tensor.randn(seed, n).data();
        for (int i = 0; i < n; i++) {
            v[i] *= (float) Math.pow(10, (i * 7 + seed) % 9 - 4);
        }
        return v;
    }

    /** The rule written as a recursion: the largest power of two below the count on the left. */
    private static float[] recursive(List<float[]> leaves, int from, int to) {
        if (to - from == 1) {
            return leaves.get(from).clone();
        }
        int left = Integer.highestOneBit(to - from - 1);
        float[] a = recursive(leaves, from, from + left);
        float[] b = recursive(leaves, from + left, to);
        for (int i = 0; i < a.length; i++) {
            a[i] += b[i];
        }
        return a;
    }

    @Test
    void theTreeIsThePowerOfTwoSplitRuleForEveryCount() {
        for (int m = 1; m <= 17; m++) {
            List<float[]> leaves = new ArrayList<>();
            for (int i = 0; i < m; i++) {
                leaves.add(spread(100 + i, 33));
            }
            assertArrayEquals(recursive(leaves, 0, m), BatchSums.treeSum(leaves), "leaves " + m);
        }
    }

    @Test
    void alignedRunsOfLeavesAreSubtrees() {
        boolean orderShows = false;
        for (int parts : new int[] {2, 3, 5, 6}) {
            for (int perPart : new int[] {1, 2, 4}) {
                List<float[]> leaves = new ArrayList<>();
                for (int i = 0; i < parts * perPart; i++) {
                    leaves.add(spread(7 * i + parts, 64));
                }
                List<float[]> partSums = new ArrayList<>();
                for (int p = 0; p < parts; p++) {
                    partSums.add(BatchSums.treeSum(leaves.subList(p * perPart, (p + 1) * perPart)));
                }
                float[] whole = BatchSums.treeSum(leaves);
                assertArrayEquals(whole, BatchSums.treeSum(partSums), parts + " parts of " + perPart + " leaves");
                float[] leftFold = leaves.get(0).clone();
                for (float[] leaf : leaves.subList(1, leaves.size())) {
                    for (int i = 0; i < leftFold.length; i++) {
                        leftFold[i] += leaf[i];
                    }
                }
                orderShows |= !Arrays.equals(whole, leftFold);
            }
        }
        assertTrue(orderShows, "the data must make the summation order visible, or the test proves nothing");
    }

    @Test
    void treeSumLeavesItsInputsAloneAndNamesBadLengths() {
        float[] a = {1, 2};
        float[] b = {3, 4};
        assertArrayEquals(new float[] {4, 6}, BatchSums.treeSum(List.of(a, b)));
        assertArrayEquals(new float[] {1, 2}, a);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> BatchSums.treeSum(List.of(a, new float[3])));
        assertTrue(e.getMessage().contains("array 1 has 3 values, array 0 has 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BatchSums.treeSum(List.of()));
    }

    /** Gradients of {@code x @ w + b} and of a convolution, for a batch given by its rows. */
    private record Grads(float[] w, float[] b) {}

    private static Grads dense(float[] x, int rows, float[] upstream) {
        Tensor w = Tensor.of(spread(1, 12 * 5), 12, 5).requiresGrad(true);
        Tensor b = Tensor.of(spread(2, 5), 5).requiresGrad(true);
        Tensor.of(x, rows, 12).matmul(w).add(b).backward(Tensor.of(upstream, rows, 5));
        return new Grads(w.grad().data(), b.grad().data());
    }

    private static Grads conv(float[] x, int images, float[] upstream) {
        Tensor w = Tensor.of(spread(3, 4 * 3 * 3 * 3), 4, 3, 3, 3).requiresGrad(true);
        Tensor b = Tensor.of(spread(4, 4), 4).requiresGrad(true);
        Tensor.of(x, images, 3, 6, 6).conv2d(w, b, 1, 1).backward(Tensor.of(upstream, images, 4, 6, 6));
        return new Grads(w.grad().data(), b.grad().data());
    }

    private interface Pass {
        Grads run(float[] x, int examples, float[] upstream);
    }

    /**
     * The whole batch in blocks of {@code block}, against {@code parts} shares of {@code share}
     * examples each run in blocks too and tree-summed: the same bits.
     */
    private static void sharesSumToTheWholeBatch(Pass pass, int in, int out, int parts, int share, int block) {
        int n = parts * share;
        float[] x = spread(11, n * in);
        float[] upstream = spread(12, n * out);
        Grads whole = BatchSums.inBlocksOf(block, () -> pass.run(x, n, upstream));
        List<float[]> w = new ArrayList<>();
        List<float[]> b = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            int from = p * share;
            Grads g = BatchSums.inBlocksOf(
                    block,
                    () -> pass.run(
                            Arrays.copyOfRange(x, from * in, (from + share) * in),
                            share,
                            Arrays.copyOfRange(upstream, from * out, (from + share) * out)));
            w.add(g.w());
            b.add(g.b());
        }
        assertArrayEquals(whole.w(), BatchSums.treeSum(w), "weight gradient, " + parts + " shares of " + share);
        assertArrayEquals(whole.b(), BatchSums.treeSum(b), "bias gradient, " + parts + " shares of " + share);
        // and the default order, from the whole batch's shape, is a different order for this data
        Grads unblocked = pass.run(x, n, upstream);
        assertFalse(
                Arrays.equals(unblocked.w(), whole.w()) && Arrays.equals(unblocked.b(), whole.b()),
                "blocking changed no bit: the test cannot tell the orders apart");
    }

    @Test
    void denseGradientsOfSharesTreeSumToTheWholeBatch() {
        sharesSumToTheWholeBatch(BatchSumsTest::dense, 12, 5, 3, 8, 4);
        sharesSumToTheWholeBatch(BatchSumsTest::dense, 12, 5, 2, 16, 2);
        sharesSumToTheWholeBatch(BatchSumsTest::dense, 12, 5, 5, 4, 4);
    }

    @Test
    void convolutionGradientsOfSharesTreeSumToTheWholeBatch() {
        sharesSumToTheWholeBatch(BatchSumsTest::conv, 3 * 36, 4 * 36, 3, 4, 2);
        sharesSumToTheWholeBatch(BatchSumsTest::conv, 3 * 36, 4 * 36, 2, 8, 2);
    }

    @Test
    void aBatchNoLargerThanOneBlockIsNotSplit() {
        float[] x = spread(5, 4 * 12);
        float[] upstream = spread(6, 4 * 5);
        Grads plain = dense(x, 4, upstream);
        Grads blocked = BatchSums.inBlocksOf(4, () -> dense(x, 4, upstream));
        assertArrayEquals(plain.w(), blocked.w());
        assertArrayEquals(plain.b(), blocked.b());
    }

    @Test
    void theSettingIsPerThreadScopedAndChecked() throws InterruptedException {
        assertEquals(0, BatchSums.blockSize());
        AtomicInteger seenElsewhere = new AtomicInteger(-1);
        BatchSums.inBlocksOf(8, () -> {
            assertEquals(8, BatchSums.blockSize());
            BatchSums.inBlocksOf(2, () -> assertEquals(2, BatchSums.blockSize()));
            assertEquals(8, BatchSums.blockSize());
            Thread other = new Thread(() -> seenElsewhere.set(BatchSums.blockSize()));
            other.start();
            try {
                other.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        assertEquals(0, seenElsewhere.get());
        assertEquals(0, BatchSums.blockSize());
        assertThrows(
                RuntimeException.class,
                () -> BatchSums.inBlocksOf(4, () -> {
                    throw new IllegalStateException("inside");
                }));
        assertEquals(0, BatchSums.blockSize(), "an exception leaves the scope too");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> BatchSums.inBlocksOf(6, () -> {}));
        assertTrue(e.getMessage().contains("power of two, got 6"), e.getMessage());
    }
}
