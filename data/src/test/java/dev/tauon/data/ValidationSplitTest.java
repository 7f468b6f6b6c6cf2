package dev.tauon.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ValidationSplitTest {

    @Test
    void theLastFractionInStoredOrderIsValidation() {
        RecordSet all = BatchLoaderTest.idRecords(50_000);
        ValidationSplit split = ValidationSplit.of(all, 0.1);
        assertEquals(45_000, split.train().size());
        assertEquals(5_000, split.validation().size());
        // idRecords stores each record's number in its first two pixels
        assertEquals(45_000, id(split.validation(), 0));
        assertEquals(44_999, id(split.train(), 44_999));
        assertEquals(49_999, id(split.validation(), 4_999));
        assertEquals(all.label(49_999), split.validation().label(4_999));
    }

    @Test
    void trainingPartIsTheFloorLikeKeras() {
        ValidationSplit split = ValidationSplit.of(BatchLoaderTest.idRecords(10), 0.25);
        assertEquals(7, split.train().size());
        assertEquals(3, split.validation().size());
        ValidationSplit third = ValidationSplit.of(BatchLoaderTest.idRecords(100), 1 / 3.0);
        assertEquals(66, third.train().size());
        assertEquals(34, third.validation().size());
    }

    @Test
    void rejectsFractionsOutsideTheOpenIntervalAndEmptyParts() {
        RecordSet ten = BatchLoaderTest.idRecords(10);
        assertThrows(IllegalArgumentException.class, () -> ValidationSplit.of(ten, 0));
        assertThrows(IllegalArgumentException.class, () -> ValidationSplit.of(ten, 1));
        assertThrows(IllegalArgumentException.class, () -> ValidationSplit.of(ten, Double.NaN));
        for (double fraction : new double[] {1e-17, 0.95}) { // no validation records; no training records
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> ValidationSplit.of(ten, fraction));
            assertTrue(
                    e.getMessage()
                            .contains("10 records cannot be split into non-empty training and validation"
                                    + " parts with fraction " + fraction),
                    e.getMessage());
        }
    }

    private static int id(RecordSet records, int i) {
        return records.pixel(i, 0, 0, 0) + 256 * records.pixel(i, 0, 0, 1);
    }
}
