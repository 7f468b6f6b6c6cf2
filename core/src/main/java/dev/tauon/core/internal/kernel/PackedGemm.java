package dev.tauon.core.internal.kernel;

/**
 * Single-thread cache-blocked GEMM driver (the Goto/BLIS loop nest) over one rectangle of C.
 *
 * <p>A {@code KC x NR} B panel (32 KiB with AVX-512) stays in L1 while the micro-kernel sweeps the
 * A block; the {@code mc x KC} packed A block stays in L2; the {@code KC x nc} packed B block is
 * reused from L3 by every A block. mc and nc follow the machine's caches ({@link GemmBlocking}).
 *
 * <p>KC is a fixed constant, never derived from the thread count or the rectangle, because the
 * k blocking decides the order in which each C element is summed.
 */
final class PackedGemm {

    static final int KC = 256;

    private PackedGemm() {}

    /**
     * {@code C[i0:i1, j0:j1] += alpha * op(A)[i0:i1, :] * op(B)[:, j0:j1]} with C already scaled by
     * beta, or {@code =} when {@code overwrite}; other arguments as in {@link Gemm#gemm}. The
     * blocks are {@code mcBlock} rows of A and {@code ncBlock} columns of B ({@link GemmBlocking#MC}
     * and {@link GemmBlocking#NC} on this machine); any blocks give the same bits, as only {@link #KC}
     * orders a sum.
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
            boolean overwrite,
            int mcBlock,
            int ncBlock) {
        multiply(
                kernel,
                transA,
                i0,
                i1,
                j0,
                j1,
                k,
                alpha,
                a,
                aOff,
                lda,
                (pc, kc, jc, nc) -> kernel.packB(transB, b, bOff, ldb, pc, kc, jc, nc),
                c,
                cOff,
                ldc,
                overwrite,
                mcBlock,
                ncBlock);
    }

    /** Packs B's block of rows {@code [pc, pc+kc)} and columns {@code [jc, jc+nc)} into the kernel's B layout. */
    @FunctionalInterface
    private interface BBlocks {
        void pack(int pc, int kc, int jc, int nc);
    }

    /** The loop nest of {@link #multiply} with B's blocks packed by {@code bBlocks}. */
    private static void multiply(
            GemmBlockKernel kernel,
            boolean transA,
            int i0,
            int i1,
            int j0,
            int j1,
            int k,
            float alpha,
            float[] a,
            int aOff,
            int lda,
            BBlocks bBlocks,
            float[] c,
            int cOff,
            int ldc,
            boolean overwrite,
            int mcBlock,
            int ncBlock) {
        for (int jc = j0; jc < j1; jc += ncBlock) {
            int nc = Math.min(ncBlock, j1 - jc);
            boolean unpackedA = !transA
                    && alpha == 1f
                    && kernel.readsAInPlace()
                    && (nc + kernel.nr() - 1) / kernel.nr() <= GemmBlocking.UNPACKED_A_MAX_PANELS;
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                bBlocks.pack(pc, kc, jc, nc);
                for (int ic = i0; ic < i1; ic += mcBlock) {
                    int mc = Math.min(mcBlock, i1 - ic);
                    if (unpackedA) {
                        kernel.multiplyUnpackedA(
                                a, aOff, lda, ic, pc, mc, nc, kc, c, cOff + ic * ldc + jc, ldc, overwrite && pc == 0);
                    } else {
                        kernel.packA(transA, alpha, a, aOff, lda, ic, mc, pc, kc);
                        kernel.multiply(mc, nc, kc, c, cOff + ic * ldc + jc, ldc, overwrite && pc == 0);
                    }
                }
            }
        }
    }

    /**
     * {@code C[0:m, 0:n] (+)= A * op(B)} on the calling thread with A gathered (see {@link
     * GemmBlockKernel#multiplyGatheredA}) and B transposed as stored ({@code n x k}, row stride
     * {@code ldb}): the same blocks, and so the same bits, as {@link #multiply} with that A
     * materialised and packed (A's blocks are gathered in the kernel where {@code n} is within
     * {@link GemmBlocking#UNPACKED_A_MAX_PANELS} column panels, packed from the gathered values
     * otherwise: the same values either way).
     */
    static void multiplyGatheredA(
            GemmBlockKernel kernel,
            int m,
            int n,
            int k,
            float[] a,
            int[] rowOffsets,
            int[] colOffsets,
            float[] b,
            int ldb,
            float[] c,
            int cOff,
            int ldc,
            boolean overwrite,
            int mcBlock) {
        // Gathered in the kernel's registers, A is read once per column panel; past a few panels one
        // packed copy costs less (as for A read in place: GemmBlocking.UNPACKED_A_MAX_PANELS).
        boolean packA = (n + kernel.nr() - 1) / kernel.nr() > GemmBlocking.UNPACKED_A_MAX_PANELS;
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            kernel.packB(true, b, 0, ldb, pc, kc, 0, n);
            for (int ic = 0; ic < m; ic += mcBlock) {
                int mc = Math.min(mcBlock, m - ic);
                if (packA) {
                    kernel.packGatheredA(a, rowOffsets, ic, colOffsets, pc, mc, kc);
                    kernel.multiply(mc, n, kc, c, cOff + ic * ldc, ldc, overwrite && pc == 0);
                } else {
                    kernel.multiplyGatheredA(
                            a,
                            rowOffsets,
                            ic,
                            colOffsets,
                            pc,
                            mc,
                            n,
                            kc,
                            c,
                            cOff + ic * ldc,
                            ldc,
                            overwrite && pc == 0);
                }
            }
        }
    }

    /**
     * {@link #multiply} on the calling thread with A as stored ({@code m x k}, row stride
     * {@code lda}, alpha 1) and {@code op(B)} gathered (see {@link GemmBlockKernel#packGatheredB}):
     * the same loop nest, and so the same bits, as {@link #multiply} with that B materialised.
     */
    static void multiplyGatheredB(
            GemmBlockKernel kernel,
            int m,
            int n,
            int k,
            float[] a,
            int lda,
            float[] b,
            int[] rowOffsets,
            int[] colOffsets,
            float[] c,
            int cOff,
            int ldc,
            boolean overwrite,
            int mcBlock,
            int ncBlock) {
        multiply(
                kernel,
                false,
                0,
                m,
                0,
                n,
                k,
                1f,
                a,
                0,
                lda,
                (pc, kc, jc, nc) -> kernel.packGatheredB(b, rowOffsets, colOffsets, pc, kc, jc, nc),
                c,
                cOff,
                ldc,
                overwrite,
                mcBlock,
                ncBlock);
    }
}
