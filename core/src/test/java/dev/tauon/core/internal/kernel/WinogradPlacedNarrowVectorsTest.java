package dev.tauon.core.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

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
        String log = ChildJvm.runWithVectorsOf(32, WinogradPlacedMain.class);
        assertTrue(log.contains("vector (256-bit"), log);
        assertTrue(log.contains(" placed=16 same"), log);
    }
}
