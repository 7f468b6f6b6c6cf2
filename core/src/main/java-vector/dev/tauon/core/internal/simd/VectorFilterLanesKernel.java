package dev.tauon.core.internal.simd;

import dev.tauon.core.internal.kernel.FilterLanesTileKernel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FilterLanesTileKernel} with 512-bit vectors: 64 filters (four vectors) by six pixels, 24
 * accumulators. Each k step loads the four weight vectors once and broadcasts one float of the
 * padded image per pixel ({@code x[koff[ko + p] + at[ao + i]]}), for 24 fmas. With 256-bit
 * vectors the 24 accumulators and four weights would not fit in 16 registers, so that provider has
 * no such kernel ({@link #suits}). The accumulators are written out by name, as in {@link
 * EightRowTiles}: in an array, or in a loop over them, C2 boxes them. Stateless.
 */
final class VectorFilterLanesKernel implements FilterLanesTileKernel {

    static final VectorFilterLanesKernel INSTANCE = new VectorFilterLanesKernel();

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final Class<? extends FloatVector> EXACT = ExactVectorClass.CLASS;
    private static final int LANES = S.length();
    private static final int FILTERS = 4 * LANES;
    private static final int PIXELS = 6;

    private VectorFilterLanesKernel() {}

    /** Whether vectors are 16 floats wide: 28 of the 32 registers then hold the tile and its weights. */
    static boolean suits() {
        return LANES == 16;
    }

    @Override
    public int filters() {
        return FILTERS;
    }

    @Override
    public int pixels() {
        return PIXELS;
    }

    /** The operands in the GEMM's ({@code sums + c}) and {@code Conv2dKernels.addBiasAndRelu}'s order, so the same bits. */
    @Override
    public void addSums(float[] sums, float[] c, int cOff, int col, int ldc, int rows, float[] bias, boolean relu) {
        FloatVector zero = FloatVector.zero(S);
        for (int i = 0; i < rows; i++) {
            for (int f = 0; f < FILTERS; f += LANES) {
                int at = i * ldc + col + f;
                FloatVector v = EXACT.cast(FloatVector.fromArray(S, c, cOff + at));
                if (sums != null) {
                    v = EXACT.cast(
                            EXACT.cast(FloatVector.fromArray(S, sums, at)).add(v));
                }
                if (bias != null) {
                    v = EXACT.cast(v.add(FloatVector.fromArray(S, bias, col + f)));
                }
                if (relu) {
                    v = EXACT.cast(v.max(zero));
                }
                v.intoArray(c, cOff + at);
            }
        }
    }

    /** The filters' runs ({@code srcStride} apart) transposed: {@link VectorTranspose}'s blocks or gathers. */
    @Override
    public void toChannelsLast(float[] src, int srcOff, int srcStride, int count, float[] dst, int dstOff) {
        VectorTranspose.transpose(src, srcOff, srcStride, FILTERS, count, dst, dstOff, FILTERS);
    }

    /** A vector of pixels at a time, each filter's run gathered from the channels-last rows ({@code o} apart). */
    @Override
    public void toFilterRows(float[] channelsLast, int o, int count, float[] dst, int dstOff) {
        VectorTranspose.transpose(channelsLast, 0, count, o, dst, dstOff);
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
}
