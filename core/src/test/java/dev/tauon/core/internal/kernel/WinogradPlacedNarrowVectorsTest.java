package dev.tauon.core.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The vector provider's one-pass Winograd output ({@link FloatOps#winogradOutputPlaced}) with 8-lane
 * vectors, as on AVX2, in a JVM of its own (the width is fixed at start-up): every shape of {@link
 * WinogradOutputTilesTest.Placed} fills whole 8-lane vectors, so all sixteen cases take the one pass
 * and must give the three steps' bits. The machine's own width is covered by {@link
 * WinogradOutputTilesTest}.
 */
class WinogradPlacedNarrowVectorsTest {

    @Test
    void eightLanesPlaceEveryShapeWithTheStepsBits() throws Exception {
        Assumptions.assumeTrue(
                ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "needs a JVM started with --add-modules jdk.incubator.vector");
        String log = ChildJvm.run(
                WinogradPlacedMain.class, List.of("--add-modules", "jdk.incubator.vector", "-XX:MaxVectorSize=32"));
        assertTrue(log.contains("vector (256-bit"), log);
        assertTrue(log.contains(" placed=16 same"), log);
    }
}
