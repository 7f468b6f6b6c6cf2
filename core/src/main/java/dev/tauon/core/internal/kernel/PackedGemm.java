package dev.tauon.core.internal.kernel;

/**
 * Single-thread cache-blocked GEMM driver (the Goto/BLIS loop nest) over one rectangle of C.
 *
 * <p>Block sizes for Zen 4/5 (48 KiB L1d, 1 MiB L2 per core, 32 MiB L3): a {@code KC x NR} B panel
 * (32 KiB with AVX-512) stays in L1 while the micro-kernel sweeps the A block; the
 * {@code MC x KC} packed A block (96 KiB) stays in L2; the {@code KC x NC} packed B block (up to
 * 2 MiB) is reused from L3 by every A block.
 *
 * <p>KC is a fixed constant, never derived from the thread count or the rectangle, because the
 * k blocking decides the order in which each C element is summed.
 */
final class PackedGemm {

    static final int KC = 256;
    static final int MC = 96;
    static final int NC = 2048;

    private PackedGemm() {}

    /**
     * {@code C[i0:i1, j0:j1] += alpha * op(A)[i0:i1, :] * op(B)[:, j0:j1]} with C already scaled by
     * beta, or {@code =} when {@code overwrite}; other arguments as in {@link Gemm#gemm}.
     */
    static void multiply(
            GemmBlockKernel kernel,
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
            float[] c,
            int cOff,
            int ldc,
            boolean overwrite) {
        for (int jc = j0; jc < j1; jc += NC) {
            int nc = Math.min(NC, j1 - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                kernel.packB(transB, b, bOff, ldb, pc, kc, jc, nc);
                for (int ic = i0; ic < i1; ic += MC) {
                    int mc = Math.min(MC, i1 - ic);
                    kernel.packA(transA, alpha, a, aOff, lda, ic, mc, pc, kc);
                    kernel.multiply(mc, nc, kc, c, cOff + ic * ldc + jc, ldc, overwrite && pc == 0);
                }
            }
        }
    }
}
