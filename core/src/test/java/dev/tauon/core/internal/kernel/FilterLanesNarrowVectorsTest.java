package dev.tauon.core.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Assumptions;
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
        Assumptions.assumeTrue(
                ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "needs a JVM started with --add-modules jdk.incubator.vector");
        String log = ChildJvm.run(
                FilterLanesNarrowMain.class, List.of("--add-modules", "jdk.incubator.vector", "-XX:MaxVectorSize=32"));
        assertTrue(log.contains("TwoVectorFilterLanes filters=16 same"), log);
    }
}
