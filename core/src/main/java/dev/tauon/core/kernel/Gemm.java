package dev.tauon.core.kernel;

/** General matrix multiply on row-major arrays. (Reference loops; the blocked SIMD version replaces them.) */
public final class Gemm {
    private Gemm() {
    }

    /**
     * {@code C = alpha * op(A) * op(B) + beta * C}; op(A) is m x k, op(B) is k x n, and lda, ldb,
     * ldc are the row strides of A, B and C as stored. With {@code beta == 0} C is overwritten.
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k,
                            float alpha, float[] a, int aOff, int lda,
                            float[] b, int bOff, int ldb,
                            float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = 0;
                for (int p = 0; p < k; p++) {
                    float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    float bv = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    s += av * bv;
                }
                int ci = cOff + i * ldc + j;
                c[ci] = beta == 0f ? alpha * s : alpha * s + beta * c[ci];
            }
        }
    }
}
