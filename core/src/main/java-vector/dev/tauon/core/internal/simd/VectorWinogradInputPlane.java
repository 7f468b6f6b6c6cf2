package dev.tauon.core.internal.simd;

import dev.tauon.core.internal.kernel.WinogradInputTiles;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link WinogradInputTiles#transformPlane} a vector of tiles of a row at a time: in the plane's copy
 * with its columns split by parity ({@link WinogradInputTiles#split}) each of the sixteen window
 * elements of consecutive tiles is consecutive floats, one load; each transformed element one store
 * into its plane, where the tiles are consecutive too. The same additions in the same order as the
 * scalar loop, element by element, so the same bits. A row of tiles that does not fill its last
 * vector is still stored a whole vector at a time: up to a vector less one float past the row's last
 * tile, which the caller overwrites or never reads ({@link
 * dev.tauon.core.internal.kernel.FloatOps#winogradInputPlane}).
 */
final class VectorWinogradInputPlane {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final Class<? extends FloatVector> EXACT = ExactVectorClass.CLASS;
    private static final int LANES = S.length();

    /** Each thread's window elements of two rows of tiles ({@link #gatherPairs}), 16 vectors: hot in L1. */
    private static final ThreadLocal<float[]> PAIRS = ThreadLocal.withInitial(() -> new float[16 * LANES]);

    private VectorWinogradInputPlane() {}

    /**
     * {@link WinogradInputTiles#split} a vector of a row's columns at a time: its even lanes and its
     * odd lanes, each moved into the lower half with zeros above, stored into the row's two halves. A
     * vector's zeros land where the next vector's columns go (stored after it), or past the row's last
     * column in the half: padding or spare, where zeros belong. The columns past the last whole vector
     * are copied one by one, last. A copy: the same floats as the scalar loop.
     */
    static void split(float[] x, int at, int h, int w, int padH, int padW, float[] split, int half) {
        int whole = w - w % LANES;
        for (int y = 0; y < h; y++) {
            int row = at + y * w;
            int to = (y + padH) * 2 * half;
            for (int k = 0; k < whole; k += LANES) {
                FloatVector a = EXACT.cast(FloatVector.fromArray(S, x, row + k));
                int kk = k + padW;
                // Column k + 2j lands at kk / 2 + j in the half of kk's parity, k + 2j + 1 in the other
                // half, at (kk + 1) / 2 + j.
                int evensTo = to + (kk & 1) * half + (kk >> 1);
                int oddsTo = to + (1 - (kk & 1)) * half + ((kk + 1) >> 1);
                EXACT.cast(EXACT.cast(a.rearrange(EvenOddLanes.EVENS)).blend(0f, EvenOddLanes.UPPER))
                        .intoArray(split, evensTo);
                EXACT.cast(EXACT.cast(a.rearrange(EvenOddLanes.ODDS)).blend(0f, EvenOddLanes.UPPER))
                        .intoArray(split, oddsTo);
            }
            WinogradInputTiles.splitRow(x, row, whole, w, padW, split, to, half);
        }
    }

    /**
     * The tiles of one channel: two rows of tiles a vector where a row is half a vector ({@link
     * #transformPairs}), the rest a row at a time ({@link #transformRows}). Three methods, each
     * compiled alone: together they were too large for C2 to inline.
     */
    static void transform(float[] split, int half, int tilesH, int tilesW, float[] v, int plane, int at) {
        int done = 2 * tilesW == LANES ? transformPairs(split, half, tilesH, tilesW, v, plane, at) : 0;
        transformRows(split, half, done, tilesH, tilesW, v, plane, at);
    }

    /** Rows of tiles {@code from <= ty < tilesH}, each a vector of its tiles at a time (the last one stored whole). */
    private static void transformRows(
            float[] split, int half, int from, int tilesH, int tilesW, float[] v, int plane, int at) {
        int r1 = 2 * half;
        int r2 = 4 * half;
        int r3 = 6 * half;
        for (int ty = from; ty < tilesH; ty++) {
            for (int tx = 0; tx < tilesW; tx += LANES) {
                // Window columns 0 and 2 are the even half's tiles tx and tx + 1, columns 1 and 3 the odd half's.
                int c0 = 2 * ty * r1 + tx;
                int c1 = c0 + half;
                int c2 = c0 + 1;
                int c3 = c1 + 1;
                // Column by column, the four window rows d0..d3 combined: e0 = d0 - d2, e1 = d1 + d2,
                // e2 = d2 - d1, e3 = d1 - d3.
                FloatVector d0 = EXACT.cast(FloatVector.fromArray(S, split, c0));
                FloatVector d1 = EXACT.cast(FloatVector.fromArray(S, split, c0 + r1));
                FloatVector d2 = EXACT.cast(FloatVector.fromArray(S, split, c0 + r2));
                FloatVector d3 = EXACT.cast(FloatVector.fromArray(S, split, c0 + r3));
                FloatVector e00 = EXACT.cast(d0.sub(d2));
                FloatVector e10 = EXACT.cast(d1.add(d2));
                FloatVector e20 = EXACT.cast(d2.sub(d1));
                FloatVector e30 = EXACT.cast(d1.sub(d3));
                d0 = EXACT.cast(FloatVector.fromArray(S, split, c1));
                d1 = EXACT.cast(FloatVector.fromArray(S, split, c1 + r1));
                d2 = EXACT.cast(FloatVector.fromArray(S, split, c1 + r2));
                d3 = EXACT.cast(FloatVector.fromArray(S, split, c1 + r3));
                FloatVector e01 = EXACT.cast(d0.sub(d2));
                FloatVector e11 = EXACT.cast(d1.add(d2));
                FloatVector e21 = EXACT.cast(d2.sub(d1));
                FloatVector e31 = EXACT.cast(d1.sub(d3));
                d0 = EXACT.cast(FloatVector.fromArray(S, split, c2));
                d1 = EXACT.cast(FloatVector.fromArray(S, split, c2 + r1));
                d2 = EXACT.cast(FloatVector.fromArray(S, split, c2 + r2));
                d3 = EXACT.cast(FloatVector.fromArray(S, split, c2 + r3));
                FloatVector e02 = EXACT.cast(d0.sub(d2));
                FloatVector e12 = EXACT.cast(d1.add(d2));
                FloatVector e22 = EXACT.cast(d2.sub(d1));
                FloatVector e32 = EXACT.cast(d1.sub(d3));
                d0 = EXACT.cast(FloatVector.fromArray(S, split, c3));
                d1 = EXACT.cast(FloatVector.fromArray(S, split, c3 + r1));
                d2 = EXACT.cast(FloatVector.fromArray(S, split, c3 + r2));
                d3 = EXACT.cast(FloatVector.fromArray(S, split, c3 + r3));
                FloatVector e03 = EXACT.cast(d0.sub(d2));
                FloatVector e13 = EXACT.cast(d1.add(d2));
                FloatVector e23 = EXACT.cast(d2.sub(d1));
                FloatVector e33 = EXACT.cast(d1.sub(d3));
                // Each combined row's columns (f0 - f2, f1 + f2, f2 - f1, f1 - f3), written out by name:
                // a helper taking vectors would box them where C2 does not inline it.
                int o = at + ty * tilesW + tx;
                EXACT.cast(e00.sub(e02)).intoArray(v, o);
                EXACT.cast(e01.add(e02)).intoArray(v, o + plane);
                EXACT.cast(e02.sub(e01)).intoArray(v, o + 2 * plane);
                EXACT.cast(e01.sub(e03)).intoArray(v, o + 3 * plane);
                EXACT.cast(e10.sub(e12)).intoArray(v, o + 4 * plane);
                EXACT.cast(e11.add(e12)).intoArray(v, o + 5 * plane);
                EXACT.cast(e12.sub(e11)).intoArray(v, o + 6 * plane);
                EXACT.cast(e11.sub(e13)).intoArray(v, o + 7 * plane);
                EXACT.cast(e20.sub(e22)).intoArray(v, o + 8 * plane);
                EXACT.cast(e21.add(e22)).intoArray(v, o + 9 * plane);
                EXACT.cast(e22.sub(e21)).intoArray(v, o + 10 * plane);
                EXACT.cast(e21.sub(e23)).intoArray(v, o + 11 * plane);
                EXACT.cast(e30.sub(e32)).intoArray(v, o + 12 * plane);
                EXACT.cast(e31.add(e32)).intoArray(v, o + 13 * plane);
                EXACT.cast(e32.sub(e31)).intoArray(v, o + 14 * plane);
                EXACT.cast(e31.sub(e33)).intoArray(v, o + 15 * plane);
            }
        }
    }

    /**
     * Rows of tiles {@code 0 <= ty < } the returned count, two at a time, where a row of tiles is half a
     * vector ({@code 2 tilesW == LANES}: 16x16 images on AVX-512): each window element's lower lanes
     * from the first row, its upper lanes from the second (a load and a blend more), gathered into
     * {@code d} ({@link #PAIRS}) and transformed from there ({@link #transformGathered}), so the lanes
     * are all tiles and the stores whole. The same elements as {@link #transform}'s loop, so the same
     * bits; an odd last row is left to it. In two methods: in one, with its 32 loads, C2 left a load's
     * call virtual when compiled without a type profile.
     */
    private static int transformPairs(float[] split, int half, int tilesH, int tilesW, float[] v, int plane, int at) {
        float[] d = PAIRS.get();
        int r1 = 2 * half;
        // Where the upper lanes load from: the next tile row (two padded rows on) less the lanes' shift.
        int next = 2 * r1 - tilesW;
        int ty = 0;
        for (; ty + 1 < tilesH; ty += 2) {
            gatherPairs(split, 2 * ty * r1, half, next, d);
            transformGathered(d, v, plane, at + ty * tilesW);
        }
        return ty;
    }

    /**
     * Window element {@code (r, q)} of the two rows of tiles whose first window element is at {@code
     * split[c0]} into {@code d[(4 r + q) * LANES ...]}: the first row's tiles in the lower lanes, the
     * second's ({@code next} further on) in the upper.
     */
    private static void gatherPairs(float[] split, int c0, int half, int next, float[] d) {
        for (int r = 0; r < 4; r++) {
            int row = c0 + 2 * r * half;
            for (int q = 0; q < 4; q++) {
                // Window columns 0 and 2 are the even half's tiles tx and tx + 1, columns 1 and 3 the odd half's.
                int from = row + (q & 1) * half + (q >> 1);
                EXACT.cast(EXACT.cast(FloatVector.fromArray(S, split, from))
                                .blend(EXACT.cast(FloatVector.fromArray(S, split, from + next)), EvenOddLanes.UPPER))
                        .intoArray(d, (4 * r + q) * LANES);
            }
        }
    }

    /** {@link #transform}'s additions and stores for the window elements gathered in {@code d} ({@link #gatherPairs}), into {@code v[xi * plane + o ...]}. */
    private static void transformGathered(float[] d, float[] v, int plane, int o) {
        FloatVector d0 = EXACT.cast(FloatVector.fromArray(S, d, 0 * LANES));
        FloatVector d1 = EXACT.cast(FloatVector.fromArray(S, d, 4 * LANES));
        FloatVector d2 = EXACT.cast(FloatVector.fromArray(S, d, 8 * LANES));
        FloatVector d3 = EXACT.cast(FloatVector.fromArray(S, d, 12 * LANES));
        FloatVector e00 = EXACT.cast(d0.sub(d2));
        FloatVector e10 = EXACT.cast(d1.add(d2));
        FloatVector e20 = EXACT.cast(d2.sub(d1));
        FloatVector e30 = EXACT.cast(d1.sub(d3));
        d0 = EXACT.cast(FloatVector.fromArray(S, d, 1 * LANES));
        d1 = EXACT.cast(FloatVector.fromArray(S, d, 5 * LANES));
        d2 = EXACT.cast(FloatVector.fromArray(S, d, 9 * LANES));
        d3 = EXACT.cast(FloatVector.fromArray(S, d, 13 * LANES));
        FloatVector e01 = EXACT.cast(d0.sub(d2));
        FloatVector e11 = EXACT.cast(d1.add(d2));
        FloatVector e21 = EXACT.cast(d2.sub(d1));
        FloatVector e31 = EXACT.cast(d1.sub(d3));
        d0 = EXACT.cast(FloatVector.fromArray(S, d, 2 * LANES));
        d1 = EXACT.cast(FloatVector.fromArray(S, d, 6 * LANES));
        d2 = EXACT.cast(FloatVector.fromArray(S, d, 10 * LANES));
        d3 = EXACT.cast(FloatVector.fromArray(S, d, 14 * LANES));
        FloatVector e02 = EXACT.cast(d0.sub(d2));
        FloatVector e12 = EXACT.cast(d1.add(d2));
        FloatVector e22 = EXACT.cast(d2.sub(d1));
        FloatVector e32 = EXACT.cast(d1.sub(d3));
        d0 = EXACT.cast(FloatVector.fromArray(S, d, 3 * LANES));
        d1 = EXACT.cast(FloatVector.fromArray(S, d, 7 * LANES));
        d2 = EXACT.cast(FloatVector.fromArray(S, d, 11 * LANES));
        d3 = EXACT.cast(FloatVector.fromArray(S, d, 15 * LANES));
        FloatVector e03 = EXACT.cast(d0.sub(d2));
        FloatVector e13 = EXACT.cast(d1.add(d2));
        FloatVector e23 = EXACT.cast(d2.sub(d1));
        FloatVector e33 = EXACT.cast(d1.sub(d3));
        // Each combined row's columns (f0 - f2, f1 + f2, f2 - f1, f1 - f3), written out by name:
        // a helper taking vectors would box them where C2 does not inline it.
        EXACT.cast(e00.sub(e02)).intoArray(v, o);
        EXACT.cast(e01.add(e02)).intoArray(v, o + plane);
        EXACT.cast(e02.sub(e01)).intoArray(v, o + 2 * plane);
        EXACT.cast(e01.sub(e03)).intoArray(v, o + 3 * plane);
        EXACT.cast(e10.sub(e12)).intoArray(v, o + 4 * plane);
        EXACT.cast(e11.add(e12)).intoArray(v, o + 5 * plane);
        EXACT.cast(e12.sub(e11)).intoArray(v, o + 6 * plane);
        EXACT.cast(e11.sub(e13)).intoArray(v, o + 7 * plane);
        EXACT.cast(e20.sub(e22)).intoArray(v, o + 8 * plane);
        EXACT.cast(e21.add(e22)).intoArray(v, o + 9 * plane);
        EXACT.cast(e22.sub(e21)).intoArray(v, o + 10 * plane);
        EXACT.cast(e21.sub(e23)).intoArray(v, o + 11 * plane);
        EXACT.cast(e30.sub(e32)).intoArray(v, o + 12 * plane);
        EXACT.cast(e31.add(e32)).intoArray(v, o + 13 * plane);
        EXACT.cast(e32.sub(e31)).intoArray(v, o + 14 * plane);
        EXACT.cast(e31.sub(e33)).intoArray(v, o + 15 * plane);
    }
}
