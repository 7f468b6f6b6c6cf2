package dev.tauon.core.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Winograd filter transforms ({@link FloatOps#winogradFilters}, {@link
 * FloatOps#winogradFilterGradients}) against {@code G g G^T} and {@code G^T dU G} written as {@code
 * G} applied to columns, then rows, bit for bit, on every provider: channel counts with and without
 * a partial vector, filters as stored and rotated (an input gradient's), a range of filters that
 * starts and ends inside a vector; NaN, infinities and -0 among the inputs; nothing written outside
 * the filters asked for.
 */
class WinogradFilterTilesTest {

    /** o, c, oc0, oc1: every input channel of filters oc0 to oc1 - 1. */
    private static final int[][] SHAPES = {
        {3, 37, 0, 3}, // two vectors of 16 channels and a tail
        {4, 16, 1, 3}, // one vector, a range of filters inside the layer
        {2, 5, 0, 2}, // fewer channels than a vector
    };

    static Stream<Arguments> cases() {
        return Providers.withIndices(SHAPES.length);
    }

    @ParameterizedTest(name = "{0} shape #{1}")
    @MethodSource("cases")
    void transformGivesTheFormulasBits(String provider, int shapeIndex) {
        FloatOps ops = Providers.get(provider);
        int[] shape = SHAPES[shapeIndex];
        int o = shape[0];
        int c = shape[1];
        float[] w = ForwardPathCheck.withSpecialValues(TestData.uniform(61 + shapeIndex, o * c * 9));
        for (boolean rotated : new boolean[] {false, true}) {
            int plane = o * c + 5; // a gap after each plane
            float[] expected = TestData.unwritten(16 * plane);
            for (int oc = shape[2]; oc < shape[3]; oc++) {
                for (int ci = 0; ci < c; ci++) {
                    float[] g = new float[9];
                    for (int k = 0; k < 9; k++) {
                        g[k] = rotated ? w[(ci * o + oc) * 9 + 8 - k] : w[(oc * c + ci) * 9 + k];
                    }
                    float[] u = gGt(g);
                    for (int xi = 0; xi < 16; xi++) {
                        expected[xi * plane + oc * c + ci] = u[xi];
                    }
                }
            }
            float[] actual = TestData.unwritten(expected.length);
            ops.winogradFilters(w, rotated, o, c, shape[2], shape[3], actual, plane);
            assertArrayEquals(expected, actual, ops.name() + " " + Arrays.toString(shape) + " rotated " + rotated);
        }
    }

    @ParameterizedTest(name = "{0} shape #{1}")
    @MethodSource("cases")
    void gradientGivesTheFormulasBits(String provider, int shapeIndex) {
        FloatOps ops = Providers.get(provider);
        int[] shape = SHAPES[shapeIndex];
        int filters = shape[0] * shape[1];
        int from = shape[2] * shape[1] + 3; // not on a vector's boundary
        int to = shape[3] * shape[1] - 1;
        int plane = filters + 7;
        float[] du = ForwardPathCheck.withSpecialValues(TestData.uniform(71 + shapeIndex, 16 * plane));
        float[] expected = TestData.unwritten(9 * filters);
        for (int i = from; i < to; i++) {
            float[] d = new float[16];
            for (int xi = 0; xi < 16; xi++) {
                d[xi] = du[xi * plane + i];
            }
            System.arraycopy(gtDuG(d), 0, expected, 9 * i, 9);
        }
        float[] actual = TestData.unwritten(expected.length);
        ops.winogradFilterGradients(du, plane, from, to, actual);
        assertArrayEquals(expected, actual, ops.name() + " " + Arrays.toString(shape));
    }

    /** {@code G g G^T} (4x4, row-major) of a 3x3 filter: G applied to each column of g, then to each row of that. */
    private static float[] gGt(float[] g) {
        float[][] gg = new float[4][3];
        for (int j = 0; j < 3; j++) {
            float[] column = g(g[j], g[3 + j], g[6 + j]);
            for (int r = 0; r < 4; r++) {
                gg[r][j] = column[r];
            }
        }
        float[] u = new float[16];
        for (int r = 0; r < 4; r++) {
            System.arraycopy(g(gg[r][0], gg[r][1], gg[r][2]), 0, u, 4 * r, 4);
        }
        return u;
    }

    /** {@code G a} for {@code G = [[1, 0, 0], [1/2, 1/2, 1/2], [1/2, -1/2, 1/2], [0, 0, 1]]}, sums left to right. */
    private static float[] g(float a0, float a1, float a2) {
        return new float[] {a0, 0.5f * (a0 + a1 + a2), 0.5f * (a0 - a1 + a2), a2};
    }

    /** {@code G^T dU G} (3x3, row-major) of a 4x4 {@code dU}: G^T applied to each column, then to each row of that. */
    private static float[] gtDuG(float[] d) {
        float[][] rows = new float[3][4];
        for (int j = 0; j < 4; j++) {
            float[] column = gt(d[j], d[4 + j], d[8 + j], d[12 + j]);
            for (int r = 0; r < 3; r++) {
                rows[r][j] = column[r];
            }
        }
        float[] g = new float[9];
        for (int r = 0; r < 3; r++) {
            System.arraycopy(gt(rows[r][0], rows[r][1], rows[r][2], rows[r][3]), 0, g, 3 * r, 3);
        }
        return g;
    }

    /** {@code G^T d}, as {@code d0 + 0.5 d1 + 0.5 d2, 0.5 d1 - 0.5 d2, 0.5 d1 + 0.5 d2 + d3}, sums left to right. */
    private static float[] gt(float d0, float d1, float d2, float d3) {
        return new float[] {d0 + 0.5f * d1 + 0.5f * d2, 0.5f * d1 - 0.5f * d2, 0.5f * d1 + 0.5f * d2 + d3};
    }
}
