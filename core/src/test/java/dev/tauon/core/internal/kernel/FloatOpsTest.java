package dev.tauon.core.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FloatOpsTest {

    private static final int[] LENGTHS = {0, 1, 3, 15, 16, 17, 33, 65, 129, 1000};

    static Stream<String> providers() {
        return Providers.names();
    }

    @ParameterizedTest
    @MethodSource("providers")
    void addMatchesScalarLoop(String provider) {
        FloatOps ops = Providers.get(provider);
        for (int length : LENGTHS) {
            float[] src = TestData.uniform(21, length + 5);
            float[] dst = TestData.uniform(22, length + 9);
            float[] expected = dst.clone();
            for (int i = 0; i < length; i++) {
                expected[7 + i] += src[3 + i];
            }
            ops.add(src, 3, dst, 7, length);
            for (int i = 0; i < dst.length; i++) {
                assertEquals(expected[i], dst[i], 0f, provider + " length " + length + " at " + i);
            }
        }
    }

    /** Runs one, several and many vectors long, with tails; later runs overlapping earlier ones' destinations. */
    @ParameterizedTest
    @MethodSource("providers")
    void addRunsMatchesScalarLoop(String provider) {
        FloatOps ops = Providers.get(provider);
        for (int length : LENGTHS) {
            for (int dstStride : new int[] {length, length + 2, Math.max(1, length / 2)}) {
                int rows = 13;
                float[] src = TestData.uniform(24, 3 + rows * (length + 1));
                float[] dst = TestData.uniform(25, 7 + rows * dstStride + length);
                float[] expected = dst.clone();
                for (int r = 0; r < rows; r++) {
                    for (int i = 0; i < length; i++) {
                        expected[7 + r * dstStride + i] += src[3 + r * (length + 1) + i];
                    }
                }
                ops.addRuns(src, 3, length + 1, dst, 7, dstStride, rows, length);
                assertArrayEquals(expected, dst, provider + " length " + length + " stride " + dstStride);
            }
        }
    }

    /** Row counts below, at and past a vector, each with a tail; one column and many. */
    @ParameterizedTest
    @MethodSource("providers")
    void transposeMovesEachElement(String provider) {
        FloatOps ops = Providers.get(provider);
        for (int rows : new int[] {1, 7, 16, 17, 36, 169}) {
            for (int cols : new int[] {1, 3, 16, 32, 64}) {
                float[] src = TestData.uniform(26, 5 + rows * cols);
                float[] dst = ForwardPathCheck.filled(4 + rows * cols + 3);
                float[] expected = dst.clone();
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < cols; j++) {
                        expected[4 + j * rows + i] = src[5 + i * cols + j];
                    }
                }
                ops.transpose(src, 5, rows, cols, dst, 4);
                assertArrayEquals(expected, dst, provider + " " + rows + " x " + cols);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void sumMatchesDoubleSum(String provider) {
        FloatOps ops = Providers.get(provider);
        for (int length : LENGTHS) {
            float[] a = TestData.uniform(23, length + 4);
            double expected = 0;
            double magnitude = 0;
            for (int i = 0; i < length; i++) {
                expected += a[2 + i];
                magnitude += Math.abs(a[2 + i]);
            }
            assertEquals(expected, ops.sum(a, 2, length), 1e-6 * magnitude + 1e-30, provider + " length " + length);
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void reluBackwardPassesTheGradientWhereTheOutputIsPositive(String provider) {
        FloatOps ops = Providers.get(provider);
        float[] special = {
            0f,
            -0f,
            Float.MIN_VALUE,
            -Float.MIN_VALUE,
            Float.MAX_VALUE,
            Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY,
            Float.NaN,
            Float.intBitsToFloat(0xFFC00000),
            1f,
            -1f
        };
        for (int length : LENGTHS) {
            float[] out = TestData.uniform(24, length);
            float[] g = TestData.uniform(25, length);
            for (int i = 0; i < length; i++) {
                out[i] = i % 3 == 0 ? special[(i / 3) % special.length] : out[i];
            }
            // the middle of the arrays, from an odd offset: elements outside [off, off + n) stay untouched
            int off = Math.min(length, 5);
            int n = Math.max(0, length - off - 3);
            float[] dst = new float[length];
            java.util.Arrays.fill(dst, 42f);
            ops.reluBackward(out, g, dst, off, n);
            for (int i = 0; i < length; i++) {
                float expected = i < off || i >= off + n ? 42f : out[i] > 0f ? g[i] : 0f;
                assertEquals(
                        Float.floatToRawIntBits(expected),
                        Float.floatToRawIntBits(dst[i]),
                        provider + " length " + length + " at " + i + ": output " + out[i] + ", gradient " + g[i]);
            }
        }
    }
}
