package dev.tauon.core.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Int8Gemm against a naive long-accumulating reference, per provider, on odd shapes and strides. */
class Int8GemmTest {

    static byte[] int8(long seed, int size) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] v = new byte[size];
        for (int i = 0; i < size; i++) {
            v[i] = (byte) random.nextInt(-127, 128);
        }
        return v;
    }

    private static final int[][] SIZES = {
        {1, 1, 1},
        {1, 1, 0},
        {3, 5, 7},
        {4, 1, 64},
        {5, 9, 63},
        {7, 13, 65},
        {9, 3, 130},
        {17, 33, 288},
        {64, 70, 27},
        {10, 1, 1024}
    };

    @ParameterizedTest
    @MethodSource("dev.tauon.core.internal.kernel.Providers#names")
    void matchesNaiveSumsOnOddShapesAndStrides(String provider) {
        FloatOps ops = Providers.get(provider);
        for (int[] s : SIZES) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            int lda = k + 3;
            int ldb = k + 5;
            byte[] a = int8(1, 2 + m * lda);
            byte[] b = int8(2, 1 + n * ldb);
            // C transposed and offset: element (i, j) at 4 + j*m + i
            int[] c = new int[4 + m * n];
            Int8Gemm.gemm(ops, a, 2, lda, m, b, 1, ldb, n, k, c, 4, 1, m);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    long sum = 0;
                    for (int p = 0; p < k; p++) {
                        sum += a[2 + i * lda + p] * b[1 + j * ldb + p];
                    }
                    assertEquals(
                            sum, c[4 + j * m + i], provider + " m=" + m + " n=" + n + " k=" + k + " at " + i + "," + j);
                }
            }
        }
    }

    @Test
    void extremeValuesAtTheLongestSumDoNotOverflow() {
        int k = Int8Gemm.MAX_K;
        byte[] a = new byte[2 * k];
        byte[] b = new byte[k];
        Arrays.fill(a, 0, k, (byte) 127);
        Arrays.fill(a, k, 2 * k, (byte) -127);
        Arrays.fill(b, (byte) 127);
        for (String provider : new String[] {"plain", "vector"}) {
            int[] c = new int[2];
            Int8Gemm.gemm(Providers.get(provider), a, 0, k, 2, b, 0, k, 1, k, c, 0, 1, 1);
            assertEquals(2_114_060_288, c[0], provider);
            assertEquals(-2_114_060_288, c[1], provider);
            assertEquals(Integer.MAX_VALUE - 2_114_060_288, Int8Gemm.biasLimit(k));
        }
    }

    @Test
    void oneAndTwoThreadsAndBothProvidersGiveTheSameValues() {
        int m = 37;
        int n = 300;
        int k = 200;
        byte[] a = int8(3, m * k);
        byte[] b = int8(4, n * k);
        int[][] results = new int[3][];
        for (int t = 1; t <= 2; t++) {
            int[] c = new int[m * n];
            TestData.withThreads(t, () -> Int8Gemm.gemm(a, 0, k, m, b, 0, k, n, k, c, 0, n, 1));
            results[t - 1] = c;
        }
        results[2] = new int[m * n];
        Int8Gemm.gemm(Providers.get("plain"), a, 0, k, m, b, 0, k, n, k, results[2], 0, n, 1);
        assertArrayEquals(results[0], results[1], "1 vs 2 threads");
        assertArrayEquals(results[0], results[2], "active provider vs plain");
    }

    @Test
    void badArgumentsAreRefusedWithTheShape() {
        byte[] a = new byte[12];
        int[] c = new int[4];
        assertEquals(
                "Int8Gemm.gemm: k=131073 must be 0 to 131072 (above it a sum of int8 products could overflow an int)",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> Int8Gemm.gemm(a, 0, 131073, 1, a, 0, 131073, 1, 131073, c, 0, 1, 1))
                        .getMessage());
        assertEquals(
                "Int8Gemm.gemm: b has 12 elements, needs 13 for m=2 n=2 k=6 lda=6 ldb=7 ldcRow=2 ldcCol=1",
                assertThrows(IllegalArgumentException.class, () -> Int8Gemm.gemm(a, 0, 6, 2, a, 0, 7, 2, 6, c, 0, 2, 1))
                        .getMessage());
        assertEquals(
                "Int8Gemm.gemm: sizes must be >= 1, row strides >= k, offsets and output strides >= 0: m=1 n=1"
                        + " k=6 lda=5 ldb=6 ldcRow=1 ldcCol=1",
                assertThrows(IllegalArgumentException.class, () -> Int8Gemm.gemm(a, 0, 5, 1, a, 0, 6, 1, 6, c, 0, 1, 1))
                        .getMessage());
    }
}
