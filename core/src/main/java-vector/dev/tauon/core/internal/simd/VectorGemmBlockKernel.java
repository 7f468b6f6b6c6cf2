package dev.tauon.core.internal.simd;

import dev.tauon.core.internal.kernel.GemmBlockKernel;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register-blocked GEMM micro-kernel on the Vector API: a tile of C of {@code mr} rows x (2 vectors)
 * lives in registers while k runs ({@link EightRowTiles} with 32 vector registers, {@link
 * SixRowTiles} with 16; {@link TileRows} chooses). Per k step it loads two vectors of packed B,
 * broadcasts {@code mr} values of A and issues {@code 2 mr} FMAs.
 *
 * <p>Packed B is {@code ceil(nc/NR)} panels of {@code kc x NR} floats, k-major and zero-padded, so
 * the kernel reads it with unit stride; with kc = 256 one panel (32 KiB with AVX-512, 16 KiB with
 * AVX2) stays in L1d.
 */
final class VectorGemmBlockKernel extends GemmBlockKernel {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final Class<? extends FloatVector> EXACT = ExactVectorClass.CLASS;
    static final int LANES = S.length();
    private static final int NR = 2 * LANES;
    /** Eight floats: a full panel row of the eight-row tiles. */
    private static final VectorSpecies<Float> PANEL_ROW = FloatVector.SPECIES_256;
    /** Its concrete class, for the casts {@link ExactVectorClass} explains. */
    private static final Class<? extends FloatVector> PANEL_ROW_CLASS =
            FloatVector.zero(PANEL_ROW).getClass();

    private float[] bPack = new float[0];
    /**
     * Edge tiles, and every tile that adds to C, are computed here in full, then their valid part is
     * copied or added to C.
     */
    private final float[] tile;

    /** A kernel whose tiles have {@code rows} rows: 8 or 6 ({@link TileRows}). */
    VectorGemmBlockKernel(int rows) {
        super(TileRows.check(rows));
        tile = new float[rows * NR];
    }

    @Override
    public int nr() {
        return NR;
    }

    /**
     * A full panel of eight rows as one 256-bit vector per p (the scalar loop is too short for C2 to
     * vectorise, and took 40% of the GEMM's time in the channels-last input gradient); other panels
     * as the scalar loop. {@code alpha * a} either way.
     */
    @Override
    protected void packTransposedPanel(
            float alpha, float[] a, int from, int lda, int rows, int kc, float[] dst, int base) {
        if (rows != mr || mr != PANEL_ROW.length()) {
            super.packTransposedPanel(alpha, a, from, lda, rows, kc, dst, base);
            return;
        }
        for (int p = 0; p < kc; p++) {
            FloatVector row = PANEL_ROW_CLASS.cast(FloatVector.fromArray(PANEL_ROW, a, from + p * lda));
            PANEL_ROW_CLASS.cast(row.mul(alpha)).intoArray(dst, base + p * mr);
        }
    }

    @Override
    public void packB(boolean transB, float[] b, int bOff, int ldb, int p0, int kc, int j0, int nc) {
        int panels = (nc + NR - 1) / NR;
        float[] dst = bPanels(panels, kc);
        for (int panel = 0; panel < panels; panel++) {
            int cols = Math.min(NR, nc - panel * NR);
            int d = panel * NR * kc;
            if (transB) {
                // Stored B is n x k: the panel's cols stored rows, kc long, transposed into it.
                VectorTranspose.transpose(b, bOff + (j0 + panel * NR) * ldb + p0, ldb, cols, kc, dst, d, NR);
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
            for (int i0 = 0; i0 < mc; i0 += mr) {
                int ao = i0 * kc;
                int rows = Math.min(mr, mc - i0);
                int co = cOff + i0 * ldc + j0;
                if (overwrite && rows == mr && cols == NR) {
                    packed(kc, aPack, ao, bPack, bo, c, co, ldc);
                } else {
                    packed(kc, aPack, ao, bPack, bo, tile, 0, NR);
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
     * Full panels of {@code mr} rows are read where they lie ({@link #unpackedA}); a last panel of fewer
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
        int full = mc / mr * mr;
        if (full < mc) {
            packA(false, 1f, a, aOff, lda, i0 + full, mc - full, p0, kc);
        }
        for (int j0 = 0; j0 < nc; j0 += NR) {
            int bo = j0 * kc;
            int cols = Math.min(NR, nc - j0);
            for (int r0 = 0; r0 < mc; r0 += mr) {
                int rows = Math.min(mr, mc - r0);
                int co = cOff + r0 * ldc + j0;
                int ao = aOff + (i0 + r0) * lda + p0;
                if (overwrite && rows == mr && cols == NR) {
                    unpackedA(kc, a, ao, lda, bPack, bo, c, co, ldc);
                    continue;
                }
                if (rows == mr) {
                    unpackedA(kc, a, ao, lda, bPack, bo, tile, 0, NR);
                } else {
                    packed(kc, aPack, 0, bPack, bo, tile, 0, NR);
                }
                storeTile(rows, cols, c, co, ldc, overwrite);
            }
        }
    }

    /** As {@link #multiplyUnpackedA}, with full panels of {@code mr} rows gathered by {@link #gatheredA}. */
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
        int full = mc / mr * mr;
        if (full < mc) {
            packGatheredA(a, rowOffsets, i0 + full, colOffsets, p0, mc - full, kc);
        }
        for (int j0 = 0; j0 < nc; j0 += NR) {
            int bo = j0 * kc;
            int cols = Math.min(NR, nc - j0);
            for (int r0 = 0; r0 < mc; r0 += mr) {
                int rows = Math.min(mr, mc - r0);
                int co = cOff + r0 * ldc + j0;
                if (overwrite && rows == mr && cols == NR) {
                    gatheredA(kc, a, rowOffsets, i0 + r0, colOffsets, p0, bPack, bo, c, co, ldc);
                    continue;
                }
                if (rows == mr) {
                    gatheredA(kc, a, rowOffsets, i0 + r0, colOffsets, p0, bPack, bo, tile, 0, NR);
                } else {
                    packed(kc, aPack, 0, bPack, bo, tile, 0, NR);
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

    // The tile height is fixed per instance, so each branch below always goes the same way.

    private void packed(int kc, float[] a, int ao, float[] b, int bo, float[] c, int co, int ldc) {
        if (mr == 8) {
            EightRowTiles.packed(kc, a, ao, b, bo, c, co, ldc);
        } else {
            SixRowTiles.packed(kc, a, ao, b, bo, c, co, ldc);
        }
    }

    private void unpackedA(int kc, float[] a, int ao, int lda, float[] b, int bo, float[] c, int co, int ldc) {
        if (mr == 8) {
            EightRowTiles.unpackedA(kc, a, ao, lda, b, bo, c, co, ldc);
        } else {
            SixRowTiles.unpackedA(kc, a, ao, lda, b, bo, c, co, ldc);
        }
    }

    private void gatheredA(
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
        if (mr == 8) {
            EightRowTiles.gatheredA(kc, a, rowOffsets, ro, colOffsets, po, b, bo, c, co, ldc);
        } else {
            SixRowTiles.gatheredA(kc, a, rowOffsets, ro, colOffsets, po, b, bo, c, co, ldc);
        }
    }
}
