package dev.tauon.core.internal.simd;

import dev.tauon.core.internal.kernel.DirectConvTileKernel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link VectorGemmBlockKernel}'s 8 x (2 vectors) register tile with B read from the padded image
 * instead of a packed panel: per k step it loads two vectors at that tap's offset plus the tile's
 * first position, broadcasts eight packed weights and issues 16 FMAs, in the same order as the GEMM
 * kernel, so the same bits. Stateless.
 */
final class VectorDirectConvKernel implements DirectConvTileKernel {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final Class<? extends FloatVector> EXACT = ExactVectorClass.CLASS;
    private static final int LANES = S.length();
    private static final int MR = 8;

    @Override
    public int mr() {
        return MR;
    }

    @Override
    public int nr() {
        return 2 * LANES;
    }

    /** Rows of the tile as {@code tile + c}: the order {@code VectorGemmBlockKernel} adds a tile to C in. */
    @Override
    public void addTile(float[] tile, float[] c, int co, int ldc) {
        for (int r = 0; r < MR; r++) {
            for (int j = 0; j < 2 * LANES; j += LANES) {
                int at = co + r * ldc + j;
                EXACT.cast(FloatVector.fromArray(S, tile, r * 2 * LANES + j))
                        .add(FloatVector.fromArray(S, c, at))
                        .intoArray(c, at);
            }
        }
    }

    /** Two vectors a row, with no loop bound or tail (this was one call of the general add per row). */
    @Override
    public void addRows(float[] tile, int rows, float[] dst, int[] offsets, int from, int j0) {
        for (int r = 0; r < rows; r++) {
            int at = offsets[from + r] + j0;
            int t = r * 2 * LANES;
            EXACT.cast(FloatVector.fromArray(S, dst, at))
                    .add(FloatVector.fromArray(S, tile, t))
                    .intoArray(dst, at);
            EXACT.cast(FloatVector.fromArray(S, dst, at + LANES))
                    .add(FloatVector.fromArray(S, tile, t + LANES))
                    .intoArray(dst, at + LANES);
        }
    }

    @Override
    public void tile(int kc, float[] a, int ao, float[] x, int[] koff, int ko, int j0, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        FloatVector c40 = c00;
        FloatVector c41 = c00;
        FloatVector c50 = c00;
        FloatVector c51 = c00;
        FloatVector c60 = c00;
        FloatVector c61 = c00;
        FloatVector c70 = c00;
        FloatVector c71 = c00;
        for (int p = 0; p < kc; p++, ao += MR) {
            int xo = koff[ko + p] + j0;
            // Exact casts as in VectorGemmBlockKernel.kernel (see ExactVectorClass).
            FloatVector b0 = EXACT.cast(FloatVector.fromArray(S, x, xo));
            FloatVector b1 = EXACT.cast(FloatVector.fromArray(S, x, xo + LANES));
            FloatVector av = FloatVector.broadcast(S, a[ao]);
            c00 = b0.fma(av, c00);
            c01 = b1.fma(av, c01);
            av = FloatVector.broadcast(S, a[ao + 1]);
            c10 = b0.fma(av, c10);
            c11 = b1.fma(av, c11);
            av = FloatVector.broadcast(S, a[ao + 2]);
            c20 = b0.fma(av, c20);
            c21 = b1.fma(av, c21);
            av = FloatVector.broadcast(S, a[ao + 3]);
            c30 = b0.fma(av, c30);
            c31 = b1.fma(av, c31);
            av = FloatVector.broadcast(S, a[ao + 4]);
            c40 = b0.fma(av, c40);
            c41 = b1.fma(av, c41);
            av = FloatVector.broadcast(S, a[ao + 5]);
            c50 = b0.fma(av, c50);
            c51 = b1.fma(av, c51);
            av = FloatVector.broadcast(S, a[ao + 6]);
            c60 = b0.fma(av, c60);
            c61 = b1.fma(av, c61);
            av = FloatVector.broadcast(S, a[ao + 7]);
            c70 = b0.fma(av, c70);
            c71 = b1.fma(av, c71);
        }
        // Exact casts as in VectorGemmBlockKernel.kernel, and no add here for the same reason it has
        // none: a merge of C into these 16 stores made C2 leave calls un-inlined (addTile does it).
        EXACT.cast(c00).intoArray(c, co);
        EXACT.cast(c01).intoArray(c, co + LANES);
        EXACT.cast(c10).intoArray(c, co + ldc);
        EXACT.cast(c11).intoArray(c, co + ldc + LANES);
        EXACT.cast(c20).intoArray(c, co + 2 * ldc);
        EXACT.cast(c21).intoArray(c, co + 2 * ldc + LANES);
        EXACT.cast(c30).intoArray(c, co + 3 * ldc);
        EXACT.cast(c31).intoArray(c, co + 3 * ldc + LANES);
        EXACT.cast(c40).intoArray(c, co + 4 * ldc);
        EXACT.cast(c41).intoArray(c, co + 4 * ldc + LANES);
        EXACT.cast(c50).intoArray(c, co + 5 * ldc);
        EXACT.cast(c51).intoArray(c, co + 5 * ldc + LANES);
        EXACT.cast(c60).intoArray(c, co + 6 * ldc);
        EXACT.cast(c61).intoArray(c, co + 6 * ldc + LANES);
        EXACT.cast(c70).intoArray(c, co + 7 * ldc);
        EXACT.cast(c71).intoArray(c, co + 7 * ldc + LANES);
    }
}
