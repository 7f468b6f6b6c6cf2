package dev.tauon.core.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GemmTest {

    private static final float SENTINEL = 12345f;

    /** (m, n, k) triples: odd sizes around the tile widths, plus k > KC; GemmBlockingTest crosses the mc and nc blocks. */
    private static final int[][] SIZES = {
        {1, 1, 1},
        {1, 17, 3},
        {3, 1, 17},
        {17, 33, 1},
        {33, 17, 65},
        {65, 129, 33},
        {129, 65, 17},
        {7, 3, 300},
        {200, 9, 5},
        {3, 2100, 5},
        {129, 33, 257},
    };

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String provider : Providers.names().toList()) {
            for (int[] s : SIZES) {
                for (int t = 0; t < 4; t++) {
                    cases.add(Arguments.of(provider, s[0], s[1], s[2], (t & 1) != 0, (t & 2) != 0));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} m={1} n={2} k={3} transA={4} transB={5}")
    @MethodSource("cases")
    void matchesNaiveReference(String provider, int m, int n, int k, boolean transA, boolean transB) {
        FloatOps ops = Providers.get(provider);
        float[][] alphaBeta = {{1f, 0f}, {0.5f, 2f}, {-1.5f, 1f}, {0f, -0.5f}};
        for (float[] ab : alphaBeta) {
            check(ops, transA, transB, m, n, k, ab[0], ab[1], 3, 2, 5);
        }
        check(ops, transA, transB, m, n, k, 1f, 0f, 0, 0, 0); // tight leading dimensions, no offsets
    }

    @Test
    void betaZeroIgnoresNaNInC() {
        for (String provider : Providers.names().toList()) {
            FloatOps ops = Providers.get(provider);
            float[] a = TestData.uniform(1, 5 * 7);
            float[] b = TestData.uniform(2, 7 * 9);
            float[] c = new float[5 * 9];
            Arrays.fill(c, Float.NaN);
            Gemm.gemm(ops, false, false, 5, 9, 7, 1f, a, 0, 7, b, 0, 9, 0f, c, 0, 9);
            for (float v : c) {
                assertTrue(Float.isFinite(v), provider + ": NaN in C survived beta = 0");
            }
            Arrays.fill(c, Float.NaN);
            Gemm.gemm(ops, false, false, 5, 9, 0, 1f, a, 0, 7, b, 0, 9, 0f, c, 0, 9);
            for (float v : c) {
                assertEquals(0f, v, provider + ": k = 0, beta = 0 must give zeros");
            }
        }
    }

    static Stream<Arguments> threadCases() {
        // The first shape is split between threads by columns, the second by rows.
        return Providers.names()
                .flatMap(p -> Stream.of(
                        Arguments.of(p, 65, 1000, 70, false, true), Arguments.of(p, 300, 40, 400, true, false)));
    }

    @ParameterizedTest(name = "{0} m={1} n={2} k={3}")
    @MethodSource("threadCases")
    void oneAndTwoThreadsAreBitwiseIdentical(String provider, int m, int n, int k, boolean transA, boolean transB) {
        FloatOps ops = Providers.get(provider);
        assertTrue((long) m * n * k >= Gemm.PARALLEL_MIN_MACS, "the shape must be large enough to be split");
        float[] a = TestData.uniform(3, m * k);
        float[] b = TestData.uniform(4, k * n);
        float[] c0 = TestData.uniform(5, m * n);
        float[] one = c0.clone();
        float[] two = c0.clone();
        int lda = transA ? m : k;
        int ldb = transB ? k : n;
        TestData.withThreads(
                1, () -> Gemm.gemm(ops, transA, transB, m, n, k, 0.7f, a, 0, lda, b, 0, ldb, 0.3f, one, 0, n));
        TestData.withThreads(
                2, () -> Gemm.gemm(ops, transA, transB, m, n, k, 0.7f, a, 0, lda, b, 0, ldb, 0.3f, two, 0, n));
        assertArrayEquals(one, two);
    }

    @Test
    void rejectsIllegalArguments() {
        float[] x = new float[12];
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Gemm.gemm(false, false, 3, 4, 5, 1f, x, 0, 5, x, 0, 4, 0f, x, 0, 4));
        assertTrue(e.getMessage().contains("Gemm") && e.getMessage().contains("m=3"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> Gemm.gemm(false, false, -1, 1, 1, 1f, x, 0, 1, x, 0, 1, 0f, x, 0, 1));
        assertThrows(
                IllegalArgumentException.class,
                () -> Gemm.gemm(false, false, 2, 2, 2, 1f, x, 0, 1, x, 0, 2, 0f, x, 0, 2));
        assertThrows(
                IllegalArgumentException.class,
                () -> Gemm.gemm(false, false, 2, 2, 2, 1f, x, -1, 2, x, 0, 2, 0f, x, 0, 2));
        IllegalArgumentException missing = assertThrows(
                IllegalArgumentException.class,
                () -> Gemm.gemm(false, false, 2, 2, 2, 1f, x, 0, 2, null, 0, 2, 0f, x, 0, 2));
        assertEquals("Gemm(m=2, n=2, k=2): B is null", missing.getMessage());
    }

    /** Runs one GEMM on padded, offset storage and compares C, and the untouched padding, with the reference. */
    private static void check(
            FloatOps ops,
            boolean transA,
            boolean transB,
            int m,
            int n,
            int k,
            float alpha,
            float beta,
            int offset,
            int pad,
            long seed) {
        int aRows = transA ? k : m;
        int aCols = transA ? m : k;
        int bRows = transB ? n : k;
        int bCols = transB ? k : n;
        int lda = aCols + pad;
        int ldb = bCols + pad;
        int ldc = n + pad;
        float[] a = TestData.uniform(seed, offset + aRows * lda);
        float[] b = TestData.uniform(seed + 1, offset + bRows * ldb);
        float[] c = TestData.uniform(seed + 2, offset + m * ldc);
        for (int i = 0; i < c.length; i++) {
            int col = (i - offset) % ldc;
            if (i < offset || col >= n) {
                c[i] = SENTINEL;
            }
        }
        float[] expected = c.clone();
        NaiveGemm.gemm(transA, transB, m, n, k, alpha, a, offset, lda, b, offset, ldb, beta, expected, offset, ldc);
        float[] actual = c.clone();
        Gemm.gemm(ops, transA, transB, m, n, k, alpha, a, offset, lda, b, offset, ldb, beta, actual, offset, ldc);
        String what = ops.name() + " m=" + m + " n=" + n + " k=" + k + " alpha=" + alpha + " beta=" + beta;
        for (int i = 0; i < c.length; i++) {
            int col = (i - offset) % ldc;
            if (i < offset || col >= n) {
                assertEquals(SENTINEL, actual[i], what + ": wrote outside C at " + i);
                continue;
            }
            int row = (i - offset) / ldc;
            double bound = 1e-6
                            * (k + 2)
                            * NaiveGemm.magnitude(
                                    transA, transB, k, alpha, a, offset, lda, b, offset, ldb, beta, c[i], row, col)
                    + 1e-30;
            assertEquals(expected[i], actual[i], bound, what + " at (" + row + ", " + col + ")");
        }
    }
}
