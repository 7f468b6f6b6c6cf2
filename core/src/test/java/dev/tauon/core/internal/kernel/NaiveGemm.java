package dev.tauon.core.internal.kernel;

/** Reference GEMM for tests: the textbook triple loop, accumulated in double. */
final class NaiveGemm {

    private NaiveGemm() {}

    static void gemm(
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
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    sum += (double) a(transA, a, aOff, lda, i, p) * b(transB, b, bOff, ldb, p, j);
                }
                int at = cOff + i * ldc + j;
                double old = beta == 0f ? 0 : (double) beta * c[at];
                c[at] = (float) (alpha * sum + old);
            }
        }
    }

    /** Sum of |alpha * a_ip * b_pj| + |beta * c_ij|: scales the rounding error allowed for C[i][j]. */
    static double magnitude(
            boolean transA,
            boolean transB,
            int k,
            float alpha,
            float[] a,
            int aOff,
            int lda,
            float[] b,
            int bOff,
            int ldb,
            float beta,
            float oldC,
            int i,
            int j) {
        double sum = 0;
        for (int p = 0; p < k; p++) {
            sum += Math.abs((double) a(transA, a, aOff, lda, i, p) * b(transB, b, bOff, ldb, p, j));
        }
        return Math.abs(alpha) * sum + (beta == 0f ? 0 : Math.abs((double) beta * oldC));
    }

    private static float a(boolean transA, float[] a, int aOff, int lda, int i, int p) {
        return transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
    }

    private static float b(boolean transB, float[] b, int bOff, int ldb, int p, int j) {
        return transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
    }
}
