package dev.tauon.core.internal.kernel;

/**
 * The inner part of a packed GEMM for one thread: packs a block of A and a block of B into
 * contiguous buffers and multiplies them into C. {@link PackedGemm} drives the cache blocking; a
 * {@link FloatOps} provider supplies the B layout and the register-blocked multiply.
 *
 * <p>Every C element is computed the same way wherever it falls in a tile: an accumulator starts
 * at zero, takes the products of one {@code kc} block in increasing k order, and is then added to
 * C. That makes results independent of how C is split between threads.
 *
 * <p>Instances keep their buffers between calls and are not thread-safe.
 */
public abstract class GemmBlockKernel {

    /** Rows of A per micro-panel (the micro-kernel's register-block height). */
    protected final int mr;

    /** Packed A: {@code ceil(mc/mr)} panels, each {@code kc x mr}, k-major, zero-padded, alpha applied. */
    protected float[] aPack = new float[0];

    protected GemmBlockKernel(int mr) {
        this.mr = mr;
    }

    /**
     * One panel of a transposed A: {@code dst[base + p * mr + r] = alpha * a[from + p * lda + r]} for
     * {@code p < kc}, {@code r < rows}, zeros for the rows past {@code rows}. Stored A is {@code k x
     * m}, so a panel's rows are adjacent in memory for each p and are read in that order. A provider
     * may copy a full panel's row as one vector: the same products.
     */
    protected void packTransposedPanel(
            float alpha, float[] a, int from, int lda, int rows, int kc, float[] dst, int base) {
        for (int p = 0; p < kc; p++) {
            int s = from + p * lda;
            int d = base + p * mr;
            for (int r = 0; r < rows; r++) {
                dst[d + r] = alpha * a[s + r];
            }
            for (int r = rows; r < mr; r++) {
                dst[d + r] = 0f;
            }
        }
    }

    /** Width of the column panels this kernel's B layout uses; C is split between threads on multiples of it. */
    public abstract int nr();

    /** Height of the row panels of packed A; C is split between threads on multiples of it. */
    public final int mr() {
        return mr;
    }

    /**
     * Packs {@code alpha * op(A)[i0 : i0+mc, p0 : p0+kc]} into {@link #aPack}. op(A) element (i, p)
     * is {@code a[aOff + i*lda + p]}, or {@code a[aOff + p*lda + i]} when transposed.
     */
    public final void packA(boolean transA, float alpha, float[] a, int aOff, int lda, int i0, int mc, int p0, int kc) {
        int panels = (mc + mr - 1) / mr;
        int size = panels * mr * kc;
        if (aPack.length < size) {
            aPack = new float[size];
        }
        float[] dst = aPack;
        for (int panel = 0; panel < panels; panel++) {
            int base = panel * mr * kc;
            int rows = Math.min(mr, mc - panel * mr);
            int i = i0 + panel * mr;
            if (transA) {
                packTransposedPanel(alpha, a, aOff + p0 * lda + i, lda, rows, kc, dst, base);
            } else {
                for (int r = 0; r < mr; r++) {
                    int d = base + r;
                    if (r >= rows) {
                        for (int p = 0; p < kc; p++, d += mr) {
                            dst[d] = 0f;
                        }
                        continue;
                    }
                    int s = aOff + (i + r) * lda + p0;
                    for (int p = 0; p < kc; p++, d += mr, s++) {
                        dst[d] = alpha * a[s];
                    }
                }
            }
        }
    }

    /**
     * {@code C[0 : mc, 0 : nc] (+)= A[i0 : i0+mc, p0 : p0+kc] * packedB} with A read where it lies
     * (row-major, not transposed, alpha 1) instead of packed first; C, {@code overwrite} and the last
     * {@link #packB} as in {@link #multiply}. The arithmetic, and so every bit of C, is the same as
     * {@code packA(false, 1f, ...)} followed by {@link #multiply}, which is what this default does; a
     * kernel that can read A in place overrides it (see {@link #readsAInPlace}).
     */
    public void multiplyUnpackedA(
            float[] a,
            int aOff,
            int lda,
            int i0,
            int p0,
            int mc,
            int nc,
            int kc,
            float[] c,
            int cOff,
            int ldc,
            boolean overwrite) {
        packA(false, 1f, a, aOff, lda, i0, mc, p0, kc);
        multiply(mc, nc, kc, c, cOff, ldc, overwrite);
    }

    /**
     * {@link #multiplyUnpackedA} with A gathered: element {@code (i, p)} of A is
     * {@code a[rowOffsets[i0 + i] + colOffsets[p0 + p]]} (a convolution's im2col matrix read from
     * its padded images: one offset per kernel tap, one per output pixel). Every bit of C is that of
     * packing the same values and calling {@link #multiply}, which is what this default does.
     */
    public void multiplyGatheredA(
            float[] a,
            int[] rowOffsets,
            int i0,
            int[] colOffsets,
            int p0,
            int mc,
            int nc,
            int kc,
            float[] c,
            int cOff,
            int ldc,
            boolean overwrite) {
        packGatheredA(a, rowOffsets, i0, colOffsets, p0, mc, kc);
        multiply(mc, nc, kc, c, cOff, ldc, overwrite);
    }

    /** Packs the gathered {@code A[i0 : i0+mc, p0 : p0+kc]} (see {@link #multiplyGatheredA}) into {@link #aPack}, as {@link #packA} packs. */
    protected final void packGatheredA(float[] a, int[] rowOffsets, int i0, int[] colOffsets, int p0, int mc, int kc) {
        int panels = (mc + mr - 1) / mr;
        int size = panels * mr * kc;
        if (aPack.length < size) {
            aPack = new float[size];
        }
        for (int panel = 0; panel < panels; panel++) {
            int base = panel * mr * kc;
            int rows = Math.min(mr, mc - panel * mr);
            for (int r = 0; r < mr; r++) {
                int d = base + r;
                int row = r < rows ? rowOffsets[i0 + panel * mr + r] : 0;
                for (int p = 0; p < kc; p++, d += mr) {
                    aPack[d] = r < rows ? a[row + colOffsets[p0 + p]] : 0f;
                }
            }
        }
    }

    /** Whether {@link #multiplyUnpackedA} reads A in place rather than packing it. */
    public boolean readsAInPlace() {
        return false;
    }

    /**
     * {@link #packB} of a gathered {@code op(B)}: element {@code (p, j)} is
     * {@code b[rowOffsets[p0 + p] + colOffsets[j0 + j]]} (a convolution's transposed im2col matrix
     * read from its padded images: one offset per output pixel, one per kernel tap). The same values
     * in the same layout as packing that matrix materialised.
     */
    public abstract void packGatheredB(float[] b, int[] rowOffsets, int[] colOffsets, int p0, int kc, int j0, int nc);

    /** Packs {@code op(B)[p0 : p0+kc, j0 : j0+nc]} into this kernel's own B layout. */
    public abstract void packB(boolean transB, float[] b, int bOff, int ldb, int p0, int kc, int j0, int nc);

    /**
     * {@code C[0 : mc, 0 : nc] += packedA * packedB} where C's element (i, j) is
     * {@code c[cOff + i*ldc + j]}, using the last {@link #packA} and {@link #packB}. With
     * {@code overwrite}, C is instead set to the product and its old contents (even NaN) never read:
     * this saves a zeroing pass over C for {@code beta == 0}.
     */
    public abstract void multiply(int mc, int nc, int kc, float[] c, int cOff, int ldc, boolean overwrite);
}
