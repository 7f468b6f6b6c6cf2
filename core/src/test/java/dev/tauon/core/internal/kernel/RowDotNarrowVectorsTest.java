package dev.tauon.core.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The vector provider's row-dot weight gradient with the vector widths of other CPUs (8 lanes as on
 * AVX2, 4 as on 128-bit SIMD), each in a JVM of its own (the width is fixed at start-up), giving the
 * plain provider's bits; the AVX-512 width is covered by {@link RowDotWeightGradientTest}.
 */
class RowDotNarrowVectorsTest {

    @ParameterizedTest(name = "MaxVectorSize={0}")
    @ValueSource(ints = {32, 16})
    void givesThePlainKernelsBits(int bytes) throws Exception {
        String log = ChildJvm.runWithVectorsOf(bytes, RowDotMain.class);
        assertTrue(log.contains("vector shapes=" + RowDotMain.SHAPES.length + " same"), log);
    }
}
