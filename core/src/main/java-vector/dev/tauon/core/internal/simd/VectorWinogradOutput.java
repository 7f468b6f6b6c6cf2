package dev.tauon.core.internal.simd;

import dev.tauon.core.internal.kernel.WinogradOutputTiles;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link WinogradOutputTiles}' two transforms a vector of product columns (tiles) at a time: the
 * sixteen elements of a run of tiles are sixteen runs, one in each plane, and its four pixels four
 * runs. The same operations in the same order as the scalar loops, element by element, so the same
 * bits; the columns past the last whole vector go through those loops.
 */
final class VectorWinogradOutput {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final Class<? extends FloatVector> EXACT = ExactVectorClass.CLASS;
    private static final int LANES = S.length();

    // Lane l of a row of output pixels takes tile l / 2's pixel: the first or the second half of a
    // vector's tiles (LOW, HIGH), from the left pixels' vector in even lanes, the right's in odd ones.
    private static final VectorShuffle<Float> LOW = halves(0);
    private static final VectorShuffle<Float> HIGH = halves(LANES / 2);
    private static final VectorMask<Float> ODD = odd();

    private VectorWinogradOutput() {}

    /** Lane l takes lane {@code from + l / 2}. */
    private static VectorShuffle<Float> halves(int from) {
        int[] lanes = new int[LANES];
        for (int l = 0; l < LANES; l++) {
            lanes[l] = from + l / 2;
        }
        return VectorShuffle.fromArray(S, lanes, 0);
    }

    private static VectorMask<Float> odd() {
        boolean[] lanes = new boolean[LANES];
        for (int l = 0; l < LANES; l++) {
            lanes[l] = l % 2 == 1;
        }
        return VectorMask.fromArray(S, lanes, 0);
    }

    /**
     * {@link #transform} of a group's {@code count} product columns ({@code count / tiles} images of
     * {@code tiles} tiles), then bias and ReLU as {@code Conv2dKernels.addBiasAndRelu} applies them
     * ({@code max(p + bias, 0)}, each step only when asked), then {@link WinogradOutputTiles#place}
     * into each image's output plane ({@code out[outAt + image * imageStride ...]}): the same
     * operations in the same order as those three steps, so the same bits, with the four pixel
     * vectors of a vector's tiles going from registers to the output. A row segment of one vector's
     * pixels is the left and right pixels of half a vector's tiles interleaved by two lane moves and
     * a blend, one store; so only where an output row is a whole number of vectors wide (16, 32,
     * ... pixels with 16 lanes; 8, 16, ... with 8), of an even height, and an image's tiles fill
     * whole vectors; elsewhere it writes nothing
     * and returns false. The transform's lines are written out again here rather than shared: a
     * helper taking or returning vectors boxes them where C2 does not inline it.
     */
    static boolean transformAndPlace(
            float[] m,
            int plane,
            int at,
            int count,
            int tiles,
            int outH,
            int outW,
            boolean hasBias,
            float bias,
            boolean relu,
            float[] out,
            int outAt,
            int imageStride) {
        if (outW % LANES != 0 || outH % 2 != 0 || tiles % LANES != 0 || count % tiles != 0) {
            return false;
        }
        int tilesW = outW / 2;
        FloatVector biasV = FloatVector.broadcast(S, bias);
        FloatVector zero = FloatVector.zero(S);
        for (int col = 0; col < count; col += LANES) {
            int i = at + col;
            FloatVector m0 = EXACT.cast(FloatVector.fromArray(S, m, i));
            FloatVector m1 = EXACT.cast(FloatVector.fromArray(S, m, i + plane));
            FloatVector m2 = EXACT.cast(FloatVector.fromArray(S, m, i + 2 * plane));
            FloatVector m3 = EXACT.cast(FloatVector.fromArray(S, m, i + 3 * plane));
            FloatVector m4 = EXACT.cast(FloatVector.fromArray(S, m, i + 4 * plane));
            FloatVector m5 = EXACT.cast(FloatVector.fromArray(S, m, i + 5 * plane));
            FloatVector m6 = EXACT.cast(FloatVector.fromArray(S, m, i + 6 * plane));
            FloatVector m7 = EXACT.cast(FloatVector.fromArray(S, m, i + 7 * plane));
            FloatVector m8 = EXACT.cast(FloatVector.fromArray(S, m, i + 8 * plane));
            FloatVector m9 = EXACT.cast(FloatVector.fromArray(S, m, i + 9 * plane));
            FloatVector m10 = EXACT.cast(FloatVector.fromArray(S, m, i + 10 * plane));
            FloatVector m11 = EXACT.cast(FloatVector.fromArray(S, m, i + 11 * plane));
            FloatVector m12 = EXACT.cast(FloatVector.fromArray(S, m, i + 12 * plane));
            FloatVector m13 = EXACT.cast(FloatVector.fromArray(S, m, i + 13 * plane));
            FloatVector m14 = EXACT.cast(FloatVector.fromArray(S, m, i + 14 * plane));
            FloatVector m15 = EXACT.cast(FloatVector.fromArray(S, m, i + 15 * plane));
            FloatVector a0 = EXACT.cast(EXACT.cast(m0.add(m4)).add(m8));
            FloatVector a1 = EXACT.cast(EXACT.cast(m1.add(m5)).add(m9));
            FloatVector a2 = EXACT.cast(EXACT.cast(m2.add(m6)).add(m10));
            FloatVector a3 = EXACT.cast(EXACT.cast(m3.add(m7)).add(m11));
            FloatVector b0 = EXACT.cast(EXACT.cast(m4.sub(m8)).sub(m12));
            FloatVector b1 = EXACT.cast(EXACT.cast(m5.sub(m9)).sub(m13));
            FloatVector b2 = EXACT.cast(EXACT.cast(m6.sub(m10)).sub(m14));
            FloatVector b3 = EXACT.cast(EXACT.cast(m7.sub(m11)).sub(m15));
            FloatVector p0 = EXACT.cast(EXACT.cast(a0.add(a1)).add(a2));
            FloatVector p1 = EXACT.cast(EXACT.cast(a1.sub(a2)).sub(a3));
            FloatVector p2 = EXACT.cast(EXACT.cast(b0.add(b1)).add(b2));
            FloatVector p3 = EXACT.cast(EXACT.cast(b1.sub(b2)).sub(b3));
            if (hasBias) {
                p0 = EXACT.cast(p0.add(biasV));
                p1 = EXACT.cast(p1.add(biasV));
                p2 = EXACT.cast(p2.add(biasV));
                p3 = EXACT.cast(p3.add(biasV));
            }
            if (relu) {
                p0 = EXACT.cast(p0.max(zero));
                p1 = EXACT.cast(p1.max(zero));
                p2 = EXACT.cast(p2.max(zero));
                p3 = EXACT.cast(p3.max(zero));
            }
            int j = col % tiles;
            int image = outAt + col / tiles * imageStride;
            int first = image + 2 * (j / tilesW) * outW + 2 * (j % tilesW);
            int second = image + 2 * ((j + LANES / 2) / tilesW) * outW + 2 * ((j + LANES / 2) % tilesW);
            FloatVector top = EXACT.cast(p0.rearrange(LOW)).blend(EXACT.cast(p1.rearrange(LOW)), ODD);
            FloatVector bottom = EXACT.cast(p2.rearrange(LOW)).blend(EXACT.cast(p3.rearrange(LOW)), ODD);
            FloatVector nextTop = EXACT.cast(p0.rearrange(HIGH)).blend(EXACT.cast(p1.rearrange(HIGH)), ODD);
            FloatVector nextBottom = EXACT.cast(p2.rearrange(HIGH)).blend(EXACT.cast(p3.rearrange(HIGH)), ODD);
            EXACT.cast(top).intoArray(out, first);
            EXACT.cast(bottom).intoArray(out, first + outW);
            EXACT.cast(nextTop).intoArray(out, second);
            EXACT.cast(nextBottom).intoArray(out, second + outW);
        }
        return true;
    }

    /** {@link WinogradOutputTiles#transform}: {@code A^T M A}. */
    static void transform(float[] m, int plane, int at, int count, float[] q, int stride) {
        int whole = count - count % LANES;
        for (int col = 0; col < whole; col += LANES) {
            int i = at + col;
            FloatVector m0 = EXACT.cast(FloatVector.fromArray(S, m, i));
            FloatVector m1 = EXACT.cast(FloatVector.fromArray(S, m, i + plane));
            FloatVector m2 = EXACT.cast(FloatVector.fromArray(S, m, i + 2 * plane));
            FloatVector m3 = EXACT.cast(FloatVector.fromArray(S, m, i + 3 * plane));
            FloatVector m4 = EXACT.cast(FloatVector.fromArray(S, m, i + 4 * plane));
            FloatVector m5 = EXACT.cast(FloatVector.fromArray(S, m, i + 5 * plane));
            FloatVector m6 = EXACT.cast(FloatVector.fromArray(S, m, i + 6 * plane));
            FloatVector m7 = EXACT.cast(FloatVector.fromArray(S, m, i + 7 * plane));
            FloatVector m8 = EXACT.cast(FloatVector.fromArray(S, m, i + 8 * plane));
            FloatVector m9 = EXACT.cast(FloatVector.fromArray(S, m, i + 9 * plane));
            FloatVector m10 = EXACT.cast(FloatVector.fromArray(S, m, i + 10 * plane));
            FloatVector m11 = EXACT.cast(FloatVector.fromArray(S, m, i + 11 * plane));
            FloatVector m12 = EXACT.cast(FloatVector.fromArray(S, m, i + 12 * plane));
            FloatVector m13 = EXACT.cast(FloatVector.fromArray(S, m, i + 13 * plane));
            FloatVector m14 = EXACT.cast(FloatVector.fromArray(S, m, i + 14 * plane));
            FloatVector m15 = EXACT.cast(FloatVector.fromArray(S, m, i + 15 * plane));
            // The two rows of A^T M: a_j = m_j + m_(4+j) + m_(8+j), b_j = m_(4+j) - m_(8+j) - m_(12+j).
            FloatVector a0 = EXACT.cast(EXACT.cast(m0.add(m4)).add(m8));
            FloatVector a1 = EXACT.cast(EXACT.cast(m1.add(m5)).add(m9));
            FloatVector a2 = EXACT.cast(EXACT.cast(m2.add(m6)).add(m10));
            FloatVector a3 = EXACT.cast(EXACT.cast(m3.add(m7)).add(m11));
            FloatVector b0 = EXACT.cast(EXACT.cast(m4.sub(m8)).sub(m12));
            FloatVector b1 = EXACT.cast(EXACT.cast(m5.sub(m9)).sub(m13));
            FloatVector b2 = EXACT.cast(EXACT.cast(m6.sub(m10)).sub(m14));
            FloatVector b3 = EXACT.cast(EXACT.cast(m7.sub(m11)).sub(m15));
            EXACT.cast(EXACT.cast(a0.add(a1)).add(a2)).intoArray(q, col);
            EXACT.cast(EXACT.cast(a1.sub(a2)).sub(a3)).intoArray(q, stride + col);
            EXACT.cast(EXACT.cast(b0.add(b1)).add(b2)).intoArray(q, 2 * stride + col);
            EXACT.cast(EXACT.cast(b1.sub(b2)).sub(b3)).intoArray(q, 3 * stride + col);
        }
        if (whole < count) {
            WinogradOutputTiles.transform(m, plane, at, whole, count, q, stride);
        }
    }

    /** {@link WinogradOutputTiles#gradient}: {@code A dY A^T}, each row of {@code A dY} as {@code p, p + r, p - r, -r}. */
    static void gradient(float[] q, int stride, int count, float[] z, int plane, int at) {
        int whole = count - count % LANES;
        for (int col = 0; col < whole; col += LANES) {
            FloatVector g00 = EXACT.cast(FloatVector.fromArray(S, q, col));
            FloatVector g01 = EXACT.cast(FloatVector.fromArray(S, q, stride + col));
            FloatVector g10 = EXACT.cast(FloatVector.fromArray(S, q, 2 * stride + col));
            FloatVector g11 = EXACT.cast(FloatVector.fromArray(S, q, 3 * stride + col));
            int i = at + col;
            EXACT.cast(g00).intoArray(z, i);
            EXACT.cast(g00.add(g01)).intoArray(z, i + plane);
            EXACT.cast(g00.sub(g01)).intoArray(z, i + 2 * plane);
            EXACT.cast(g01.neg()).intoArray(z, i + 3 * plane);
            FloatVector p = EXACT.cast(g00.add(g10));
            FloatVector r = EXACT.cast(g01.add(g11));
            EXACT.cast(p).intoArray(z, i + 4 * plane);
            EXACT.cast(p.add(r)).intoArray(z, i + 5 * plane);
            EXACT.cast(p.sub(r)).intoArray(z, i + 6 * plane);
            EXACT.cast(r.neg()).intoArray(z, i + 7 * plane);
            p = EXACT.cast(g00.sub(g10));
            r = EXACT.cast(g01.sub(g11));
            EXACT.cast(p).intoArray(z, i + 8 * plane);
            EXACT.cast(p.add(r)).intoArray(z, i + 9 * plane);
            EXACT.cast(p.sub(r)).intoArray(z, i + 10 * plane);
            EXACT.cast(r.neg()).intoArray(z, i + 11 * plane);
            p = EXACT.cast(g10.neg());
            r = EXACT.cast(g11.neg());
            EXACT.cast(p).intoArray(z, i + 12 * plane);
            EXACT.cast(p.add(r)).intoArray(z, i + 13 * plane);
            EXACT.cast(p.sub(r)).intoArray(z, i + 14 * plane);
            EXACT.cast(r.neg()).intoArray(z, i + 15 * plane);
        }
        if (whole < count) {
            WinogradOutputTiles.gradient(q, stride, whole, count, z, plane, at);
        }
    }
}
