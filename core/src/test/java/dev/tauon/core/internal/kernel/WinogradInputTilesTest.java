package dev.tauon.core.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Winograd input transform of a channels-last image ({@link FloatOps#winogradInput}) against
 * {@code B^T d B} written out from the image as stored ({@code [c, h, w]}), bit for bit, on every
 * provider: channel counts with and without a partial vector, padding on one side, both sides and
 * none, a 1x1 image, NaN, infinities and -0 in the image; and nothing written between the planes.
 */
class WinogradInputTilesTest {

    /** c, h, w, padH, padW: tiles cover the output of a 3x3 stride-1 convolution. */
    private static final int[][] SHAPES = {
        {37, 5, 7, 1, 1}, // two whole vectors of 16 and a tail, odd sizes
        {64, 4, 4, 1, 1}, // res256x4-like
        {16, 6, 9, 0, 0}, // unpadded: a partial last tile column
        {3, 1, 1, 1, 1}, // a 1x1 image, channels fewer than a vector
        {48, 3, 4, 2, 1}, // padding wider than "same"
    };

    static Stream<Arguments> cases() {
        return Providers.withIndices(SHAPES.length);
    }

    @ParameterizedTest(name = "{0} shape #{1}")
    @MethodSource("cases")
    void givesTheFormulasBits(String provider, int shapeIndex) {
        FloatOps ops = Providers.get(provider);
        int[] shape = SHAPES[shapeIndex];
        int c = shape[0];
        int h = shape[1];
        int w = shape[2];
        int padH = shape[3];
        int padW = shape[4];
        int tilesH = (h + 2 * padH - 2 + 1) / 2;
        int tilesW = (w + 2 * padW - 2 + 1) / 2;
        int tiles = tilesH * tilesW;
        float[] image = ForwardPathCheck.withSpecialValues(TestData.uniform(71 + shapeIndex, c * h * w));
        float[] channelsLast = new float[(h * w + 1) * c]; // the zero pixel last
        for (int ci = 0; ci < c; ci++) {
            for (int p = 0; p < h * w; p++) {
                channelsLast[p * c + ci] = image[ci * h * w + p];
            }
        }
        int at = 5;
        int plane = tiles * c + 3; // a gap after each plane, which must stay untouched
        float[] expected = TestData.unwritten(at + 16 * plane);
        for (int ty = 0; ty < tilesH; ty++) {
            for (int tx = 0; tx < tilesW; tx++) {
                for (int ci = 0; ci < c; ci++) {
                    float[] v = transformed(image, ci, h, w, 2 * ty - padH, 2 * tx - padW);
                    for (int xi = 0; xi < 16; xi++) {
                        expected[at + xi * plane + (ty * tilesW + tx) * c + ci] = v[xi];
                    }
                }
            }
        }
        float[] actual = TestData.unwritten(expected.length);
        int[] windows = WinogradInputTiles.windows(h, w, c, padH, padW, tilesH, tilesW);
        ops.winogradInput(channelsLast, windows, tiles, c, actual, plane, at);
        assertArrayEquals(expected, actual, ops.name() + " " + Arrays.toString(shape));
    }

    /** Padding points at the zero pixel after the image, the rest at their pixel's channels. */
    @Test
    void windowsPointPaddingAtTheZeroPixel() {
        int[] windows = WinogradInputTiles.windows(3, 4, 2, 1, 1, 2, 2);
        int zero = 3 * 4 * 2;
        // Tile (0, 0): its first window row and column are padding; (1, 1) is pixel (0, 0).
        assertArrayEquals(
                new int[] {zero, zero, zero, zero, zero, 0, 2, 4, zero, 8, 10, 12, zero, 16, 18, 20},
                Arrays.copyOfRange(windows, 0, 16));
        // Tile (1, 1): rows 1 and 2 of the image, then padding below; columns 1 to 3, then padding.
        assertArrayEquals(
                new int[] {10, 12, 14, zero, 18, 20, 22, zero, zero, zero, zero, zero, zero, zero, zero, zero},
                Arrays.copyOfRange(windows, 48, 64));
    }

    /** Channel {@code ci}'s 4x4 window from {@code (y0, x0)} (zeros outside the image), times {@code B^T . B}. */
    private static float[] transformed(float[] image, int ci, int h, int w, int y0, int x0) {
        float[][] d = new float[4][4];
        for (int r = 0; r < 4; r++) {
            for (int q = 0; q < 4; q++) {
                int y = y0 + r;
                int x = x0 + q;
                d[r][q] = y >= 0 && y < h && x >= 0 && x < w ? image[(ci * h + y) * w + x] : 0f;
            }
        }
        float[] v = new float[16];
        for (int q = 0; q < 4; q++) { // B^T d: the rows combined, column by column
            float[] e = {d[0][q] - d[2][q], d[1][q] + d[2][q], d[2][q] - d[1][q], d[1][q] - d[3][q]};
            for (int k = 0; k < 4; k++) {
                d[k][q] = e[k];
            }
        }
        for (int k = 0; k < 4; k++) { // (B^T d) B: each combined row's columns
            float[] f = d[k];
            v[4 * k] = f[0] - f[2];
            v[4 * k + 1] = f[1] + f[2];
            v[4 * k + 2] = f[2] - f[1];
            v[4 * k + 3] = f[1] - f[3];
        }
        return v;
    }
}
