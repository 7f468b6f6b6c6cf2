package dev.tauon.core.internal.simd;

import dev.tauon.core.internal.kernel.WinogradOutputTiles;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link WinogradOutputTiles#transform} a vector of product columns (tiles) at a time: the sixteen
 * elements of a run of tiles are sixteen runs, one in each plane, and its four pixels four runs.
 * The same additions in the same order as the scalar loop, pixel by pixel, so the same bits; the
 * columns past the last whole vector go through that loop.
 */
final class VectorWinogradOutput {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final Class<? extends FloatVector> EXACT = ExactVectorClass.CLASS;
    private static final int LANES = S.length();

    private VectorWinogradOutput() {}

    static void transform(float[] m, int plane, int at, int count, float[] q, int stride) {
        int whole = count - count % LANES;
        for (int col = 0; col < whole; col += LANES) {
            int i = at + col;
            FloatVector m4 = load(m, i + 4 * plane);
            FloatVector m5 = load(m, i + 5 * plane);
            FloatVector m6 = load(m, i + 6 * plane);
            FloatVector m7 = load(m, i + 7 * plane);
            FloatVector m8 = load(m, i + 8 * plane);
            FloatVector m9 = load(m, i + 9 * plane);
            FloatVector m10 = load(m, i + 10 * plane);
            FloatVector m11 = load(m, i + 11 * plane);
            // The two rows of A^T M: a_j = m_j + m_(4+j) + m_(8+j), b_j = m_(4+j) - m_(8+j) - m_(12+j).
            FloatVector a0 = EXACT.cast(EXACT.cast(load(m, i).add(m4)).add(m8));
            FloatVector a1 = EXACT.cast(EXACT.cast(load(m, i + plane).add(m5)).add(m9));
            FloatVector a2 =
                    EXACT.cast(EXACT.cast(load(m, i + 2 * plane).add(m6)).add(m10));
            FloatVector a3 =
                    EXACT.cast(EXACT.cast(load(m, i + 3 * plane).add(m7)).add(m11));
            FloatVector b0 = EXACT.cast(EXACT.cast(m4.sub(m8)).sub(load(m, i + 12 * plane)));
            FloatVector b1 = EXACT.cast(EXACT.cast(m5.sub(m9)).sub(load(m, i + 13 * plane)));
            FloatVector b2 = EXACT.cast(EXACT.cast(m6.sub(m10)).sub(load(m, i + 14 * plane)));
            FloatVector b3 = EXACT.cast(EXACT.cast(m7.sub(m11)).sub(load(m, i + 15 * plane)));
            EXACT.cast(EXACT.cast(a0.add(a1)).add(a2)).intoArray(q, col);
            EXACT.cast(EXACT.cast(a1.sub(a2)).sub(a3)).intoArray(q, stride + col);
            EXACT.cast(EXACT.cast(b0.add(b1)).add(b2)).intoArray(q, 2 * stride + col);
            EXACT.cast(EXACT.cast(b1.sub(b2)).sub(b3)).intoArray(q, 3 * stride + col);
        }
        if (whole < count) {
            WinogradOutputTiles.transform(m, plane, at, whole, count, q, stride);
        }
    }

    private static FloatVector load(float[] m, int at) {
        return EXACT.cast(FloatVector.fromArray(S, m, at));
    }
}
