package dev.tauon.core.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GemmBlockingTest {

    /** Block sizes from far below to far above the shapes: each splits the rows and columns differently. */
    private static final int[][] BLOCKS = {{8, 64}, {48, 512}, {96, 2048}, {200, 4096}, {1 << 12, 1 << 20}};

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.tauon.core.internal.kernel.Providers#names")
    void blockSizesNeverChangeTheBits(String provider) {
        FloatOps ops = Providers.get(provider);
        int[][] shapes = {{129, 700, 300}, {33, 130, 513}, {250, 77, 31}};
        for (int[] s : shapes) {
            for (int t = 0; t < 4; t++) {
                boolean transA = (t & 1) != 0;
                boolean transB = (t & 2) != 0;
                float[] first = null;
                for (int[] block : BLOCKS) {
                    float[] c = product(ops, s[0], s[1], s[2], transA, transB, block[0], block[1]);
                    if (first == null) {
                        first = c;
                    } else {
                        assertArrayEquals(
                                first,
                                c,
                                "m=" + s[0] + " n=" + s[1] + " k=" + s[2] + " transA=" + transA + " transB=" + transB
                                        + " mc=" + block[0] + " nc=" + block[1]);
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.tauon.core.internal.kernel.Providers#names")
    void readingAInPlaceGivesThePackedBits(String provider) {
        FloatOps ops = Providers.get(provider);
        SplittableRandom r = new SplittableRandom(7);
        int lda = 300;
        float[] a = new float[40 * lda];
        float[] b = new float[lda * 70];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) ((r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(6) - 3));
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) ((r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(6) - 3));
        }
        // rows 3..3+mc of A from column 17, 19 rows (two full panels of 8 and a tail of 3), 70 columns of B.
        for (boolean overwrite : new boolean[] {true, false}) {
            float[] packed = new float[19 * 80];
            float[] inPlace = new float[19 * 80];
            java.util.Arrays.fill(packed, 0.25f);
            java.util.Arrays.fill(inPlace, 0.25f);
            GemmBlockKernel k1 = ops.newGemmBlockKernel();
            k1.packB(false, b, 0, 70, 17, 200, 0, 70);
            k1.packA(false, 1f, a, 0, lda, 3, 19, 17, 200);
            k1.multiply(19, 70, 200, packed, 0, 80, overwrite);
            GemmBlockKernel k2 = ops.newGemmBlockKernel();
            k2.packB(false, b, 0, 70, 17, 200, 0, 70);
            k2.multiplyUnpackedA(a, 0, lda, 3, 17, 19, 70, 200, inPlace, 0, 80, overwrite);
            assertArrayEquals(packed, inPlace, "overwrite=" + overwrite);
        }
    }

    /** A product whose sums lose bits when reordered: values spread over six orders of magnitude. */
    private static float[] product(FloatOps ops, int m, int n, int k, boolean transA, boolean transB, int mc, int nc) {
        SplittableRandom r = new SplittableRandom(m * 31L + n * 7L + k);
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) ((r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(6) - 3));
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) ((r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(6) - 3));
        }
        float[] c = new float[m * n];
        PackedGemm.multiply(
                ops.newGemmBlockKernel(),
                transA,
                transB,
                0,
                m,
                0,
                n,
                k,
                1f,
                a,
                0,
                transA ? m : k,
                b,
                0,
                transB ? k : n,
                c,
                0,
                n,
                true,
                mc,
                nc);
        return c;
    }

    @org.junit.jupiter.api.Test
    void rulesGiveTheAmdHostsMeasuredBlocksAndStayInBounds() {
        assertEquals(96, GemmBlocking.mcFor(1 << 20), "1 MiB L2 (Zen 5)");
        assertEquals(192, GemmBlocking.mcFor(2 << 20), "2 MiB L2 (the Intel host)");
        assertEquals(48, GemmBlocking.mcFor(512 << 10), "512 KiB L2 (Zen 3)");
        assertEquals(GemmBlocking.MIN_MC, GemmBlocking.mcFor(64 << 10));
        assertEquals(GemmBlocking.MAX_MC, GemmBlocking.mcFor(1L << 34));
        assertEquals(2048, GemmBlocking.ncFor(16 << 20), "32 MiB L3 shared by two CPUs");
        assertEquals(GemmBlocking.MAX_NC, GemmBlocking.ncFor(240L << 20), "480 MiB reported to two CPUs");
        assertEquals(GemmBlocking.MIN_NC, GemmBlocking.ncFor(0), "no L3: the default's share");
        assertTrue(GemmBlocking.MC % GemmBlocking.MC_STEP == 0 && GemmBlocking.NC % GemmBlocking.NC_STEP == 0
                || Integer.getInteger("tauon.gemm.mc") != null
                || Integer.getInteger("tauon.gemm.nc") != null);
    }
}
