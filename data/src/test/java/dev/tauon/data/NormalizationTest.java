package dev.tauon.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tauon.core.Batch;
import org.junit.jupiter.api.Test;

class NormalizationTest {

    @Test
    void computesPopulationMeanAndStdPerChannel() {
        // Channel 0 holds 0, 255, 255, 255; channel 1 is constant 51.
        RecordFormat f = new RecordFormat(2, 1, 2, 10);
        byte[] block = {0, 0, (byte) 255, 51, 51, 1, (byte) 255, (byte) 255, 51, 51};
        Normalization n = Normalization.compute(RecordSet.of(f, block));
        assertArrayEquals(new float[] {0.75f, 0.2f}, n.mean());
        assertEquals((float) Math.sqrt(0.1875), n.std()[0]);
        assertEquals(1f, n.std()[1], "a constant channel is only centred");
    }

    @Test
    void theLoaderAppliesItExactly() {
        RecordSet set = RecordSet.of(Cifar10.FORMAT, TestData.records(Cifar10.FORMAT, 0, 6));
        float[] mean = {0.49f, 0.48f, 0.45f};
        float[] std = {0.25f, 0.24f, 0.26f};
        try (BatchLoader loader = BatchLoader.builder(set)
                .batchSize(6)
                .normalization(Normalization.of(mean, std))
                .build()) {
            Batch b = loader.iterator().next();
            for (int r = 0; r < 6; r++) {
                for (int c = 0; c < 3; c++) {
                    for (int y = 0; y < 32; y += 7) {
                        for (int x = 0; x < 32; x++) {
                            float expected = (TestData.pixel(r, c, y, x) / 255f - mean[c]) / std[c];
                            assertEquals(expected, b.inputs().get(r, c, y, x));
                        }
                    }
                }
            }
        }
    }

    @Test
    void noneIsPlainScaling() {
        Normalization none = Normalization.none();
        assertEquals(0f, none.apply(2, 0));
        assertEquals(1f, none.apply(0, 255));
        assertEquals(128 / 255f, none.apply(1, 128));
    }

    @Test
    void rejectsBadParameters() {
        assertThrows(IllegalArgumentException.class, () -> Normalization.of(new float[] {0.5f}, new float[] {0f}));
        assertThrows(IllegalArgumentException.class, () -> Normalization.of(new float[] {0.5f}, new float[] {1, 1}));
        assertThrows(IllegalArgumentException.class, () -> Normalization.of(new float[] {Float.NaN}, new float[] {1}));
        assertThrows(
                IllegalArgumentException.class, () -> Normalization.compute(RecordSet.of(Cifar10.FORMAT, new byte[0])));
    }
}
