package dev.tauon.core.internal.kernel;

/**
 * Matrix product of int8 operands with exact {@code int} accumulation, for quantised inference:
 * {@code C[i, j] = sum over p of A[i, p] * B[j, p]}, both operands stored with their rows along the
 * sum ({@code A} a layer's weight rows, one per output channel; {@code B} the inputs, one row per
 * example or output pixel). The inner loops are the SIMD provider's
 * ({@link FloatOps#int8Gemm}); integer sums are exact in any order, so results are the same for
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
     * The row length of both operands is padded to a multiple of this (with zeros) by callers that
     * want full vectors: 32 bytes, what the Vector API kernel widens to one 512-bit vector of shorts.
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
        long work = (long) m * n * Math.max(k, 1);
        Parallel.forRange(
                n,
                1,
                work,
                (j0, j1) -> ops.int8Gemm(
                        a, aOff, lda, m, b, bOff + j0 * ldb, ldb, j1 - j0, k, c, cOff + j0 * ldcCol, ldcRow, ldcCol));
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

    private static void checkK(String kernel, int k) {
        if (k < 0 || k > MAX_K) {
            throw new IllegalArgumentException(kernel + ": k=" + k + " must be 0 to " + MAX_K
                    + " (above it a sum of int8 products could overflow an int)");
        }
    }
}
