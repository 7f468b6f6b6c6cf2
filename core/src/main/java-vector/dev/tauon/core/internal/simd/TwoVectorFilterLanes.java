package dev.tauon.core.internal.simd;

import jdk.incubator.vector.FloatVector;

/**
 * The filter-lanes tile with 256-bit vectors (AVX2): 16 filters (two vectors) by six pixels, 12
 * accumulators. Each k step loads the two weight vectors once and broadcasts one float of the
 * padded image per pixel, for 12 fmas; with the weights and a broadcast, 15 of the 16 registers, the
 * shape of {@link SixRowTiles}' GEMM tile. The fmas take the weight as the factor and the
 * accumulator as the addend: C2's AVX2 fma writes its addend, so an accumulator as a factor cost a
 * register copy before every fma (docs/performance.md, eighth round). The accumulators are written
 * out by name, as in {@link EightRowTiles}: in an array, or in a loop over them, C2 boxes them.
 * {@link #tileRuns} is the same tile for pixels in two runs of three, as in {@link
 * FourVectorFilterLanes}: two offsets instead of six. Stateless.
 */
final class TwoVectorFilterLanes extends VectorFilterLanesKernel {

    static final TwoVectorFilterLanes INSTANCE = new TwoVectorFilterLanes();

    private static final int FILTERS = 2 * LANES;

    private TwoVectorFilterLanes() {
        super(2);
    }

    /** Against the direct tile: level on conv2, 0.4-0.7x on conv1, on Zen 3 (docs/performance.md, twenty-third round). */
    @Override
    public boolean beatsTheDirectTile() {
        return false;
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
        int x0 = at[ao + 0];
        int x1 = at[ao + 1];
        int x2 = at[ao + 2];
        int x3 = at[ao + 3];
        int x4 = at[ao + 4];
        int x5 = at[ao + 5];
        FloatVector zero = FloatVector.zero(S);
        FloatVector a00 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co)) : zero;
        FloatVector a01 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + LANES)) : zero;
        FloatVector a10 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + ldc)) : zero;
        FloatVector a11 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + ldc + LANES)) : zero;
        FloatVector a20 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + 2 * ldc)) : zero;
        FloatVector a21 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + 2 * ldc + LANES)) : zero;
        FloatVector a30 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + 3 * ldc)) : zero;
        FloatVector a31 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + 3 * ldc + LANES)) : zero;
        FloatVector a40 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + 4 * ldc)) : zero;
        FloatVector a41 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + 4 * ldc + LANES)) : zero;
        FloatVector a50 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + 5 * ldc)) : zero;
        FloatVector a51 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + 5 * ldc + LANES)) : zero;
        for (int p = 0; p < kc; p++, wo += FILTERS) {
            int xo = koff[ko + p];
            // Weight times image; DirectConvTileKernel's fma(image, weight, sum) has the same value.
            FloatVector w0 = EXACT.cast(FloatVector.fromArray(S, w, wo));
            FloatVector w1 = EXACT.cast(FloatVector.fromArray(S, w, wo + LANES));
            FloatVector b = FloatVector.broadcast(S, x[xo + x0]);
            a00 = w0.fma(b, a00);
            a01 = w1.fma(b, a01);
            b = FloatVector.broadcast(S, x[xo + x1]);
            a10 = w0.fma(b, a10);
            a11 = w1.fma(b, a11);
            b = FloatVector.broadcast(S, x[xo + x2]);
            a20 = w0.fma(b, a20);
            a21 = w1.fma(b, a21);
            b = FloatVector.broadcast(S, x[xo + x3]);
            a30 = w0.fma(b, a30);
            a31 = w1.fma(b, a31);
            b = FloatVector.broadcast(S, x[xo + x4]);
            a40 = w0.fma(b, a40);
            a41 = w1.fma(b, a41);
            b = FloatVector.broadcast(S, x[xo + x5]);
            a50 = w0.fma(b, a50);
            a51 = w1.fma(b, a51);
        }
        // Exact casts before the stores, written out: see EightRowTiles.
        EXACT.cast(a00).intoArray(c, co);
        EXACT.cast(a01).intoArray(c, co + LANES);
        EXACT.cast(a10).intoArray(c, co + ldc);
        EXACT.cast(a11).intoArray(c, co + ldc + LANES);
        EXACT.cast(a20).intoArray(c, co + 2 * ldc);
        EXACT.cast(a21).intoArray(c, co + 2 * ldc + LANES);
        EXACT.cast(a30).intoArray(c, co + 3 * ldc);
        EXACT.cast(a31).intoArray(c, co + 3 * ldc + LANES);
        EXACT.cast(a40).intoArray(c, co + 4 * ldc);
        EXACT.cast(a41).intoArray(c, co + 4 * ldc + LANES);
        EXACT.cast(a50).intoArray(c, co + 5 * ldc);
        EXACT.cast(a51).intoArray(c, co + 5 * ldc + LANES);
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
        FloatVector a10 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + ldc)) : zero;
        FloatVector a11 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + ldc + LANES)) : zero;
        FloatVector a20 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + 2 * ldc)) : zero;
        FloatVector a21 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + 2 * ldc + LANES)) : zero;
        FloatVector a30 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + 3 * ldc)) : zero;
        FloatVector a31 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + 3 * ldc + LANES)) : zero;
        FloatVector a40 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + 4 * ldc)) : zero;
        FloatVector a41 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + 4 * ldc + LANES)) : zero;
        FloatVector a50 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + 5 * ldc)) : zero;
        FloatVector a51 = continued ? EXACT.cast(FloatVector.fromArray(S, c, co + 5 * ldc + LANES)) : zero;
        for (int p = 0; p < kc; p++, wo += FILTERS) {
            int xo = koff[ko + p];
            int xa = xo + x0;
            int xb = xo + x3;
            // Weight times image; DirectConvTileKernel's fma(image, weight, sum) has the same value.
            FloatVector w0 = EXACT.cast(FloatVector.fromArray(S, w, wo));
            FloatVector w1 = EXACT.cast(FloatVector.fromArray(S, w, wo + LANES));
            FloatVector b = FloatVector.broadcast(S, x[xa]);
            a00 = w0.fma(b, a00);
            a01 = w1.fma(b, a01);
            b = FloatVector.broadcast(S, x[xa + 1]);
            a10 = w0.fma(b, a10);
            a11 = w1.fma(b, a11);
            b = FloatVector.broadcast(S, x[xa + 2]);
            a20 = w0.fma(b, a20);
            a21 = w1.fma(b, a21);
            b = FloatVector.broadcast(S, x[xb]);
            a30 = w0.fma(b, a30);
            a31 = w1.fma(b, a31);
            b = FloatVector.broadcast(S, x[xb + 1]);
            a40 = w0.fma(b, a40);
            a41 = w1.fma(b, a41);
            b = FloatVector.broadcast(S, x[xb + 2]);
            a50 = w0.fma(b, a50);
            a51 = w1.fma(b, a51);
        }
        // Exact casts before the stores, written out: see EightRowTiles.
        EXACT.cast(a00).intoArray(c, co);
        EXACT.cast(a01).intoArray(c, co + LANES);
        EXACT.cast(a10).intoArray(c, co + ldc);
        EXACT.cast(a11).intoArray(c, co + ldc + LANES);
        EXACT.cast(a20).intoArray(c, co + 2 * ldc);
        EXACT.cast(a21).intoArray(c, co + 2 * ldc + LANES);
        EXACT.cast(a30).intoArray(c, co + 3 * ldc);
        EXACT.cast(a31).intoArray(c, co + 3 * ldc + LANES);
        EXACT.cast(a40).intoArray(c, co + 4 * ldc);
        EXACT.cast(a41).intoArray(c, co + 4 * ldc + LANES);
        EXACT.cast(a50).intoArray(c, co + 5 * ldc);
        EXACT.cast(a51).intoArray(c, co + 5 * ldc + LANES);
    }
}
