package dev.tauon.core.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The tap-by-tap input gradient's tile of 8-lane vectors (AVX2's, {@code TwoVectorTapTile}: 16
 * channels by six pixels) on any machine, in a JVM of its own with {@code -XX:MaxVectorSize=32}
 * (the width is fixed at start-up), against col2im's bits. The machine's own tiles are covered by
 * {@link TapByTapInputGradientTest}.
 */
class TapTileNarrowVectorsTest {

    @Test
    void eightLaneTileGivesCol2imsBits() throws Exception {
        String log = ChildJvm.runWithVectorsOf(32, TapTileNarrowMain.class);
        assertTrue(log.contains("TwoVectorTapTile channels=16 same"), log);
    }
}
