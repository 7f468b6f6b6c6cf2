package dev.tauon.core.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Winograd output transform of a run of tiles ({@link FloatOps#winogradOutput}) against {@code
 * A^T M A} written out as two matrix products, and its gradient ({@link
 * FloatOps#winogradOutputGradient}) against {@code A dY A^T} as {@code A} applied to columns, then
 * rows, bit for bit, on every provider: runs of whole vectors, with a tail, and shorter than a
 * vector; NaN, infinities and -0 among the inputs; and nothing written past the run. And the
 * gradient's tiles' pixels picked from an output-gradient plane ({@link FloatOps#winogradTilePixels}).
 */
class WinogradOutputTilesTest {

    /** Columns a run: 64 (whole vectors), 37 (two of 16 and a tail), 5 (a tail alone). */
    private static final int[] COUNTS = {64, 37, 5};

    static Stream<Arguments> cases() {
        return Providers.withIndices(COUNTS.length);
    }

    /**
     * An output-gradient plane split into its tiles' four pixels ({@link FloatOps#winogradTilePixels}),
     * three images one after another as {@link WinogradWeightGradient} fills its runs, every provider:
     * each tile's pixels bit for bit (NaN, infinities, -0), zeros for pixels past an odd edge, the
     * spare floats after each run left to the provider and nothing past them written. Widths of whole
     * vectors (16, 32, 48: rows of 8 to 24 tiles, a vector with zeros above for 16 lanes), with even
     * and odd heights, and others.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.tauon.core.internal.kernel.Providers#names")
    void tilePixelsAreEachTilesPixels(String provider) {
        FloatOps ops = Providers.get(provider);
        int[][] shapes = {{16, 16}, {32, 32}, {6, 48}, {2, 16}, {5, 16}, {7, 9}, {1, 1}};
        for (int[] shape : shapes) {
            int outH = shape[0];
            int outW = shape[1];
            int tilesW = (outW + 1) / 2;
            int tiles = ((outH + 1) / 2) * tilesW;
            int images = 3;
            int t = images * tiles;
            int stride = t + WinogradInputTiles.SPARE + 2; // the spare floats, then two that must stay untouched
            float[] gradOut =
                    ForwardPathCheck.withSpecialValues(TestData.uniform(outH * 100 + outW, 4 + images * outH * outW));
            float[] expected = TestData.unwritten(4 * stride);
            float[] actual = TestData.unwritten(4 * stride);
            for (int b = 0; b < images; b++) {
                for (int oy = 0; oy < outH; oy++) {
                    for (int ox = 0; ox < outW; ox++) {
                        int col = b * tiles + (oy / 2) * tilesW + ox / 2;
                        int k = 2 * (oy % 2) + ox % 2;
                        expected[k * stride + col] = gradOut[4 + (b * outH + oy) * outW + ox];
                    }
                }
                for (int i = 0; i < tiles; i++) { // the pixels past an odd edge
                    int col = b * tiles + i;
                    boolean right = 2 * (i % tilesW) + 1 < outW;
                    boolean below = 2 * (i / tilesW) + 1 < outH;
                    expected[stride + col] = right ? expected[stride + col] : 0f;
                    expected[2 * stride + col] = below ? expected[2 * stride + col] : 0f;
                    expected[3 * stride + col] = right && below ? expected[3 * stride + col] : 0f;
                }
                ops.winogradTilePixels(gradOut, 4 + b * outH * outW, outH, outW, actual, stride, b * tiles);
            }
            for (int k = 0; k < 4; k++) {
                System.arraycopy(expected, k * stride + t, actual, k * stride + t, WinogradInputTiles.SPARE);
            }
            assertArrayEquals(expected, actual, ops.name() + " " + outH + "x" + outW);
        }
    }

    @ParameterizedTest(name = "{0} count #{1}")
    @MethodSource("cases")
    void givesTheFormulasBits(String provider, int countIndex) {
        FloatOps ops = Providers.get(provider);
        int count = COUNTS[countIndex];
        int at = 3;
        int plane = at + count + 7; // the run starts at `at` in each plane; the rest of the plane is other filters'
        float[] m = ForwardPathCheck.withSpecialValues(TestData.uniform(81 + countIndex, 16 * plane));
        int stride = count + 2; // a gap after each pixel's run, which must stay untouched
        float[] expected = TestData.unwritten(4 * stride);
        for (int col = 0; col < count; col++) {
            float[] tile = new float[16];
            for (int xi = 0; xi < 16; xi++) {
                tile[xi] = m[xi * plane + at + col];
            }
            float[] pixels = transformed(tile);
            for (int k = 0; k < 4; k++) {
                expected[k * stride + col] = pixels[k];
            }
        }
        float[] actual = TestData.unwritten(expected.length);
        ops.winogradOutput(m, plane, at, count, actual, stride);
        assertArrayEquals(expected, actual, ops.name() + ", " + count + " columns");
    }

    @ParameterizedTest(name = "{0} count #{1}")
    @MethodSource("cases")
    void gradientGivesTheFormulasBits(String provider, int countIndex) {
        FloatOps ops = Providers.get(provider);
        int count = COUNTS[countIndex];
        int stride = count + 2; // each pixel's run, and a gap after it
        float[] q = ForwardPathCheck.withSpecialValues(TestData.uniform(91 + countIndex, 4 * stride));
        int at = 3;
        int plane = at + count + 7; // the run starts at `at` in each plane and must not spill past it
        float[] expected = TestData.unwritten(16 * plane);
        for (int col = 0; col < count; col++) {
            float[][] rows = new float[4][]; // A dY: A applied to each column of the 2x2 tile
            float[] left = a(q[col], q[2 * stride + col]);
            float[] right = a(q[stride + col], q[3 * stride + col]);
            for (int r = 0; r < 4; r++) {
                rows[r] = a(left[r], right[r]); // then to each row of that
                for (int j = 0; j < 4; j++) {
                    expected[(4 * r + j) * plane + at + col] = rows[r][j];
                }
            }
        }
        float[] actual = TestData.unwritten(expected.length);
        ops.winogradOutputGradient(q, stride, count, actual, plane, at);
        assertArrayEquals(expected, actual, ops.name() + ", " + count + " columns");
    }

    /** Output sizes for {@link #placesEveryPixelOnce}: even and odd (pixels dropped), square and not. */
    private static final int[][] OUTPUTS = {{16, 16}, {16, 32}, {6, 16}, {2, 16}, {8, 8}, {13, 13}, {15, 14}, {4, 4}};

    /**
     * {@link WinogradOutputTiles#place}: every output pixel from its tile's pixel, for an image whose
     * tiles start past the first in each run (the second of two images), and nothing written outside
     * the output plane.
     */
    @Test
    void placesEveryPixelOnce() {
        for (int[] output : OUTPUTS) {
            int outH = output[0];
            int outW = output[1];
            int tilesW = (outW + 1) / 2;
            int tiles = (outH + 1) / 2 * tilesW;
            int stride = 2 * tiles + 3; // two images' tiles, and a gap
            float[] pixels = TestData.uniform(95 + outH, 4 * stride);
            int at = 5;
            float[] expected = TestData.unwritten(at + outH * outW + 7);
            for (int y = 0; y < outH; y++) {
                for (int x = 0; x < outW; x++) {
                    int k = 2 * (y % 2) + x % 2;
                    expected[at + y * outW + x] = pixels[k * stride + tiles + y / 2 * tilesW + x / 2];
                }
            }
            float[] actual = TestData.unwritten(expected.length);
            WinogradOutputTiles.place(pixels, stride, tiles, outH, outW, actual, at);
            assertArrayEquals(expected, actual, outH + "x" + outW);
        }
    }

    /**
     * {@link FloatOps#winogradOutputPlaced}, where a provider takes it, gives the bits of its three
     * steps (transform, bias and ReLU, placement) and otherwise writes nothing: two images of 16x16,
     * one of 16 rows of 32, two of 6x16 (24 tiles an image: whole vectors of 8 lanes, not of 16) and
     * two of 8x8 (rows of one 8-lane vector); with and without bias and ReLU; NaN, infinities and -0
     * among the products. {@link WinogradPlacedNarrowVectorsTest} runs the same cases with 8 lanes.
     */
    @ParameterizedTest(name = "{0} case #{1}")
    @MethodSource("placedCases")
    void outputPlacedGivesTheStepsBits(String provider, int caseIndex) {
        Placed run = Placed.run(Providers.get(provider), caseIndex);
        if (run.placed()) {
            assertArrayEquals(run.expected(), run.actual(), run.what());
        } else {
            assertArrayEquals(
                    TestData.unwritten(run.expected().length), run.actual(), run.what() + ": nothing written");
        }
    }

    /** One case of {@link #outputPlacedGivesTheStepsBits}: what the three steps wrote, what the provider's one pass wrote. */
    record Placed(boolean placed, float[] expected, float[] actual, String what) {

        /** Images of {@code {outH, outW, images}}, four cases each (bias or not, ReLU or not). */
        static final int[][] SHAPES = {{16, 16, 2}, {16, 32, 1}, {6, 16, 2}, {8, 8, 2}};

        static Placed run(FloatOps ops, int caseIndex) {
            int[] shape = SHAPES[caseIndex / 4];
            boolean withBias = caseIndex % 2 == 0;
            boolean relu = caseIndex % 4 < 2;
            int outH = shape[0];
            int outW = shape[1];
            int images = shape[2];
            int tiles = (outH + 1) / 2 * ((outW + 1) / 2);
            int count = images * tiles;
            int at = 16; // the filter's columns start here in each plane
            int plane = at + count + 5;
            float[] m = ForwardPathCheck.withSpecialValues(TestData.uniform(97 + caseIndex, 16 * plane));
            float[] bias = withBias ? new float[] {0.25f, -0.75f, 1.5f} : null;
            int filter = 1;
            int imageStride = outH * outW + 9; // other filters' planes between an image's
            int outAt = 3;
            float[] expected = TestData.unwritten(outAt + images * imageStride);
            float[] pixels = new float[4 * count];
            ops.winogradOutput(m, plane, at, count, pixels, count);
            Conv2dKernels.addBiasAndRelu(pixels, 0, 4 * count, bias, filter, relu);
            for (int b = 0; b < images; b++) {
                WinogradOutputTiles.place(pixels, count, b * tiles, outH, outW, expected, outAt + b * imageStride);
            }
            float[] actual = TestData.unwritten(expected.length);
            boolean placed = ops.winogradOutputPlaced(
                    m, plane, at, count, tiles, outH, outW, bias, filter, relu, actual, outAt, imageStride);
            String what =
                    ops.name() + ", " + images + " x " + outH + "x" + outW + ", bias " + withBias + ", relu " + relu;
            return new Placed(placed, expected, actual, what);
        }
    }

    static Stream<Arguments> placedCases() {
        return Providers.withIndices(4 * Placed.SHAPES.length);
    }

    /** {@code A x} for {@code A = [[1, 0], [1, 1], [1, -1], [0, -1]]} (the transpose of {@code A^T}): {@code x0, x0 + x1, x0 - x1, -x1}. */
    private static float[] a(float x0, float x1) {
        return new float[] {x0, x0 + x1, x0 - x1, -x1};
    }

    /** {@code A^T M A} for one 4x4 tile (row-major), summed left to right: its pixels (0, 0), (0, 1), (1, 0), (1, 1). */
    private static float[] transformed(float[] tile) {
        float[][] rows = new float[2][4]; // A^T M: rows 0 + 1 + 2, and 1 - 2 - 3, of M
        for (int j = 0; j < 4; j++) {
            rows[0][j] = tile[j] + tile[4 + j] + tile[8 + j];
            rows[1][j] = tile[4 + j] - tile[8 + j] - tile[12 + j];
        }
        float[] pixels = new float[4];
        for (int r = 0; r < 2; r++) { // (A^T M) A: columns 0 + 1 + 2, and 1 - 2 - 3
            pixels[2 * r] = rows[r][0] + rows[r][1] + rows[r][2];
            pixels[2 * r + 1] = rows[r][1] - rows[r][2] - rows[r][3];
        }
        return pixels;
    }
}
