package dev.tauon.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DatasetSplitTest {

    /** {@code n} examples whose one feature is their index; labels 0 for the first 60%, then 1, 2 alternating. */
    private static ArrayDataset data(int n) {
        float[] f = new float[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            f[i] = i;
            labels[i] = i < n * 6 / 10 ? 0 : 1 + i % 2;
        }
        return ArrayDataset.withLabels(f, new int[] {1}, labels, 3);
    }

    private static int[] ids(Dataset d) {
        int[] ids = new int[d.size()];
        float[] one = new float[1];
        for (int i = 0; i < ids.length; i++) {
            d.readFeatures(i, one, 0);
            ids[i] = (int) one[0];
        }
        return ids;
    }

    private static void assertPartition(DatasetSplit s, int n) {
        Set<Integer> seen = new HashSet<>();
        for (int id : ids(s.train())) {
            assertTrue(seen.add(id));
        }
        for (int id : ids(s.test())) {
            assertTrue(seen.add(id), "example " + id + " in both parts");
        }
        assertEquals(n, seen.size());
    }

    @Test
    void lastHoldsOutTheTailLikeKeras() {
        DatasetSplit s = DatasetSplit.last(data(10), 0.25);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6}, ids(s.train()));
        assertArrayEquals(new int[] {7, 8, 9}, ids(s.test()));
        assertArrayEquals(new int[] {7, 8, 9}, s.testIndices());
        assertArrayEquals(ids(s.train()), s.trainIndices());
    }

    @Test
    void stratifiedKeepsEachClassShareAndRepeatsPerSeed() {
        ArrayDataset d = data(200);
        DatasetSplit s = DatasetSplit.stratified(d, 0.2, 7);
        assertPartition(s, 200);
        // classes of 120, 40 and 40 examples: 24, 8 and 8 held out
        assertArrayEquals(new int[] {24, 8, 8}, s.test().classCounts());
        assertArrayEquals(new int[] {96, 32, 32}, s.train().classCounts());
        assertArrayEquals(ids(s.test()), ids(DatasetSplit.stratified(d, 0.2, 7).test()));
        assertNotEquals(
                Arrays.toString(ids(s.test())),
                Arrays.toString(ids(DatasetSplit.stratified(d, 0.2, 8).test())));
        int[] test = ids(s.test());
        assertArrayEquals(test, s.testIndices(), "the indices of the examples in each part");
        assertArrayEquals(ids(s.train()), s.trainIndices());
        for (int i = 1; i < test.length; i++) {
            assertTrue(test[i] > test[i - 1], "stored order within a part");
        }
    }

    @Test
    void randomHoldsOutTheRoundedFraction() {
        DatasetSplit s = DatasetSplit.random(data(50), 0.3, 1);
        assertPartition(s, 50);
        assertEquals(15, s.test().size());
        float[] targets = new float[8];
        ArrayDataset regression = ArrayDataset.withTargets(new float[8], new int[] {1}, targets, 1);
        assertEquals(2, DatasetSplit.random(regression, 0.25, 1).test().size());
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> DatasetSplit.stratified(regression, 0.25, 1));
        assertTrue(e.getMessage().contains("float targets"), e.getMessage());
    }

    @Test
    void fractionsOutOfRangeOrEmptyPartsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> DatasetSplit.last(data(10), 0));
        assertThrows(IllegalArgumentException.class, () -> DatasetSplit.last(data(10), 1));
        IllegalArgumentException empty =
                assertThrows(IllegalArgumentException.class, () -> DatasetSplit.random(data(3), 0.1, 1));
        assertTrue(empty.getMessage().contains("3 examples cannot be split"), empty.getMessage());
    }
}
