package dev.tauon.core.internal.simd;

import jdk.incubator.vector.FloatVector;

/**
 * The filter-lanes tile with 512-bit vectors: 64 filters (four vectors) by six pixels, 24
 * accumulators. Each k step loads the four weight vectors once and broadcasts one float of the
 * padded image per pixel ({@code x[koff[ko + p] + at[ao + i]]}), for 24 fmas; with the weights
 * and a broadcast, 29 of the 32 registers. The accumulators are written out by name, as in {@link
 * EightRowTiles}: in an array, or in a loop over them, C2 boxes them.
 * {@link #tileRuns} is the same tile for pixels in two runs of three: two offsets instead of six
 * (on the Intel host, one thread, conv2 forward 102-105 -> 103-108 GFLOP/s and weight gradient
 * 102-103 -> 103-109; docs/performance.md, twenty-fourth round). Stateless.
 */
final class FourVectorFilterLanes extends VectorFilterLanesKernel {

    static final FourVectorFilterLanes INSTANCE = new FourVectorFilterLanes();

    private static final int FILTERS = 4 * LANES;

    private FourVectorFilterLanes() {
        super(4);
    }

    /** Against the direct tile: conv2 of the CIFAR-10 CNN on Zen 5 (docs/performance.md, twenty-third round). */
    @Override
    public boolean beatsTheDirectTile() {
        return true;
    }

    @Override
    public void tile(
            int kc,
            float[] w,
            int wo,
            float[] x,
            int[] koff,
            int ko,
            int[] at,
            int ao,
            float[] c,
            int co,
            int ldc,
            boolean continued) {
        int x0 = at[ao];
        int x1 = at[ao + 1];
        int x2 = at[ao + 2];
        int x3 = at[ao + 3];
        int x4 = at[ao + 4];
        int x5 = at[ao + 5];
        FloatVector zero = FloatVector.zero(S);
        FloatVector a00 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co)) : zero;
        FloatVector a01 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + LANES)) : zero;
        FloatVector a02 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + 2 * LANES)) : zero;
        FloatVector a03 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + 3 * LANES)) : zero;
        FloatVector a10 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + ldc)) : zero;
        FloatVector a11 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + ldc + LANES)) : zero;
        FloatVector a12 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + ldc + 2 * LANES)) : zero;
        FloatVector a13 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + ldc + 3 * LANES)) : zero;
        FloatVector a20 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + 2 * ldc)) : zero;
        FloatVector a21 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + 2 * ldc + LANES)) : zero;
        FloatVector a22 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + 2 * ldc + 2 * LANES)) : zero;
        FloatVector a23 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + 2 * ldc + 3 * LANES)) : zero;
        FloatVector a30 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + 3 * ldc)) : zero;
        FloatVector a31 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + 3 * ldc + LANES)) : zero;
        FloatVector a32 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + 3 * ldc + 2 * LANES)) : zero;
        FloatVector a33 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + 3 * ldc + 3 * LANES)) : zero;
        FloatVector a40 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + 4 * ldc)) : zero;
        FloatVector a41 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + 4 * ldc + LANES)) : zero;
        FloatVector a42 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + 4 * ldc + 2 * LANES)) : zero;
        FloatVector a43 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + 4 * ldc + 3 * LANES)) : zero;
        FloatVector a50 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + 5 * ldc)) : zero;
        FloatVector a51 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + 5 * ldc + LANES)) : zero;
        FloatVector a52 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + 5 * ldc + 2 * LANES)) : zero;
        FloatVector a53 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + 5 * ldc + 3 * LANES)) : zero;
        for (int p = 0; p < kc; p++, wo += FILTERS) {
            int xo = koff[ko + p];
            // Weight times image; DirectConvTileKernel's fma(image, weight, sum) has the same value.
            FloatVector w0 = EXACT.cast(FloatVector.fromArray(S, w, wo));
            FloatVector w1 = EXACT.cast(FloatVector.fromArray(S, w, wo + LANES));
            FloatVector w2 = EXACT.cast(FloatVector.fromArray(S, w, wo + 2 * LANES));
            FloatVector w3 = EXACT.cast(FloatVector.fromArray(S, w, wo + 3 * LANES));
            FloatVector b = FloatVector.broadcast(S, x[xo + x0]);
            a00 = w0.fma(b, a00);
            a01 = w1.fma(b, a01);
            a02 = w2.fma(b, a02);
            a03 = w3.fma(b, a03);
            b = FloatVector.broadcast(S, x[xo + x1]);
            a10 = w0.fma(b, a10);
            a11 = w1.fma(b, a11);
            a12 = w2.fma(b, a12);
            a13 = w3.fma(b, a13);
            b = FloatVector.broadcast(S, x[xo + x2]);
            a20 = w0.fma(b, a20);
            a21 = w1.fma(b, a21);
            a22 = w2.fma(b, a22);
            a23 = w3.fma(b, a23);
            b = FloatVector.broadcast(S, x[xo + x3]);
            a30 = w0.fma(b, a30);
            a31 = w1.fma(b, a31);
            a32 = w2.fma(b, a32);
            a33 = w3.fma(b, a33);
            b = FloatVector.broadcast(S, x[xo + x4]);
            a40 = w0.fma(b, a40);
            a41 = w1.fma(b, a41);
            a42 = w2.fma(b, a42);
            a43 = w3.fma(b, a43);
            b = FloatVector.broadcast(S, x[xo + x5]);
            a50 = w0.fma(b, a50);
            a51 = w1.fma(b, a51);
            a52 = w2.fma(b, a52);
            a53 = w3.fma(b, a53);
        }
        // Exact casts before the stores, written out: see EightRowTiles.
        EXACT.cast(a00).intoArray(c, co);
        EXACT.cast(a01).intoArray(c, co + LANES);
        EXACT.cast(a02).intoArray(c, co + 2 * LANES);
        EXACT.cast(a03).intoArray(c, co + 3 * LANES);
        EXACT.cast(a10).intoArray(c, co + ldc);
        EXACT.cast(a11).intoArray(c, co + ldc + LANES);
        EXACT.cast(a12).intoArray(c, co + ldc + 2 * LANES);
        EXACT.cast(a13).intoArray(c, co + ldc + 3 * LANES);
        EXACT.cast(a20).intoArray(c, co + 2 * ldc);
        EXACT.cast(a21).intoArray(c, co + 2 * ldc + LANES);
        EXACT.cast(a22).intoArray(c, co + 2 * ldc + 2 * LANES);
        EXACT.cast(a23).intoArray(c, co + 2 * ldc + 3 * LANES);
        EXACT.cast(a30).intoArray(c, co + 3 * ldc);
        EXACT.cast(a31).intoArray(c, co + 3 * ldc + LANES);
        EXACT.cast(a32).intoArray(c, co + 3 * ldc + 2 * LANES);
        EXACT.cast(a33).intoArray(c, co + 3 * ldc + 3 * LANES);
        EXACT.cast(a40).intoArray(c, co + 4 * ldc);
        EXACT.cast(a41).intoArray(c, co + 4 * ldc + LANES);
        EXACT.cast(a42).intoArray(c, co + 4 * ldc + 2 * LANES);
        EXACT.cast(a43).intoArray(c, co + 4 * ldc + 3 * LANES);
        EXACT.cast(a50).intoArray(c, co + 5 * ldc);
        EXACT.cast(a51).intoArray(c, co + 5 * ldc + LANES);
        EXACT.cast(a52).intoArray(c, co + 5 * ldc + 2 * LANES);
        EXACT.cast(a53).intoArray(c, co + 5 * ldc + 3 * LANES);
    }

    @Override
    public void tileRuns(
            int kc,
            float[] w,
            int wo,
            float[] x,
            int[] koff,
            int ko,
            int x0,
            int x3,
            float[] c,
            int co,
            int ldc,
            boolean continued) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector a00 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co)) : zero;
        FloatVector a01 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + LANES)) : zero;
        FloatVector a02 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + 2 * LANES)) : zero;
        FloatVector a03 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + 3 * LANES)) : zero;
        FloatVector a10 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + ldc)) : zero;
        FloatVector a11 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + ldc + LANES)) : zero;
        FloatVector a12 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + ldc + 2 * LANES)) : zero;
        FloatVector a13 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + ldc + 3 * LANES)) : zero;
        FloatVector a20 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + 2 * ldc)) : zero;
        FloatVector a21 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + 2 * ldc + LANES)) : zero;
        FloatVector a22 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + 2 * ldc + 2 * LANES)) : zero;
        FloatVector a23 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + 2 * ldc + 3 * LANES)) : zero;
        FloatVector a30 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + 3 * ldc)) : zero;
        FloatVector a31 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + 3 * ldc + LANES)) : zero;
        FloatVector a32 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + 3 * ldc + 2 * LANES)) : zero;
        FloatVector a33 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + 3 * ldc + 3 * LANES)) : zero;
        FloatVector a40 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + 4 * ldc)) : zero;
        FloatVector a41 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + 4 * ldc + LANES)) : zero;
        FloatVector a42 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + 4 * ldc + 2 * LANES)) : zero;
        FloatVector a43 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + 4 * ldc + 3 * LANES)) : zero;
        FloatVector a50 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + 5 * ldc)) : zero;
        FloatVector a51 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + 5 * ldc + LANES)) : zero;
        FloatVector a52 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + 5 * ldc + 2 * LANES)) : zero;
        FloatVector a53 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + 5 * ldc + 3 * LANES)) : zero;
        for (int p = 0; p < kc; p++, wo += FILTERS) {
            int xo = koff[ko + p];
            int xa = xo + x0;
            int xb = xo + x3;
            // Weight times image; DirectConvTileKernel's fma(image, weight, sum) has the same value.
            FloatVector w0 = EXACT.cast(FloatVector.fromArray(S, w, wo));
            FloatVector w1 = EXACT.cast(FloatVector.fromArray(S, w, wo + LANES));
            FloatVector w2 = EXACT.cast(FloatVector.fromArray(S, w, wo + 2 * LANES));
            FloatVector w3 = EXACT.cast(FloatVector.fromArray(S, w, wo + 3 * LANES));
            FloatVector b = FloatVector.broadcast(S, x[xa]);
            a00 = w0.fma(b, a00);
            a01 = w1.fma(b, a01);
            a02 = w2.fma(b, a02);
            a03 = w3.fma(b, a03);
            b = FloatVector.broadcast(S, x[xa + 1]);
            a10 = w0.fma(b, a10);
            a11 = w1.fma(b, a11);
            a12 = w2.fma(b, a12);
            a13 = w3.fma(b, a13);
            b = FloatVector.broadcast(S, x[xa + 2]);
            a20 = w0.fma(b, a20);
            a21 = w1.fma(b, a21);
            a22 = w2.fma(b, a22);
            a23 = w3.fma(b, a23);
            b = FloatVector.broadcast(S, x[xb]);
            a30 = w0.fma(b, a30);
            a31 = w1.fma(b, a31);
            a32 = w2.fma(b, a32);
            a33 = w3.fma(b, a33);
            b = FloatVector.broadcast(S, x[xb + 1]);
            a40 = w0.fma(b, a40);
            a41 = w1.fma(b, a41);
            a42 = w2.fma(b, a42);
            a43 = w3.fma(b, a43);
            b = FloatVector.broadcast(S, x[xb + 2]);
            a50 = w0.fma(b, a50);
            a51 = w1.fma(b, a51);
            a52 = w2.fma(b, a52);
            a53 = w3.fma(b, a53);
        }
        // Exact casts before the stores, written out: see EightRowTiles.
        EXACT.cast(a00).intoArray(c, co);
        EXACT.cast(a01).intoArray(c, co + LANES);
        EXACT.cast(a02).intoArray(c, co + 2 * LANES);
        EXACT.cast(a03).intoArray(c, co + 3 * LANES);
        EXACT.cast(a10).intoArray(c, co + ldc);
        EXACT.cast(a11).intoArray(c, co + ldc + LANES);
        EXACT.cast(a12).intoArray(c, co + ldc + 2 * LANES);
        EXACT.cast(a13).intoArray(c, co + ldc + 3 * LANES);
        EXACT.cast(a20).intoArray(c, co + 2 * ldc);
        EXACT.cast(a21).intoArray(c, co + 2 * ldc + LANES);
        EXACT.cast(a22).intoArray(c, co + 2 * ldc + 2 * LANES);
        EXACT.cast(a23).intoArray(c, co + 2 * ldc + 3 * LANES);
        EXACT.cast(a30).intoArray(c, co + 3 * ldc);
        EXACT.cast(a31).intoArray(c, co + 3 * ldc + LANES);
        EXACT.cast(a32).intoArray(c, co + 3 * ldc + 2 * LANES);
        EXACT.cast(a33).intoArray(c, co + 3 * ldc + 3 * LANES);
        EXACT.cast(a40).intoArray(c, co + 4 * ldc);
        EXACT.cast(a41).intoArray(c, co + 4 * ldc + LANES);
        EXACT.cast(a42).intoArray(c, co + 4 * ldc + 2 * LANES);
        EXACT.cast(a43).intoArray(c, co + 4 * ldc + 3 * LANES);
        EXACT.cast(a50).intoArray(c, co + 5 * ldc);
        EXACT.cast(a51).intoArray(c, co + 5 * ldc + LANES);
        EXACT.cast(a52).intoArray(c, co + 5 * ldc + 2 * LANES);
        EXACT.cast(a53).intoArray(c, co + 5 * ldc + 3 * LANES);
    }
}
