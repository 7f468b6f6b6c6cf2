package dev.tauon.core.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Winograd input transform of a channels-last image ({@link FloatOps#winogradInput}), and of
 * planes read where they lie ({@link FloatOps#winogradSplit}, {@link FloatOps#winogradInputPlane}),
 * against {@code B^T d B} written out from the image as stored ({@code [c, h, w]}), bit for bit, on
 * every provider: channel counts with and without a partial vector, rows of tiles with and without
 * one, padding on one side, both sides and none, a 1x1 image, NaN, infinities and -0 in the image;
 * and nothing written between the planes.
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

    /** c, h, w, padH, padW, images: grids read a plane at a time, with and without whole vectors of tiles. */
    private static final int[][] PLANE_SHAPES = {
        {3, 32, 32, 1, 1, 2}, // res64x32-like: rows of 16 tiles
        {5, 16, 16, 1, 1, 3}, // rows of 8 tiles: two rows a vector with 16 lanes
        {2, 13, 16, 1, 1, 2}, // 7 rows of 8 tiles: the last row alone, stored whole over the next image's
        {3, 8, 8, 1, 1, 2}, // rows of 4 tiles: two a vector with 8 lanes, a quarter of one with 16
        {2, 7, 41, 1, 1, 2}, // odd sizes: rows of 21 tiles, 41 columns (two vectors and 9)
        {4, 9, 18, 0, 0, 1}, // unpadded: 7x16 output
        {2, 6, 33, 2, 2, 2}, // padding 2: 8x35 output
        {2, 1, 1, 1, 1, 3}, // a 1x1 image: one tile
    };

    static Stream<Arguments> planeCases() {
        return Providers.withIndices(PLANE_SHAPES.length);
    }

    /**
     * Each channel plane split by column parity ({@link FloatOps#winogradSplit}) and transformed ({@link
     * FloatOps#winogradInputPlane}) in the order {@link WinogradConv2d#transformImages} calls them
     * (channel by channel, image by image in a channel), into {@code [c, images * tiles]} planes:
     * the formula's bits for every element (NaN, infinities and -0 among the pixels), nothing written
     * past a plane's spare line.
     */
    @ParameterizedTest(name = "{0} shape #{1}")
    @MethodSource("planeCases")
    void planesGiveTheFormulasBits(String provider, int shapeIndex) {
        FloatOps ops = Providers.get(provider);
        int[] shape = PLANE_SHAPES[shapeIndex];
        int c = shape[0];
        int h = shape[1];
        int w = shape[2];
        int padH = shape[3];
        int padW = shape[4];
        int images = shape[5];
        int tilesH = (h + 2 * padH - 2 + 1) / 2;
        int tilesW = (w + 2 * padW - 2 + 1) / 2;
        int tiles = tilesH * tilesW;
        int t = images * tiles;
        float[] x = ForwardPathCheck.withSpecialValues(TestData.uniform(81 + shapeIndex, images * c * h * w));
        int at = 5;
        int used = c * t + WinogradInputTiles.SPARE; // the caller's planes keep a spare line after their floats
        int plane = used + 3; // and a gap after that, which must stay untouched
        float[] expected = TestData.unwritten(at + 16 * plane);
        float[] actual = TestData.unwritten(expected.length);
        for (int b = 0; b < images; b++) {
            for (int ci = 0; ci < c; ci++) {
                for (int ty = 0; ty < tilesH; ty++) {
                    for (int tx = 0; tx < tilesW; tx++) {
                        float[] v = transformed(x, b * c + ci, h, w, 2 * ty - padH, 2 * tx - padW);
                        for (int xi = 0; xi < 16; xi++) {
                            expected[at + xi * plane + ci * t + b * tiles + ty * tilesW + tx] = v[xi];
                        }
                    }
                }
            }
        }
        int half = WinogradInputTiles.splitHalf(tilesW);
        float[] split = new float[WinogradInputTiles.splitSize(tilesH, tilesW)];
        for (int ci = 0; ci < c; ci++) {
            for (int b = 0; b < images; b++) {
                ops.winogradSplit(x, (b * c + ci) * h * w, h, w, padH, padW, split, half);
                ops.winogradInputPlane(split, half, tilesH, tilesW, actual, plane, at + (ci * images + b) * tiles);
            }
        }
        for (int xi = 0; xi < 16; xi++) {
            // A provider may leave anything in the spare line; the rest must be the formula's bits.
            int from = at + xi * plane + c * t;
            System.arraycopy(expected, from, actual, from, WinogradInputTiles.SPARE);
        }
        assertArrayEquals(expected, actual, ops.name() + " " + Arrays.toString(shape));
    }

    /**
     * The split copy of a plane, every provider: each pixel at its padded column's half and place,
     * zeros everywhere else (the padding, and whatever a provider writes past a row), rows of widths
     * with and without whole vectors, padding 0 to 2.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.tauon.core.internal.kernel.Providers#names")
    void splitPutsEachColumnInItsHalf(String provider) {
        FloatOps ops = Providers.get(provider);
        for (int w : new int[] {1, 8, 15, 16, 17, 32, 33, 48, 70}) {
            for (int pad = 0; pad <= 2; pad++) {
                int h = 3;
                int tilesH = (h + 2 * pad - 2 + 1) / 2;
                int tilesW = (w + 2 * pad - 2 + 1) / 2;
                if (tilesH <= 0 || tilesW <= 0) {
                    continue;
                }
                int half = WinogradInputTiles.splitHalf(tilesW);
                float[] x = ForwardPathCheck.withSpecialValues(TestData.uniform(w * 10 + pad, 2 + h * w));
                float[] expected = new float[WinogradInputTiles.splitSize(tilesH, tilesW)];
                for (int y = 0; y < h; y++) {
                    for (int k = 0; k < w; k++) {
                        int kk = k + pad;
                        expected[(y + pad) * 2 * half + (kk % 2) * half + kk / 2] = x[2 + y * w + k];
                    }
                }
                float[] actual = new float[expected.length];
                ops.winogradSplit(x, 2, h, w, pad, pad, actual, half);
                assertArrayEquals(expected, actual, ops.name() + " w=" + w + " pad=" + pad);
            }
        }
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
