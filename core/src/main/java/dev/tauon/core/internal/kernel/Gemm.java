package dev.tauon.core.internal.kernel;

import java.util.Arrays;
import java.util.Map;
import java.util.WeakHashMap;

/** Single-precision general matrix multiply on row-major arrays, packed, cache-blocked and threaded. */
public final class Gemm {

    /** Below this many multiply-adds (128^3 = 2^21 measured 190 GFLOP/s on one thread, 120 on two) a fork/join costs more than it saves. */
    static final long PARALLEL_MIN_MACS = 1L << 22;

    /** Each thread's block kernels (with their packing buffers), one per provider. */
    private static final ThreadLocal<Map<FloatOps, GemmBlockKernel>> KERNELS =
            ThreadLocal.withInitial(WeakHashMap::new);

    private Gemm() {}

    /**
     * C = alpha * op(A) * op(B) + beta * C on row-major arrays; op(A) is m x k, op(B) is k x n.
     * lda/ldb/ldc are leading dimensions (row strides) of A, B, C as stored. beta == 0 means C is
     * overwritten (NaNs in C ignored).
     *
     * <p>Results are bitwise identical for every thread count. C must not overlap A or B.
     */
    public static void gemm(
            boolean transA,
            boolean transB,
            int m,
            int n,
            int k,
            float alpha,
            float[] a,
            int aOff,
            int lda,
            float[] b,
            int bOff,
            int ldb,
            float beta,
            float[] c,
            int cOff,
            int ldc) {
        gemm(SimdSupport.active(), transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** {@link #gemm} with an explicit SIMD provider (tests compare providers with it). */
    static void gemm(
            FloatOps ops,
            boolean transA,
            boolean transB,
            int m,
            int n,
            int k,
            float alpha,
            float[] a,
            int aOff,
            int lda,
            float[] b,
            int bOff,
            int ldb,
            float beta,
            float[] c,
            int cOff,
            int ldc) {
        gemm(ops, false, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /**
     * {@link #gemm} on the calling thread alone, for callers that already run one task per thread:
     * a nested call would otherwise still split C into rectangles, each packing its own copy of B.
     */
    static void gemmOnCaller(
            FloatOps ops,
            boolean transA,
            boolean transB,
            int m,
            int n,
            int k,
            float alpha,
            float[] a,
            int aOff,
            int lda,
            float[] b,
            int bOff,
            int ldb,
            float beta,
            float[] c,
            int cOff,
            int ldc) {
        gemm(ops, true, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    private static void gemm(
            FloatOps ops,
            boolean serial,
            boolean transA,
            boolean transB,
            int m,
            int n,
            int k,
            float alpha,
            float[] a,
            int aOff,
            int lda,
            float[] b,
            int bOff,
            int ldb,
            float beta,
            float[] c,
            int cOff,
            int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("Gemm: negative size m=" + m + ", n=" + n + ", k=" + k);
        }
        checkMatrix("A", a, aOff, transA ? k : m, transA ? m : k, lda, m, n, k);
        checkMatrix("B", b, bOff, transB ? n : k, transB ? k : n, ldb, m, n, k);
        checkMatrix("C", c, cOff, m, n, ldc, m, n, k);
        if (m == 0 || n == 0) {
            return;
        }
        boolean product = k > 0 && alpha != 0f;
        int threads = Parallel.threads();
        if (serial || threads == 1 || (long) m * n * k < PARALLEL_MIN_MACS) {
            rectangle(
                    ops, transA, transB, 0, m, 0, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, product);
            return;
        }
        GemmBlockKernel probe = kernel(ops);
        int nPanels = (n + probe.nr() - 1) / probe.nr();
        int mPanels = (m + probe.mr() - 1) / probe.mr();
        // Any split is exact (see GemmBlockKernel); split the side with more panels for balance.
        if (nPanels >= mPanels) {
            Parallel.forRange(
                    n,
                    probe.nr(),
                    (j0, j1) -> rectangle(
                            ops, transA, transB, 0, m, j0, j1, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc,
                            product));
        } else {
            Parallel.forRange(
                    m,
                    probe.mr(),
                    (i0, i1) -> rectangle(
                            ops, transA, transB, i0, i1, 0, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc,
                            product));
        }
    }

    private static void rectangle(
            FloatOps ops,
            boolean transA,
            boolean transB,
            int i0,
            int i1,
            int j0,
            int j1,
            int k,
            float alpha,
            float[] a,
            int aOff,
            int lda,
            float[] b,
            int bOff,
            int ldb,
            float beta,
            float[] c,
            int cOff,
            int ldc,
            boolean product) {
        boolean overwrite = product && beta == 0f;
        if (beta != 1f && !overwrite) {
            for (int i = i0; i < i1; i++) {
                int row = cOff + i * ldc;
                if (beta == 0f) {
                    Arrays.fill(c, row + j0, row + j1, 0f);
                } else {
                    for (int j = row + j0; j < row + j1; j++) {
                        c[j] *= beta;
                    }
                }
            }
        }
        if (product) {
            PackedGemm.multiply(
                    kernel(ops),
                    transA,
                    transB,
                    i0,
                    i1,
                    j0,
                    j1,
                    k,
                    alpha,
                    a,
                    aOff,
                    lda,
                    b,
                    bOff,
                    ldb,
                    c,
                    cOff,
                    ldc,
                    overwrite,
                    GemmBlocking.MC,
                    GemmBlocking.NC);
        }
    }

    /** Width of the column panels {@code ops}' micro-kernel packs B into (32 floats for the Vector API kernel with AVX-512, 16 for the plain one). */
    static int columnPanelWidth(FloatOps ops) {
        return kernel(ops).nr();
    }

    /** Whether {@code ops}' micro-kernel can read A where it lies (see {@link GemmBlockKernel#readsAInPlace}). */
    static boolean readsAInPlace(FloatOps ops) {
        return kernel(ops).readsAInPlace();
    }

    /** This thread's block kernel of {@code ops} (with its packing buffers), for kernels that drive {@link PackedGemm} themselves. */
    static GemmBlockKernel blockKernel(FloatOps ops) {
        return kernel(ops);
    }

    private static GemmBlockKernel kernel(FloatOps ops) {
        return KERNELS.get().computeIfAbsent(ops, FloatOps::newGemmBlockKernel);
    }

    private static void checkMatrix(
            String name, float[] arr, int off, int rows, int cols, int ld, int m, int n, int k) {
        if (arr == null) {
            throw new IllegalArgumentException(where(name, m, n, k) + " is null");
        }
        if (off < 0 || ld < Math.max(1, cols)) {
            throw new IllegalArgumentException(where(name, m, n, k) + " stored " + rows + " x " + cols
                    + " needs offset >= 0 and leading dimension >= " + Math.max(1, cols) + ", got offset " + off
                    + ", ld " + ld);
        }
        if (rows > 0 && cols > 0 && off + (long) (rows - 1) * ld + cols > arr.length) {
            throw new IllegalArgumentException(where(name, m, n, k) + " stored " + rows + " x " + cols + " at offset "
                    + off + " with leading dimension " + ld + " needs " + (off + (long) (rows - 1) * ld + cols)
                    + " elements, array has " + arr.length);
        }
    }

    /** The start of a bad argument's message, built only when one is thrown: GEMMs are called often (16 a Winograd group). */
    private static String where(String name, int m, int n, int k) {
        return "Gemm(m=" + m + ", n=" + n + ", k=" + k + "): " + name;
    }
}
