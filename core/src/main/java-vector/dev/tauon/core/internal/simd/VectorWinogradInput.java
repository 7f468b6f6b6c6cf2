package dev.tauon.core.internal.simd;

import dev.tauon.core.internal.kernel.WinogradInputTiles;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link WinogradInputTiles#transform} a vector of channels at a time: each of a tile's sixteen
 * window elements is a run of channels in the channels-last image, each of its sixteen transformed
 * elements a run in its plane. The same additions in the same order as the scalar loop, element by
 * element, so the same bits; the channels past the last whole vector go through that loop.
 */
final class VectorWinogradInput {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final Class<? extends FloatVector> EXACT = ExactVectorClass.CLASS;
    private static final int LANES = S.length();

    private VectorWinogradInput() {}

    static void transform(float[] x, int[] windows, int tiles, int c, float[] v, int plane, int at) {
        int whole = c - c % LANES;
        for (int i = 0; i < tiles; i++) {
            int wi = 16 * i;
            int vo = at + i * c;
            for (int ci = 0; ci < whole; ci += LANES) {
                // Column by column, the four window rows d0..d3 combined: e0 = d0 - d2, e1 = d1 + d2,
                // e2 = d2 - d1, e3 = d1 - d3.
                FloatVector d0 = EXACT.cast(FloatVector.fromArray(S, x, windows[wi] + ci));
                FloatVector d1 = EXACT.cast(FloatVector.fromArray(S, x, windows[wi + 4] + ci));
                FloatVector d2 = EXACT.cast(FloatVector.fromArray(S, x, windows[wi + 8] + ci));
                FloatVector d3 = EXACT.cast(FloatVector.fromArray(S, x, windows[wi + 12] + ci));
                FloatVector e00 = EXACT.cast(d0.sub(d2));
                FloatVector e10 = EXACT.cast(d1.add(d2));
                FloatVector e20 = EXACT.cast(d2.sub(d1));
                FloatVector e30 = EXACT.cast(d1.sub(d3));
                d0 = EXACT.cast(FloatVector.fromArray(S, x, windows[wi + 1] + ci));
                d1 = EXACT.cast(FloatVector.fromArray(S, x, windows[wi + 5] + ci));
                d2 = EXACT.cast(FloatVector.fromArray(S, x, windows[wi + 9] + ci));
                d3 = EXACT.cast(FloatVector.fromArray(S, x, windows[wi + 13] + ci));
                FloatVector e01 = EXACT.cast(d0.sub(d2));
                FloatVector e11 = EXACT.cast(d1.add(d2));
                FloatVector e21 = EXACT.cast(d2.sub(d1));
                FloatVector e31 = EXACT.cast(d1.sub(d3));
                d0 = EXACT.cast(FloatVector.fromArray(S, x, windows[wi + 2] + ci));
                d1 = EXACT.cast(FloatVector.fromArray(S, x, windows[wi + 6] + ci));
                d2 = EXACT.cast(FloatVector.fromArray(S, x, windows[wi + 10] + ci));
                d3 = EXACT.cast(FloatVector.fromArray(S, x, windows[wi + 14] + ci));
                FloatVector e02 = EXACT.cast(d0.sub(d2));
                FloatVector e12 = EXACT.cast(d1.add(d2));
                FloatVector e22 = EXACT.cast(d2.sub(d1));
                FloatVector e32 = EXACT.cast(d1.sub(d3));
                d0 = EXACT.cast(FloatVector.fromArray(S, x, windows[wi + 3] + ci));
                d1 = EXACT.cast(FloatVector.fromArray(S, x, windows[wi + 7] + ci));
                d2 = EXACT.cast(FloatVector.fromArray(S, x, windows[wi + 11] + ci));
                d3 = EXACT.cast(FloatVector.fromArray(S, x, windows[wi + 15] + ci));
                FloatVector e03 = EXACT.cast(d0.sub(d2));
                FloatVector e13 = EXACT.cast(d1.add(d2));
                FloatVector e23 = EXACT.cast(d2.sub(d1));
                FloatVector e33 = EXACT.cast(d1.sub(d3));
                // Each combined row's columns (f0 - f2, f1 + f2, f2 - f1, f1 - f3), written out by name:
                // a helper taking vectors would box them where C2 does not inline it.
                int o = vo + ci;
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
        if (whole < c) {
            WinogradInputTiles.transform(x, windows, tiles, c, whole, c, v, plane, at);
        }
    }
}
