package dev.tauon.core.internal.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register tiles of the Vector API provider on machines with 16 vector registers (AVX2): the
 * tiles of {@link EightRowTiles} with 6 rows instead of 8, so that 12 accumulators, two B vectors and
 * a broadcast fit in 15 registers. With 8 rows C2 on an AVX2 CPU (AMD EPYC family 25) spilled five
 * accumulators and reloaded them every k step; one call on L1-resident panels ran at 44-48 GFLOP/s
 * with 8 rows and 50-69 with 6 (docs/performance.md, "Issue 12, eighth round").
 *
 * <p>Every C element is summed the same way in every tile: from zero, one FMA per k in increasing k
 * order. So the tile height changes which elements share a call, never a result's bits.
 *
 * <p>Each accumulator, and each B vector (the FMA is a call on it), is cast to its exact class
 * ({@link ExactVectorClass}) so that the calls on it bind without a type profile: without the casts
 * a thin profile left some JVMs running these kernels ~15x slower for their whole life. The tiles are
 * written out rather than looped over, and the stores are not put in a helper, since a call that
 * takes vectors may box them.
 */
final class SixRowTiles {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final Class<? extends FloatVector> EXACT = ExactVectorClass.CLASS;
    private static final int LANES = S.length();
    private static final int NR = 2 * LANES;

    private SixRowTiles() {}

    /**
     * Stores the 6 x NR product of one packed A panel (6 values per k, k-major) and one
     * packed B panel (NR values per k) at {@code co} in {@code c}, row stride {@code ldc}. It only
     * ever stores: adding to C happens outside (through a tile), which keeps this method small
     * enough for C1 and free of a branch that merges vectors.
     */
    static void packed(int kc, float[] a, int ao, float[] b, int bo, float[] c, int co, int ldc) {
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
        for (int p = 0; p < kc; p++, ao += 6, bo += NR) {
            // Cast as the stores are: b0.fma(...) is a call on b0.
            FloatVector b0 = EXACT.cast(FloatVector.fromArray(S, b, bo));
            FloatVector b1 = EXACT.cast(FloatVector.fromArray(S, b, bo + LANES));
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
        }
        // Exact casts before the stores, written out: see the class comment.
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
    }

    /** {@link #packed} with the 6 rows of A read where they lie, row {@code r} from {@code a[ao + r * lda]} on. */
    static void unpackedA(int kc, float[] a, int ao, int lda, float[] b, int bo, float[] c, int co, int ldc) {
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
        for (int p = 0; p < kc; p++, bo += NR) {
            // As in packed(), with row r of the panel read at a[ao + r * lda + p].
            FloatVector b0 = EXACT.cast(FloatVector.fromArray(S, b, bo));
            FloatVector b1 = EXACT.cast(FloatVector.fromArray(S, b, bo + LANES));
            FloatVector av = FloatVector.broadcast(S, a[ao + p]);
            c00 = b0.fma(av, c00);
            c01 = b1.fma(av, c01);
            av = FloatVector.broadcast(S, a[ao + lda + p]);
            c10 = b0.fma(av, c10);
            c11 = b1.fma(av, c11);
            av = FloatVector.broadcast(S, a[ao + 2 * lda + p]);
            c20 = b0.fma(av, c20);
            c21 = b1.fma(av, c21);
            av = FloatVector.broadcast(S, a[ao + 3 * lda + p]);
            c30 = b0.fma(av, c30);
            c31 = b1.fma(av, c31);
            av = FloatVector.broadcast(S, a[ao + 4 * lda + p]);
            c40 = b0.fma(av, c40);
            c41 = b1.fma(av, c41);
            av = FloatVector.broadcast(S, a[ao + 5 * lda + p]);
            c50 = b0.fma(av, c50);
            c51 = b1.fma(av, c51);
        }
        // Exact casts before the stores, written out: see the class comment.
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
    }

    /**
     * {@link #packed} with the 6 rows of A gathered: element {@code (r, p)} at
     * {@code a[rowOffsets[ro + r] + colOffsets[po + p]]}.
     */
    static void gatheredA(
            int kc,
            float[] a,
            int[] rowOffsets,
            int ro,
            int[] colOffsets,
            int po,
            float[] b,
            int bo,
            float[] c,
            int co,
            int ldc) {
        int t0 = rowOffsets[ro];
        int t1 = rowOffsets[ro + 1];
        int t2 = rowOffsets[ro + 2];
        int t3 = rowOffsets[ro + 3];
        int t4 = rowOffsets[ro + 4];
        int t5 = rowOffsets[ro + 5];
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
        for (int p = 0; p < kc; p++, bo += NR) {
            // As in packed(), with row r of the panel read at a[t_r + colOffsets[po + p]].
            int cp = colOffsets[po + p];
            FloatVector b0 = EXACT.cast(FloatVector.fromArray(S, b, bo));
            FloatVector b1 = EXACT.cast(FloatVector.fromArray(S, b, bo + LANES));
            FloatVector av = FloatVector.broadcast(S, a[t0 + cp]);
            c00 = b0.fma(av, c00);
            c01 = b1.fma(av, c01);
            av = FloatVector.broadcast(S, a[t1 + cp]);
            c10 = b0.fma(av, c10);
            c11 = b1.fma(av, c11);
            av = FloatVector.broadcast(S, a[t2 + cp]);
            c20 = b0.fma(av, c20);
            c21 = b1.fma(av, c21);
            av = FloatVector.broadcast(S, a[t3 + cp]);
            c30 = b0.fma(av, c30);
            c31 = b1.fma(av, c31);
            av = FloatVector.broadcast(S, a[t4 + cp]);
            c40 = b0.fma(av, c40);
            c41 = b1.fma(av, c41);
            av = FloatVector.broadcast(S, a[t5 + cp]);
            c50 = b0.fma(av, c50);
            c51 = b1.fma(av, c51);
        }
        // Exact casts before the stores, written out: see the class comment.
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
    }

    /**
     * {@link #packed} with B read from a padded image: the k step {@code p} loads two vectors at
     * {@code x[koff[ko + p] + j0]} (see {@code DirectConvTileKernel#tile}).
     */
    static void direct(int kc, float[] a, int ao, float[] x, int[] koff, int ko, int j0, float[] c, int co, int ldc) {
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
        for (int p = 0; p < kc; p++, ao += 6) {
            int xo = koff[ko + p] + j0;
            // As in packed(), with B read from the image at this tap's offset.
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
        }
        // Exact casts as in packed(), and no add here: a merge of C into these stores made C2 leave
        // calls un-inlined (VectorDirectConvKernel.addTile adds).
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
    }
}
