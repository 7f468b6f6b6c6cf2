package dev.tauon.core.internal.simd;

import dev.tauon.core.internal.kernel.WinogradOutputTiles;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link WinogradOutputTiles#pixels} a vector of an output row at a time, where the rows are whole
 * vectors and come in pairs (outputs 16, 32, ... wide with 16 lanes, of even height): the even lanes
 * of a row are its tiles' left pixels, the odd lanes their right ones, each moved into the lower half
 * of a vector with zeros above and stored. The zeros land where the next vector's tiles go (stored
 * after it) or in the spare floats after the run ({@link
 * dev.tauon.core.internal.kernel.FloatOps#winogradTilePixels}). Other shapes go through the scalar
 * loop. A copy: the same floats either way.
 */
final class VectorTilePixels {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final Class<? extends FloatVector> EXACT = ExactVectorClass.CLASS;
    private static final int LANES = S.length();

    private VectorTilePixels() {}

    static void pick(float[] gradOut, int start, int outH, int outW, float[] q, int stride, int col0) {
        if (outW % LANES != 0 || outH % 2 != 0) {
            WinogradOutputTiles.pixels(gradOut, start, outH, outW, q, stride, col0);
            return;
        }
        int tilesW = outW / 2;
        for (int oy = 0; oy < outH; oy += 2) {
            int top = start + oy * outW;
            int bottom = top + outW;
            int col = col0 + (oy / 2) * tilesW;
            for (int ox = 0; ox < outW; ox += LANES, col += LANES / 2) {
                FloatVector a = EXACT.cast(FloatVector.fromArray(S, gradOut, top + ox));
                FloatVector b = EXACT.cast(FloatVector.fromArray(S, gradOut, bottom + ox));
                EXACT.cast(EXACT.cast(a.rearrange(EvenOddLanes.EVENS)).blend(0f, EvenOddLanes.UPPER))
                        .intoArray(q, col);
                EXACT.cast(EXACT.cast(a.rearrange(EvenOddLanes.ODDS)).blend(0f, EvenOddLanes.UPPER))
                        .intoArray(q, stride + col);
                EXACT.cast(EXACT.cast(b.rearrange(EvenOddLanes.EVENS)).blend(0f, EvenOddLanes.UPPER))
                        .intoArray(q, 2 * stride + col);
                EXACT.cast(EXACT.cast(b.rearrange(EvenOddLanes.ODDS)).blend(0f, EvenOddLanes.UPPER))
                        .intoArray(q, 3 * stride + col);
            }
        }
    }
}
