package dev.tauon.data;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ValidationSplitTest {

    @Test
    void theLastFractionInStoredOrderIsValidation() {
        RecordSet all = BatchLoaderTest.idRecords(50_000);
        ValidationSplit split = ValidationSplit.of(all, 0.1);
        assertEquals(45_000, split.train().size());
        assertEquals(5_000, split.validation().size());
        assertEquals(all.pixel(45_000, 0, 0, 0), split.validation().pixel(0, 0, 0, 0));
        assertEquals(all.pixel(44_999, 0, 0, 1), split.train().pixel(44_999, 0, 0, 1));
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
        assertThrows(IllegalArgumentException.class, () -> ValidationSplit.of(ten, 1e-17), "no validation records");
        assertThrows(IllegalArgumentException.class, () -> ValidationSplit.of(ten, 0.95), "no training records");
    }
}
