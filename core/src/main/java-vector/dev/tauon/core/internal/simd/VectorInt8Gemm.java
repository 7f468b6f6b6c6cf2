package dev.tauon.core.internal.simd;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The int8 dot products of {@code FloatOps.int8Gemm} on the Vector API, four rows of A against one
 * row of B at a time. Bytes are widened to shorts (32 lanes with AVX-512), multiplied in shorts
 * (a product of two values in [-127, 127] fits), two products are added in shorts (at most 32,258,
 * which still fits), and that sum is widened to ints and accumulated: per 64 products, two
 * multiplies and three widenings. The Vector API has no int8 dot-product instruction (x86's
 * {@code vpmaddubsw}, {@code vpmaddwd} or VNNI's {@code vpdpbusd}), and that is the limit: the float
 * GEMM does 32 multiply-adds per FMA instruction pair.
 *
 * <p>Integer sums are exact, so the lane order of {@code reduceLanes(ADD)} does not matter here, unlike
 * for floats.
 */
final class VectorInt8Gemm {

    private static final VectorSpecies<Short> S = ShortVector.SPECIES_PREFERRED;
    /** Bytes with as many lanes as S: half its width. */
    private static final VectorSpecies<Byte> B =
            VectorSpecies.of(byte.class, VectorShape.forBitSize(S.vectorBitSize() / 2));

    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, S.vectorShape());
    /** The exact classes, for casts that keep C2 from depending on type profiles (see ExactVectorClass). */
    private static final Class<? extends IntVector> INT = IntVector.zero(I).getClass();

    private static final Class<? extends ShortVector> SHORT =
            ShortVector.zero(S).getClass();
    private static final int STEP = 2 * S.length();

    private VectorInt8Gemm() {}

    static void gemm(
            byte[] a,
            int aOff,
            int lda,
            int m,
            byte[] b,
            int bOff,
            int ldb,
            int n,
            int k,
            int[] c,
            int cOff,
            int ldcRow,
            int ldcCol) {
        int bound = k - k % STEP;
        for (int j = 0; j < n; j++) {
            int bj = bOff + j * ldb;
            int i = 0;
            for (; i + 4 <= m; i += 4) {
                int a0 = aOff + i * lda;
                IntVector acc0 = IntVector.zero(I);
                IntVector acc1 = IntVector.zero(I);
                IntVector acc2 = IntVector.zero(I);
                IntVector acc3 = IntVector.zero(I);
                for (int p = 0; p < bound; p += STEP) {
                    ShortVector x0 = widen(b, bj + p);
                    ShortVector x1 = widen(b, bj + p + S.length());
                    acc0 = accumulate(INT.cast(acc0), a, a0 + p, x0, x1);
                    acc1 = accumulate(INT.cast(acc1), a, a0 + lda + p, x0, x1);
                    acc2 = accumulate(INT.cast(acc2), a, a0 + 2 * lda + p, x0, x1);
                    acc3 = accumulate(INT.cast(acc3), a, a0 + 3 * lda + p, x0, x1);
                }
                int ci = cOff + i * ldcRow + j * ldcCol;
                c[ci] = INT.cast(acc0).reduceLanes(VectorOperators.ADD) + tail(a, a0, b, bj, bound, k);
                c[ci + ldcRow] = INT.cast(acc1).reduceLanes(VectorOperators.ADD) + tail(a, a0 + lda, b, bj, bound, k);
                c[ci + 2 * ldcRow] =
                        INT.cast(acc2).reduceLanes(VectorOperators.ADD) + tail(a, a0 + 2 * lda, b, bj, bound, k);
                c[ci + 3 * ldcRow] =
                        INT.cast(acc3).reduceLanes(VectorOperators.ADD) + tail(a, a0 + 3 * lda, b, bj, bound, k);
            }
            for (; i < m; i++) {
                int ai = aOff + i * lda;
                IntVector acc = IntVector.zero(I);
                for (int p = 0; p < bound; p += STEP) {
                    acc = accumulate(INT.cast(acc), a, ai + p, widen(b, bj + p), widen(b, bj + p + S.length()));
                }
                c[cOff + i * ldcRow + j * ldcCol] =
                        INT.cast(acc).reduceLanes(VectorOperators.ADD) + tail(a, ai, b, bj, bound, k);
            }
        }
    }

    /** {@code acc} plus the products of row {@code a[at ...]} (2 vectors of bytes) with {@code x0, x1}. */
    private static IntVector accumulate(IntVector acc, byte[] a, int at, ShortVector x0, ShortVector x1) {
        ShortVector pairs =
                SHORT.cast(widen(a, at).mul(x0)).add(widen(a, at + S.length()).mul(x1));
        IntVector lo = INT.cast(pairs.convertShape(VectorOperators.S2I, I, 0));
        IntVector hi = INT.cast(pairs.convertShape(VectorOperators.S2I, I, 1));
        return acc.add(lo).add(hi);
    }

    private static ShortVector widen(byte[] x, int at) {
        return SHORT.cast(ByteVector.fromArray(B, x, at).convertShape(VectorOperators.B2S, S, 0));
    }

    private static int tail(byte[] a, int ai, byte[] b, int bj, int from, int k) {
        int sum = 0;
        for (int p = from; p < k; p++) {
            sum += a[ai + p] * b[bj + p];
        }
        return sum;
    }
}
