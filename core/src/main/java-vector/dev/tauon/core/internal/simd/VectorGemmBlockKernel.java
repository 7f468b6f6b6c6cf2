package dev.tauon.core.internal.simd;

import dev.tauon.core.internal.kernel.GemmBlockKernel;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register-blocked GEMM micro-kernel on the Vector API: an 8 x (2 vectors) tile of C (8 x 32 floats
 * with AVX-512) lives in 16 vector registers while k runs; per k step it loads two vectors of packed
 * B, broadcasts eight packed A values and issues 16 FMAs. Sixteen independent accumulators cover the
 * FMA latency (4 cycles) times the two FMA pipes, and leave registers spare so C2 does not spill.
 *
 * <p>Packed B is {@code ceil(nc/NR)} panels of {@code kc x NR} floats, k-major and zero-padded, so
 * the kernel reads it with unit stride; with kc = 256 one panel (32 KiB) stays in the 48 KiB L1d.
 */
final class VectorGemmBlockKernel extends GemmBlockKernel {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final Class<? extends FloatVector> EXACT = ExactVectorClass.CLASS;
    static final int LANES = S.length();
    private static final int MR = 8;
    private static final int NR = 2 * LANES;

    private float[] bPack = new float[0];
    /**
     * Edge tiles, and every tile that adds to C, are computed here in full, then their valid part is
     * copied or added to C.
     */
    private final float[] tile = new float[MR * NR];

    VectorGemmBlockKernel() {
        super(MR);
    }

    @Override
    public int nr() {
        return NR;
    }

    @Override
    public void packB(boolean transB, float[] b, int bOff, int ldb, int p0, int kc, int j0, int nc) {
        int panels = (nc + NR - 1) / NR;
        float[] dst = bPanels(panels, kc);
        for (int panel = 0; panel < panels; panel++) {
            int cols = Math.min(NR, nc - panel * NR);
            int d = panel * NR * kc;
            if (transB) {
                // Stored B is n x k: walk each stored row contiguously and scatter it down a panel column.
                for (int j = 0; j < cols; j++) {
                    int s = bOff + (j0 + panel * NR + j) * ldb + p0;
                    for (int p = 0, dp = d + j; p < kc; p++, dp += NR) {
                        dst[dp] = b[s + p];
                    }
                }
                for (int p = 0, dp = d; cols < NR && p < kc; p++, dp += NR) {
                    Arrays.fill(dst, dp + cols, dp + NR, 0f);
                }
            } else {
                for (int p = 0; p < kc; p++, d += NR) {
                    System.arraycopy(b, bOff + (p0 + p) * ldb + j0 + panel * NR, dst, d, cols);
                    for (int j = cols; j < NR; j++) {
                        dst[d + j] = 0f;
                    }
                }
            }
        }
    }

    @Override
    public void packGatheredB(float[] b, int[] rowOffsets, int[] colOffsets, int p0, int kc, int j0, int nc) {
        int panels = (nc + NR - 1) / NR;
        float[] dst = bPanels(panels, kc);
        for (int panel = 0; panel < panels; panel++) {
            int cols = Math.min(NR, nc - panel * NR);
            int first = j0 + panel * NR;
            for (int p = 0, d = panel * NR * kc; p < kc; p++, d += NR) {
                int base = rowOffsets[p0 + p];
                for (int j = 0; j < cols; j++) {
                    dst[d + j] = b[base + colOffsets[first + j]];
                }
                for (int j = cols; j < NR; j++) {
                    dst[d + j] = 0f;
                }
            }
        }
    }

    /** {@link #bPack}, grown to hold {@code panels} packed B panels of {@code kc} rows. */
    private float[] bPanels(int panels, int kc) {
        int size = panels * NR * kc;
        if (bPack.length < size) {
            bPack = new float[size];
        }
        return bPack;
    }

    @Override
    public void multiply(int mc, int nc, int kc, float[] c, int cOff, int ldc, boolean overwrite) {
        for (int j0 = 0; j0 < nc; j0 += NR) {
            int bo = j0 * kc;
            int cols = Math.min(NR, nc - j0);
            for (int i0 = 0; i0 < mc; i0 += MR) {
                int ao = i0 * kc;
                int rows = Math.min(MR, mc - i0);
                int co = cOff + i0 * ldc + j0;
                if (overwrite && rows == MR && cols == NR) {
                    kernel(kc, aPack, ao, bPack, bo, c, co, ldc);
                } else {
                    kernel(kc, aPack, ao, bPack, bo, tile, 0, NR);
                    storeTile(rows, cols, c, co, ldc, overwrite);
                }
            }
        }
    }

    @Override
    public boolean readsAInPlace() {
        return true;
    }

    /**
     * Full panels of 8 rows are read where they lie ({@link #kernelUnpackedA}); a last panel of fewer
     * rows is packed (zero-padded) and multiplied as usual. Same FMAs in the same order as packing.
     */
    @Override
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
        int full = mc / MR * MR;
        if (full < mc) {
            packA(false, 1f, a, aOff, lda, i0 + full, mc - full, p0, kc);
        }
        for (int j0 = 0; j0 < nc; j0 += NR) {
            int bo = j0 * kc;
            int cols = Math.min(NR, nc - j0);
            for (int r0 = 0; r0 < mc; r0 += MR) {
                int rows = Math.min(MR, mc - r0);
                int co = cOff + r0 * ldc + j0;
                int ao = aOff + (i0 + r0) * lda + p0;
                if (overwrite && rows == MR && cols == NR) {
                    kernelUnpackedA(kc, a, ao, lda, bPack, bo, c, co, ldc);
                    continue;
                }
                if (rows == MR) {
                    kernelUnpackedA(kc, a, ao, lda, bPack, bo, tile, 0, NR);
                } else {
                    kernel(kc, aPack, 0, bPack, bo, tile, 0, NR);
                }
                storeTile(rows, cols, c, co, ldc, overwrite);
            }
        }
    }

    /** As {@link #multiplyUnpackedA}, with full panels of 8 rows gathered by {@link #kernelGatheredA}. */
    @Override
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
        int full = mc / MR * MR;
        if (full < mc) {
            packGatheredA(a, rowOffsets, i0 + full, colOffsets, p0, mc - full, kc);
        }
        for (int j0 = 0; j0 < nc; j0 += NR) {
            int bo = j0 * kc;
            int cols = Math.min(NR, nc - j0);
            for (int r0 = 0; r0 < mc; r0 += MR) {
                int rows = Math.min(MR, mc - r0);
                int co = cOff + r0 * ldc + j0;
                if (overwrite && rows == MR && cols == NR) {
                    kernelGatheredA(kc, a, rowOffsets, i0 + r0, colOffsets, p0, bPack, bo, c, co, ldc);
                    continue;
                }
                if (rows == MR) {
                    kernelGatheredA(kc, a, rowOffsets, i0 + r0, colOffsets, p0, bPack, bo, tile, 0, NR);
                } else {
                    kernel(kc, aPack, 0, bPack, bo, tile, 0, NR);
                }
                storeTile(rows, cols, c, co, ldc, overwrite);
            }
        }
    }

    /** The valid {@code rows x cols} part of {@link #tile} copied to C, or added to it. */
    private void storeTile(int rows, int cols, float[] c, int co, int ldc, boolean overwrite) {
        if (overwrite) {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(tile, r * NR, c, co + r * ldc, cols);
            }
        } else if (cols == NR) {
            addFullRows(rows, c, co, ldc);
        } else {
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < cols; j++) {
                    c[co + r * ldc + j] += tile[r * NR + j];
                }
            }
        }
    }

    /** {@code C += tile} for {@code rows} full rows of NR, added as {@code tile + c}: the order the kernel used to add in. */
    private void addFullRows(int rows, float[] c, int co, int ldc) {
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < NR; j += LANES) {
                int at = co + r * ldc + j;
                FloatVector.fromArray(S, tile, r * NR + j)
                        .add(FloatVector.fromArray(S, c, at))
                        .intoArray(c, at);
            }
        }
    }

    /**
     * Stores the 8 x NR product of one packed A panel and one packed B panel at {@code co} in
     * {@code c}. It only ever stores: adding to C happens outside (through the tile), which keeps
     * this method small enough for C1 and free of a branch that merges vectors.
     */
    private static void kernel(int kc, float[] a, int ao, float[] b, int bo, float[] c, int co, int ldc) {
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
        FloatVector c60 = c00;
        FloatVector c61 = c00;
        FloatVector c70 = c00;
        FloatVector c71 = c00;
        for (int p = 0; p < kc; p++, ao += MR, bo += NR) {
            // Cast for the same reason as the stores below: b0.fma(...) is a call on b0.
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
            av = FloatVector.broadcast(S, a[ao + 6]);
            c60 = b0.fma(av, c60);
            c61 = b1.fma(av, c61);
            av = FloatVector.broadcast(S, a[ao + 7]);
            c70 = b0.fma(av, c70);
            c71 = b1.fma(av, c71);
        }
        // Each accumulator is cast to its exact class before it is stored, so the store binds
        // without a type profile (see ExactVectorClass: without the casts a thin profile left some
        // JVMs running this kernel ~15x slower for their whole life). Written out rather than through
        // a helper, since a call that takes vectors may box them.
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
        EXACT.cast(c60).intoArray(c, co + 6 * ldc);
        EXACT.cast(c61).intoArray(c, co + 6 * ldc + LANES);
        EXACT.cast(c70).intoArray(c, co + 7 * ldc);
        EXACT.cast(c71).intoArray(c, co + 7 * ldc + LANES);
    }

    /**
     * {@link #kernel} with the 8 rows of A read where they lie, row {@code r} from
     * {@code a[ao + r * lda]} on: the same FMAs into the same accumulators in the same order. A copy
     * rather than one kernel taking A's strides as parameters, so that the packed kernel (96% of
     * peak on L1-resident panels, docs/performance.md) keeps its constant offsets untouched.
     */
    private static void kernelUnpackedA(
            int kc, float[] a, int ao, int lda, float[] b, int bo, float[] c, int co, int ldc) {
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
        FloatVector c60 = c00;
        FloatVector c61 = c00;
        FloatVector c70 = c00;
        FloatVector c71 = c00;
        for (int p = 0; p < kc; p++, bo += NR) {
            // As in kernel(), with row r of the panel read at a[ao + r * lda + p].
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
            av = FloatVector.broadcast(S, a[ao + 6 * lda + p]);
            c60 = b0.fma(av, c60);
            c61 = b1.fma(av, c61);
            av = FloatVector.broadcast(S, a[ao + 7 * lda + p]);
            c70 = b0.fma(av, c70);
            c71 = b1.fma(av, c71);
        }
        // Each accumulator is cast to its exact class before it is stored, so the store binds
        // without a type profile (see ExactVectorClass: without the casts a thin profile left some
        // JVMs running this kernel ~15x slower for their whole life). Written out rather than through
        // a helper, since a call that takes vectors may box them.
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
        EXACT.cast(c60).intoArray(c, co + 6 * ldc);
        EXACT.cast(c61).intoArray(c, co + 6 * ldc + LANES);
        EXACT.cast(c70).intoArray(c, co + 7 * ldc);
        EXACT.cast(c71).intoArray(c, co + 7 * ldc + LANES);
    }

    /**
     * {@link #kernel} with the 8 rows of A gathered: element {@code (r, p)} at
     * {@code a[rowOffsets[ro + r] + colOffsets[po + p]]}. The same FMAs into the same accumulators in
     * the same order; a copy for the reason {@link #kernelUnpackedA} is one.
     */
    private static void kernelGatheredA(
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
        int t6 = rowOffsets[ro + 6];
        int t7 = rowOffsets[ro + 7];
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
        FloatVector c60 = c00;
        FloatVector c61 = c00;
        FloatVector c70 = c00;
        FloatVector c71 = c00;
        for (int p = 0; p < kc; p++, bo += NR) {
            // As in kernel(), with row r of the panel read at a[t_r + colOffsets[po + p]].
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
            av = FloatVector.broadcast(S, a[t6 + cp]);
            c60 = b0.fma(av, c60);
            c61 = b1.fma(av, c61);
            av = FloatVector.broadcast(S, a[t7 + cp]);
            c70 = b0.fma(av, c70);
            c71 = b1.fma(av, c71);
        }
        // Each accumulator is cast to its exact class before it is stored, so the store binds
        // without a type profile (see ExactVectorClass: without the casts a thin profile left some
        // JVMs running this kernel ~15x slower for their whole life). Written out rather than through
        // a helper, since a call that takes vectors may box them.
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
        EXACT.cast(c60).intoArray(c, co + 6 * ldc);
        EXACT.cast(c61).intoArray(c, co + 6 * ldc + LANES);
        EXACT.cast(c70).intoArray(c, co + 7 * ldc);
        EXACT.cast(c71).intoArray(c, co + 7 * ldc + LANES);
    }
}
