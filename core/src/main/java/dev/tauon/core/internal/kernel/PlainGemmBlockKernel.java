package dev.tauon.core.internal.kernel;

/**
 * GEMM block kernel in plain Java, written in the one loop shape C2's SuperWord pass vectorises
 * reliably: every array in the inner loop indexed by the same {@code j} with no offset
 * ({@code acc[j] += a * b[j]}). With two different offsets ({@code y[yo+j] += a*x[xo+j]}) C2 cannot
 * rule out overlap and falls back to scalar code, about 5x slower here. So packed B is one array per
 * k row, and the accumulators are whole rows indexed like B.
 *
 * <p>Each product is added with {@link Math#fma}, one rounding as in the Vector API kernel's
 * {@code fma}, and in the same order (k increasing from a zero accumulator within a KC block), so
 * both providers give the same bits. C2 compiles {@code Math.fma} to the CPU's FMA instruction and
 * vectorises it like a multiply-add; on a CPU without FMA it would be emulated, and slow.
 */
final class PlainGemmBlockKernel extends GemmBlockKernel {

    /** Rows of C updated together: each load of a B row feeds this many accumulator rows. */
    static final int MR = 4;
    /** Columns per pass: keeps the MR accumulator rows and the B row slice in L1. */
    private static final int COLUMN_CHUNK = 512;

    private float[][] bRows = new float[0][];
    private final float[][] acc = new float[MR][];

    PlainGemmBlockKernel() {
        super(MR);
        for (int r = 0; r < MR; r++) {
            acc[r] = new float[0];
        }
    }

    @Override
    public int nr() {
        return 16;
    }

    @Override
    public void packB(boolean transB, float[] b, int bOff, int ldb, int p0, int kc, int j0, int nc) {
        growRows(kc, nc);
        for (int p = 0; p < kc; p++) {
            float[] row = bRows[p];
            if (transB) {
                int s = bOff + j0 * ldb + p0 + p;
                for (int j = 0; j < nc; j++, s += ldb) {
                    row[j] = b[s];
                }
            } else {
                System.arraycopy(b, bOff + (p0 + p) * ldb + j0, row, 0, nc);
            }
        }
    }

    @Override
    public void packGatheredB(float[] b, int[] rowOffsets, int[] colOffsets, int p0, int kc, int j0, int nc) {
        growRows(kc, nc);
        for (int p = 0; p < kc; p++) {
            float[] row = bRows[p];
            int base = rowOffsets[p0 + p];
            for (int j = 0; j < nc; j++) {
                row[j] = b[base + colOffsets[j0 + j]];
            }
        }
    }

    /** Makes room for {@code kc} packed B rows of {@code nc} floats, and accumulator rows as long. */
    private void growRows(int kc, int nc) {
        if (bRows.length < kc) {
            float[][] grown = new float[kc][];
            System.arraycopy(bRows, 0, grown, 0, bRows.length);
            bRows = grown;
        }
        for (int p = 0; p < kc; p++) {
            float[] row = bRows[p];
            if (row == null || row.length < nc) {
                bRows[p] = new float[Math.max(nc, row == null ? 0 : row.length * 2)];
            }
        }
        for (int r = 0; r < MR; r++) {
            if (acc[r].length < nc) {
                acc[r] = new float[nc];
            }
        }
    }

    @Override
    public void multiply(int mc, int nc, int kc, float[] c, int cOff, int ldc, boolean overwrite) {
        float[] ap = aPack;
        float[][] br = bRows;
        float[] acc0 = acc[0];
        float[] acc1 = acc[1];
        float[] acc2 = acc[2];
        float[] acc3 = acc[3];
        for (int i0 = 0; i0 < mc; i0 += MR) {
            int ao = i0 * kc;
            int rows = Math.min(MR, mc - i0);
            for (int j0 = 0; j0 < nc; j0 += COLUMN_CHUNK) {
                int j1 = Math.min(nc, j0 + COLUMN_CHUNK);
                for (int j = j0; j < j1; j++) {
                    acc0[j] = 0f;
                    acc1[j] = 0f;
                    acc2[j] = 0f;
                    acc3[j] = 0f;
                }
                for (int p = 0; p < kc; p++) {
                    int a = ao + p * MR;
                    float a0 = ap[a];
                    float a1 = ap[a + 1];
                    float a2 = ap[a + 2];
                    float a3 = ap[a + 3];
                    float[] bp = br[p];
                    for (int j = j0; j < j1; j++) {
                        float bj = bp[j];
                        acc0[j] = Math.fma(a0, bj, acc0[j]);
                        acc1[j] = Math.fma(a1, bj, acc1[j]);
                        acc2[j] = Math.fma(a2, bj, acc2[j]);
                        acc3[j] = Math.fma(a3, bj, acc3[j]);
                    }
                }
            }
            for (int r = 0; r < rows; r++) {
                float[] src = acc[r];
                int co = cOff + (i0 + r) * ldc;
                if (overwrite) {
                    System.arraycopy(src, 0, c, co, nc);
                } else {
                    for (int j = 0; j < nc; j++) {
                        c[co + j] += src[j];
                    }
                }
            }
        }
    }
}
