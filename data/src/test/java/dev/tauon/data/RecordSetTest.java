package dev.tauon.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RecordSetTest {
    private static final RecordFormat F = new RecordFormat(2, 3, 4, 5);

    @Test
    void recordsAcrossBlocksIncludingEmptyOnes() {
        RecordSet set = RecordSet.of(
                F, TestData.records(F, 0, 3), new byte[0], TestData.records(F, 3, 1), TestData.records(F, 4, 2));
        assertEquals(6, set.size());
        for (int r = 0; r < 6; r++) {
            assertEquals(TestData.label(r, 5), set.label(r));
            for (int c = 0; c < 2; c++) {
                for (int y = 0; y < 3; y++) {
                    for (int x = 0; x < 4; x++) {
                        assertEquals(TestData.pixel(r, c, y, x), set.pixel(r, c, y, x));
                    }
                }
            }
        }
        assertEquals(6L * F.recordBytes(), set.retainedBytes());
    }

    @Test
    void subsetsAreViews() {
        RecordSet set = RecordSet.of(F, TestData.records(F, 0, 4), TestData.records(F, 4, 4));
        RecordSet mid = set.subset(2, 7).subset(1, 4);
        assertEquals(3, mid.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(TestData.pixel(3 + i, 1, 2, 3), mid.pixel(i, 1, 2, 3));
        }
        assertThrows(IndexOutOfBoundsException.class, () -> mid.label(3));
        assertThrows(IndexOutOfBoundsException.class, () -> set.subset(5, 9));
    }

    @Test
    void classCounts() {
        RecordSet set = RecordSet.of(F, TestData.records(F, 0, 10));
        // labels (3r mod 5): 0 3 1 4 2 0 3 1 4 2
        assertArrayEquals(new int[] {2, 2, 2, 2, 2}, set.classCounts());
    }

    @Test
    void rejectsPartialRecordsAndBadLabels() {
        IllegalArgumentException partial =
                assertThrows(IllegalArgumentException.class, () -> RecordSet.of(F, new byte[F.recordBytes() + 1]));
        assertTrue(
                partial.getMessage().contains("block 0: size 26 bytes is not a multiple of the 25-byte record"),
                partial.getMessage());
        byte[] block = TestData.records(F, 0, 3);
        block[2 * F.recordBytes()] = 5;
        IllegalArgumentException label =
                assertThrows(IllegalArgumentException.class, () -> RecordSet.of(F, TestData.records(F, 0, 1), block));
        assertTrue(
                label.getMessage().contains("block 1 at byte 50: record 2 has label 5, expected 0..4"),
                label.getMessage());
    }
}
