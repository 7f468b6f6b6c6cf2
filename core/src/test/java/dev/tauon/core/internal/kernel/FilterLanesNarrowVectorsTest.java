package dev.tauon.core.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The filter-lanes tile of 8-lane vectors (AVX2's, {@code TwoVectorFilterLanes}: 16 filters by six
 * pixels) on any machine, in a JVM of its own with {@code -XX:MaxVectorSize=32} (the width is fixed
 * at start-up): the forward pass against im2col and the weight gradient against the GEMM, bit for
 * bit. The machine's own tile is covered by {@link FilterLanesProductTest} and {@link
 * FilterLanesWeightGradientTest}.
 */
class FilterLanesNarrowVectorsTest {

    @Test
    void eightLaneTileGivesTheOtherPathsBits() throws Exception {
        String log = ChildJvm.runWithVectorsOf(32, FilterLanesNarrowMain.class);
        assertTrue(log.contains("TwoVectorFilterLanes filters=16 same"), log);
    }
}
