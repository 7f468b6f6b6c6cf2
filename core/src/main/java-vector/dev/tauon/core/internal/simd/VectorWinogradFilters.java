package dev.tauon.core.internal.simd;

import dev.tauon.core.internal.kernel.WinogradFilterTiles;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link WinogradFilterTiles}' two transforms a vector of filters at a time: each tap or
 * transformed element of a run of filters is a run in its plane. The same operations in the same
 * order as the scalar loops, element by element, so the same bits; the filters past the last whole
 * vector go through those loops. Vectors written out by name, as every kernel here (see {@link
 * EightRowTiles}).
 */
final class VectorWinogradFilters {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final Class<? extends FloatVector> EXACT = ExactVectorClass.CLASS;
    private static final int LANES = S.length();

    private VectorWinogradFilters() {}

    /**
     * {@link WinogradFilterTiles#transform}: {@code G g G^T}, a vector of input channels at a time.
     * Their taps are first copied into nine runs of a small array, a float at a time: gathers (a
     * vector load through an index map) failed to compile as intrinsics on JDK 17 in some runs.
     */
    static void transform(float[] w, boolean rotated, int o, int c, int oc0, int oc1, float[] u, int plane) {
        FloatVector half = EXACT.cast(FloatVector.broadcast(S, 0.5f));
        int whole = c - c % LANES;
        float[] taps = new float[9 * LANES];
        for (int oc = oc0; oc < oc1; oc++) {
            for (int ci = 0; ci < whole; ci += LANES) {
                if (rotated) {
                    for (int l = 0, first = (ci * o + oc) * 9 + 8; l < LANES; l++, first += 9 * o) {
                        for (int k = 0; k < 9; k++) {
                            taps[k * LANES + l] = w[first - k];
                        }
                    }
                } else {
                    for (int l = 0, first = (oc * c + ci) * 9; l < LANES; l++, first += 9) {
                        for (int k = 0; k < 9; k++) {
                            taps[k * LANES + l] = w[first + k];
                        }
                    }
                }
                int i = oc * c + ci;
                FloatVector t0 = EXACT.cast(FloatVector.fromArray(S, taps, 0));
                FloatVector t1 = EXACT.cast(FloatVector.fromArray(S, taps, LANES));
                FloatVector t2 = EXACT.cast(FloatVector.fromArray(S, taps, 2 * LANES));
                FloatVector t3 = EXACT.cast(FloatVector.fromArray(S, taps, 3 * LANES));
                FloatVector t4 = EXACT.cast(FloatVector.fromArray(S, taps, 4 * LANES));
                FloatVector t5 = EXACT.cast(FloatVector.fromArray(S, taps, 5 * LANES));
                FloatVector t6 = EXACT.cast(FloatVector.fromArray(S, taps, 6 * LANES));
                FloatVector t7 = EXACT.cast(FloatVector.fromArray(S, taps, 7 * LANES));
                FloatVector t8 = EXACT.cast(FloatVector.fromArray(S, taps, 8 * LANES));
                // Row 0 of G g: (t0, t1, t2); times G^T: a0, 0.5 (a0 + a1 + a2), 0.5 (a0 - a1 + a2), a2.
                // Every store of a vector cast to its exact class, even of one loaded or computed above:
                // without, four of those eight stores failed to compile as intrinsics with no type profile.
                EXACT.cast(t0).intoArray(u, i);
                EXACT.cast(EXACT.cast(EXACT.cast(t0.add(t1)).add(t2)).mul(half)).intoArray(u, i + plane);
                EXACT.cast(EXACT.cast(EXACT.cast(t0.sub(t1)).add(t2)).mul(half)).intoArray(u, i + 2 * plane);
                EXACT.cast(t2).intoArray(u, i + 3 * plane);
                // Row 1: 0.5 (t0 + t3 + t6), ...
                FloatVector a0 =
                        EXACT.cast(EXACT.cast(EXACT.cast(t0.add(t3)).add(t6)).mul(half));
                FloatVector a1 =
                        EXACT.cast(EXACT.cast(EXACT.cast(t1.add(t4)).add(t7)).mul(half));
                FloatVector a2 =
                        EXACT.cast(EXACT.cast(EXACT.cast(t2.add(t5)).add(t8)).mul(half));
                EXACT.cast(a0).intoArray(u, i + 4 * plane);
                EXACT.cast(EXACT.cast(EXACT.cast(a0.add(a1)).add(a2)).mul(half)).intoArray(u, i + 5 * plane);
                EXACT.cast(EXACT.cast(EXACT.cast(a0.sub(a1)).add(a2)).mul(half)).intoArray(u, i + 6 * plane);
                EXACT.cast(a2).intoArray(u, i + 7 * plane);
                // Row 2: 0.5 (t0 - t3 + t6), ...
                a0 = EXACT.cast(EXACT.cast(EXACT.cast(t0.sub(t3)).add(t6)).mul(half));
                a1 = EXACT.cast(EXACT.cast(EXACT.cast(t1.sub(t4)).add(t7)).mul(half));
                a2 = EXACT.cast(EXACT.cast(EXACT.cast(t2.sub(t5)).add(t8)).mul(half));
                EXACT.cast(a0).intoArray(u, i + 8 * plane);
                EXACT.cast(EXACT.cast(EXACT.cast(a0.add(a1)).add(a2)).mul(half)).intoArray(u, i + 9 * plane);
                EXACT.cast(EXACT.cast(EXACT.cast(a0.sub(a1)).add(a2)).mul(half)).intoArray(u, i + 10 * plane);
                EXACT.cast(a2).intoArray(u, i + 11 * plane);
                // Row 3: (t6, t7, t8).
                EXACT.cast(t6).intoArray(u, i + 12 * plane);
                EXACT.cast(EXACT.cast(EXACT.cast(t6.add(t7)).add(t8)).mul(half)).intoArray(u, i + 13 * plane);
                EXACT.cast(EXACT.cast(EXACT.cast(t6.sub(t7)).add(t8)).mul(half)).intoArray(u, i + 14 * plane);
                EXACT.cast(t8).intoArray(u, i + 15 * plane);
            }
            if (whole < c) {
                WinogradFilterTiles.transform(w, rotated, o, c, oc, oc + 1, whole, c, u, plane);
            }
        }
    }

    /**
     * {@link WinogradFilterTiles#gradient}: {@code G^T dU G}, column by column of {@code dU}, then row
     * by row, a vector of filters at a time; their nine taps go through nine runs of a small array
     * into the filters' rows.
     */
    static void gradient(float[] du, int plane, int from, int to, float[] g) {
        FloatVector half = EXACT.cast(FloatVector.broadcast(S, 0.5f));
        int gPlane = LANES;
        float[] taps = new float[9 * LANES];
        int end = from + (to - from) / LANES * LANES;
        for (int i = from; i < end; i += LANES) {
            // G^T dU, column j (d0..d3 its four elements, h1 and h2 the middle two halved):
            // r_j = d0 + 0.5 d1 + 0.5 d2, s_j = 0.5 d1 - 0.5 d2, q_j = 0.5 d1 + 0.5 d2 + d3.
            FloatVector d0 = EXACT.cast(FloatVector.fromArray(S, du, i));
            FloatVector h1 = EXACT.cast(
                    EXACT.cast(FloatVector.fromArray(S, du, i + 4 * plane)).mul(half));
            FloatVector h2 = EXACT.cast(
                    EXACT.cast(FloatVector.fromArray(S, du, i + 8 * plane)).mul(half));
            FloatVector d3 = EXACT.cast(FloatVector.fromArray(S, du, i + 12 * plane));
            FloatVector r0 = EXACT.cast(EXACT.cast(d0.add(h1)).add(h2));
            FloatVector s0 = EXACT.cast(h1.sub(h2));
            FloatVector q0 = EXACT.cast(EXACT.cast(h1.add(h2)).add(d3));
            d0 = EXACT.cast(FloatVector.fromArray(S, du, i + plane));
            h1 = EXACT.cast(
                    EXACT.cast(FloatVector.fromArray(S, du, i + 5 * plane)).mul(half));
            h2 = EXACT.cast(
                    EXACT.cast(FloatVector.fromArray(S, du, i + 9 * plane)).mul(half));
            d3 = EXACT.cast(FloatVector.fromArray(S, du, i + 13 * plane));
            FloatVector r1 = EXACT.cast(EXACT.cast(d0.add(h1)).add(h2));
            FloatVector s1 = EXACT.cast(h1.sub(h2));
            FloatVector q1 = EXACT.cast(EXACT.cast(h1.add(h2)).add(d3));
            d0 = EXACT.cast(FloatVector.fromArray(S, du, i + 2 * plane));
            h1 = EXACT.cast(
                    EXACT.cast(FloatVector.fromArray(S, du, i + 6 * plane)).mul(half));
            h2 = EXACT.cast(
                    EXACT.cast(FloatVector.fromArray(S, du, i + 10 * plane)).mul(half));
            d3 = EXACT.cast(FloatVector.fromArray(S, du, i + 14 * plane));
            FloatVector r2 = EXACT.cast(EXACT.cast(d0.add(h1)).add(h2));
            FloatVector s2 = EXACT.cast(h1.sub(h2));
            FloatVector q2 = EXACT.cast(EXACT.cast(h1.add(h2)).add(d3));
            d0 = EXACT.cast(FloatVector.fromArray(S, du, i + 3 * plane));
            h1 = EXACT.cast(
                    EXACT.cast(FloatVector.fromArray(S, du, i + 7 * plane)).mul(half));
            h2 = EXACT.cast(
                    EXACT.cast(FloatVector.fromArray(S, du, i + 11 * plane)).mul(half));
            d3 = EXACT.cast(FloatVector.fromArray(S, du, i + 15 * plane));
            FloatVector r3 = EXACT.cast(EXACT.cast(d0.add(h1)).add(h2));
            FloatVector s3 = EXACT.cast(h1.sub(h2));
            FloatVector q3 = EXACT.cast(EXACT.cast(h1.add(h2)).add(d3));
            // Each row (x0, x1, x2, x3) times G: x0 + 0.5 x1 + 0.5 x2, 0.5 x1 - 0.5 x2, 0.5 x1 + 0.5 x2 + x3.
            h1 = EXACT.cast(r1.mul(half));
            h2 = EXACT.cast(r2.mul(half));
            EXACT.cast(EXACT.cast(r0.add(h1)).add(h2)).intoArray(taps, 0);
            EXACT.cast(h1.sub(h2)).intoArray(taps, gPlane);
            EXACT.cast(EXACT.cast(h1.add(h2)).add(r3)).intoArray(taps, 2 * gPlane);
            h1 = EXACT.cast(s1.mul(half));
            h2 = EXACT.cast(s2.mul(half));
            EXACT.cast(EXACT.cast(s0.add(h1)).add(h2)).intoArray(taps, 3 * gPlane);
            EXACT.cast(h1.sub(h2)).intoArray(taps, 4 * gPlane);
            EXACT.cast(EXACT.cast(h1.add(h2)).add(s3)).intoArray(taps, 5 * gPlane);
            h1 = EXACT.cast(q1.mul(half));
            h2 = EXACT.cast(q2.mul(half));
            EXACT.cast(EXACT.cast(q0.add(h1)).add(h2)).intoArray(taps, 6 * gPlane);
            EXACT.cast(h1.sub(h2)).intoArray(taps, 7 * gPlane);
            EXACT.cast(EXACT.cast(h1.add(h2)).add(q3)).intoArray(taps, 8 * gPlane);
            for (int l = 0, at = 9 * i; l < LANES; l++, at += 9) {
                for (int k = 0; k < 9; k++) {
                    g[at + k] = taps[k * LANES + l];
                }
            }
        }
        if (end < to) {
            WinogradFilterTiles.gradient(du, plane, end, to, g);
        }
    }
}
