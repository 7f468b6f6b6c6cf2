package dev.tauon.core.internal.kernel;

import java.util.Arrays;

/**
 * Matrix product of int8 operands with exact {@code int} results, for quantised inference:
 * {@code C[i, j] = sum over p of A[i, p] * B[j, p]}, both operands stored with their rows along the
 * sum ({@code A} a layer's weight rows, one per output channel; {@code B} the inputs, one row per
 * example or output pixel).
 *
 * <p><b>Why floats.</b> The Vector API has no int8 dot product (x86's {@code vpmaddubsw},
 * {@code vpmaddwd}, VNNI's {@code vpdpbusd}); emulating one with short lanes costs several
 * instructions per vector of products (multiply, add pairs, shift out each half, widen) where the
 * float GEMM issues one FMA. So the operands are held as integer-valued floats and multiplied by the
 * float GEMM ({@link Gemm}), blocked, packed and threaded as it is: every product of two values in
 * [-127, 127] and every partial sum of at most {@link #EXACT_K} of them is an integer below 2^24, so
 * exact in float whatever the order of the adds; longer sums are taken in chunks of
 * {@code EXACT_K} and added in {@code int}. The results are the exact integer sums, the same for
 * every provider and thread count.
 *
 * <p><b>Overflow.</b> Operands must lie in [-127, 127] (symmetric int8: the quantisers clamp to
 * it), so one product is at most {@value #MAX_PRODUCT} in magnitude and a sum of {@link #MAX_K}
 * products at most 2,114,060,288, leaving {@link #biasLimit(int)} (at least 33,423,359) for a
 * bias added in {@code int}. {@code k} above {@link #MAX_K} is refused.
 */
public final class Int8Gemm {

    /** The largest product of two operands in [-127, 127]. */
    public static final int MAX_PRODUCT = 127 * 127;

    /** The longest sum supported: 2^17 products of at most 16,129 stay below 2^31 - 1. */
    public static final int MAX_K = 1 << 17;

    /**
     * The longest sum that is exact in float: 1040 products of at most 16,129 stay below 2^24, so
     * every partial sum is an integer a float holds exactly.
     */
    static final int EXACT_K = (1 << 24) / MAX_PRODUCT;

    /**
     * The row length of both operands is padded to a multiple of this (with zeros) by callers that
     * want rows aligned: 32 bytes.
     */
    public static final int ROW_ALIGN = 32;

    private Int8Gemm() {}

    /** {@code k} rounded up to a multiple of {@link #ROW_ALIGN}: the row stride callers give padded operands. */
    public static int paddedLength(int k) {
        return (k + ROW_ALIGN - 1) / ROW_ALIGN * ROW_ALIGN;
    }

    /**
     * The largest magnitude a bias added to a sum of {@code k} products may have without the total
     * overflowing an {@code int}: {@code 2^31 - 1 - k * 16129}.
     */
    public static int biasLimit(int k) {
        checkK("Int8Gemm.biasLimit", k);
        return (int) (Integer.MAX_VALUE - (long) k * MAX_PRODUCT);
    }

    /**
     * {@code c[cOff + i*ldcRow + j*ldcCol] = sum over p < k of a[aOff + i*lda + p] * b[bOff + j*ldb + p]}
     * for {@code i < m}, {@code j < n}; the columns {@code j} are split between the kernel threads.
     *
     * @throws IllegalArgumentException for sizes below 1 (k may be 0), k above {@link #MAX_K}, or arrays too short
     */
    public static void gemm(
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
        gemm(SimdSupport.active(), a, aOff, lda, m, b, bOff, ldb, n, k, c, cOff, ldcRow, ldcCol);
    }

    static void gemm(
            FloatOps ops,
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
        check(a, aOff, lda, m, b, bOff, ldb, n, k, c, cOff, ldcRow, ldcCol);
        float[] fa = floats(a, aOff, lda, m, k);
        float[] fb = floats(b, bOff, ldb, n, k);
        float[] sums = new float[m * n];
        int[] wide = new int[m * n];
        product(ops, true, m, n, k, fa, 0, Math.max(k, 1), fb, 0, Math.max(k, 1), sums, wide);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                c[cOff + i * ldcRow + j * ldcCol] = wide[i * n + j];
            }
        }
    }

    /**
     * The exact sums {@code A * op(B)} of integer-valued float operands in [-127, 127]: A is
     * {@code m x k} (rows {@code lda} apart), op(B) {@code k x n} (stored {@code n x k} when
     * {@code transB}, else {@code k x n}; rows {@code ldb} apart); the result is {@code m x n}, rows
     * {@code n} apart. With {@code wide} null (allowed only for {@code k <= EXACT_K}) the sums are
     * left in {@code sums}, exact; otherwise they are written to {@code wide} and {@code sums} is
     * scratch. The float GEMM threads itself as usual.
     */
    static void product(
            FloatOps ops,
            boolean transB,
            int m,
            int n,
            int k,
            float[] a,
            int aOff,
            int lda,
            float[] b,
            int bOff,
            int ldb,
            float[] sums,
            int[] wide) {
        if (wide == null && k > EXACT_K) {
            throw new IllegalStateException("Int8Gemm.product: k=" + k + " above " + EXACT_K + " needs int sums");
        }
        if (k == 0) {
            Arrays.fill(sums, 0, m * n, 0f);
            if (wide != null) {
                Arrays.fill(wide, 0, m * n, 0);
            }
            return;
        }
        for (int p0 = 0; p0 < k; p0 += EXACT_K) {
            int kc = Math.min(EXACT_K, k - p0);
            int bChunk = bOff + (transB ? p0 : p0 * ldb);
            Gemm.gemm(ops, false, transB, m, n, kc, 1f, a, aOff + p0, lda, b, bChunk, ldb, 0f, sums, 0, n);
            if (wide != null) {
                for (int i = 0; i < m * n; i++) {
                    wide[i] = p0 == 0 ? (int) sums[i] : wide[i] + (int) sums[i];
                }
            }
        }
    }

    /** Rows of int8 values as integer-valued floats, packed {@code max(k, 1)} apart. */
    private static float[] floats(byte[] v, int off, int ld, int rows, int k) {
        int stride = Math.max(k, 1);
        float[] f = new float[rows * stride];
        for (int r = 0; r < rows; r++) {
            for (int p = 0; p < k; p++) {
                f[r * stride + p] = v[off + r * ld + p];
            }
        }
        return f;
    }

    private static void check(
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
        String kernel = "Int8Gemm.gemm";
        String shape = "m=" + m + " n=" + n + " k=" + k + " lda=" + lda + " ldb=" + ldb + " ldcRow=" + ldcRow
                + " ldcCol=" + ldcCol;
        checkK(kernel, k);
        if (m < 1 || n < 1 || lda < k || ldb < k || ldcRow < 0 || ldcCol < 0 || aOff < 0 || bOff < 0 || cOff < 0) {
            throw new IllegalArgumentException(
                    kernel + ": sizes must be >= 1, row strides >= k, offsets and " + "output strides >= 0: " + shape);
        }
        Checks.length(kernel, "a", a, aOff + (long) (m - 1) * lda + k, shape);
        Checks.length(kernel, "b", b, bOff + (long) (n - 1) * ldb + k, shape);
        Checks.length(kernel, "c", c, cOff + (long) (m - 1) * ldcRow + (long) (n - 1) * ldcCol + 1, shape);
    }

    static void checkK(String kernel, int k) {
        if (k < 0 || k > MAX_K) {
            throw new IllegalArgumentException(kernel + ": k=" + k + " must be 0 to " + MAX_K
                    + " (above it a sum of int8 products could overflow an int)");
        }
    }
}
