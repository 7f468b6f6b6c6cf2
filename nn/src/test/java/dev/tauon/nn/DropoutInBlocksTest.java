package dev.tauon.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.BatchSums;
import dev.tauon.core.Generator;
import dev.tauon.core.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Dropout inside {@code BatchSums.inBlocksOf}: each block of examples has its own mask stream, so
 * shares of a batch, each told where its first block sits, draw the whole batch's masks.
 */
class DropoutInBlocksTest {

    private static float[] mask(int rows, long firstBlock, Generator gen) {
        Tensor ones = Tensor.ones(rows, 5);
        return BatchSums.inBlocksOf(4, firstBlock, () -> Functional.dropout(ones, 0.5f, true, gen))
                .data();
    }

    @Test
    void sharesDrawTheWholeBatchsMasksForTheirBlocks() {
        float[] whole = mask(24, 0, new Generator(7));
        float[] parts = new float[whole.length];
        // three shares of 8 rows (2 blocks each), each from the same generator state as the whole batch
        for (int p = 0; p < 3; p++) {
            float[] share = mask(8, 2L * p, new Generator(7));
            System.arraycopy(share, 0, parts, p * 8 * 5, share.length);
        }
        assertArrayEquals(whole, parts);
        // and each block's mask differs from its neighbour's (distinct streams), and from unblocked dropout
        assertFalse(Arrays.equals(Arrays.copyOfRange(whole, 0, 20), Arrays.copyOfRange(whole, 20, 40)));
        float[] plain = Functional.dropout(Tensor.ones(24, 5), 0.5f, true, new Generator(7))
                .data();
        assertFalse(Arrays.equals(plain, whole));
        long zeros = 0;
        for (float v : whole) {
            assertTrue(v == 0f || v == 2f, "kept values are scaled by 1 / (1 - rate): " + v);
            zeros += v == 0f ? 1 : 0;
        }
        assertTrue(zeros > 30 && zeros < 90, zeros + " of 120 dropped at rate 0.5");
    }

    @Test
    void aCallDrawsOneNumberFromItsGeneratorWhateverTheBatch() {
        Generator small = new Generator(3);
        Generator large = new Generator(3);
        mask(4, 0, small);
        mask(64, 5, large);
        assertEquals(small.nextLong(), large.nextLong(), "both generators moved on by the same one draw");
    }
}
