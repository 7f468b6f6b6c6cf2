package dev.tauon.core.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RowDotWeightGradientTest {

    private static final ConvShape[] SHAPES = {
        new ConvShape(5, 3, 32, 32, 6, 3, 3, 1, 1, 0, 0), // conv1-like: rows of 30, the last vector masked
        new ConvShape(3, 1, 18, 20, 3, 3, 3, 1, 1, 1, 1), // padded, rows of 20; odd filters (the one-filter block)
        new ConvShape(2, 2, 16, 16, 2, 3, 3, 1, 1, 1, 1), // rows of exactly one vector
        new ConvShape(17, 3, 9, 35, 5, 3, 3, 1, 1, 1, 1), // rows of 35 (three vectors), 17 images in chunks
        new ConvShape(1, 3, 34, 34, 1, 3, 3, 1, 1, 0, 0), // one image, one filter, rows of 32
        new ConvShape(3, 2, 12, 20, 4, 3, 3, 1, 1, 1, 1), // two channels, four filters: two pairs over both
        new ConvShape(2, 1, 18, 18, 8, 3, 3, 1, 1, 0, 0), // one channel, eight filters: four pairs
    };

    static Stream<Arguments> cases() {
        return Providers.withIndices(SHAPES.length);
    }

    @ParameterizedTest(name = "{0} shape #{1}")
    @MethodSource("cases")
    void matchesNaiveReferenceAndTheDocumentedOrder(String provider, int shapeIndex) {
        FloatOps ops = Providers.get(provider);
        ConvShape s = SHAPES[shapeIndex];
        assertTrue(RowDotWeightGradient.applies(s), "test shape no longer takes the path: " + s);
        float[] x = TestData.uniform(21, s.n() * s.c() * s.h() * s.w());
        float[] g = TestData.uniform(22, s.n() * s.o() * s.pixels());
        float[] gw = ForwardPathCheck.filled(s.o() * s.patch());
        float[] gb = ForwardPathCheck.filled(s.o());
        Conv2dKernels.backwardWeight(ops, x, g, gw, gb, s);
        Approx.assertClose(NaiveConv.backwardWeight(x, g, s), gw, 1e-5, "weight gradient " + s);
        Approx.assertClose(NaiveConv.backwardBias(g, s), gb, 1e-5, "bias gradient " + s);
        assertArrayEquals(documentedOrder(x, g, s), gw, "the order RowDotWeightGradient documents, " + s);
    }

    @ParameterizedTest(name = "{0} shape #{1}")
    @MethodSource("cases")
    void oneAndTwoThreadsAndBothProvidersGiveTheSameBits(String provider, int shapeIndex) {
        ConvShape s = SHAPES[shapeIndex];
        float[] x = TestData.uniform(23, s.n() * s.c() * s.h() * s.w());
        float[] g = TestData.uniform(24, s.n() * s.o() * s.pixels());
        float[][] results = new float[3][];
        TestData.withThreads(1, () -> results[0] = weightGradient(Providers.get(provider), x, g, s));
        TestData.withThreads(2, () -> results[1] = weightGradient(Providers.get(provider), x, g, s));
        TestData.withThreads(2, () -> results[2] = weightGradient(Providers.get("plain"), x, g, s));
        assertArrayEquals(results[0], results[1], "1 against 2 threads, " + s);
        assertArrayEquals(results[2], results[1], "plain against " + provider + ", " + s);
    }

    /**
     * An infinite input gives the reference's infinities, not NaN: the masked lanes (which repeat
     * columns with a zero gradient) would multiply it by 0 on the vector path.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.tauon.core.internal.kernel.Providers#names")
    void nonFiniteInputGivesTheReferencesInfinities(String provider) {
        FloatOps ops = Providers.get(provider);
        ConvShape s = SHAPES[0];
        float[] x = TestData.uniform(25, s.n() * s.c() * s.h() * s.w());
        float[] g = TestData.uniform(26, s.n() * s.o() * s.pixels());
        // Image 1, channel 2, row 5, column 15: rows of 30 are taken as columns 0-15 and 14-29, and
        // the second vector's lanes for columns 14 and 15 are masked, so they read this column too.
        x[((1 * s.c() + 2) * s.h() + 5) * s.w() + 15] = Float.POSITIVE_INFINITY;
        float[] gw = ForwardPathCheck.filled(s.o() * s.patch());
        Conv2dKernels.backwardWeight(ops, x, g, gw, null, s);
        double[] expected = NaiveConv.backwardWeight(x, g, s);
        int infinite = 0;
        for (int i = 0; i < gw.length; i++) {
            if (Double.isFinite(expected[i])) {
                assertEquals(expected[i], gw[i], 1e-3, "finite weight " + i);
            } else {
                assertEquals((float) expected[i], gw[i], "weight " + i);
                infinite++;
            }
        }
        assertEquals(s.o() * 9, infinite, "each filter's nine taps of channel 2 see the infinity");
        // A finite batch is checked by its sum; one whose sum overflows takes the exact check.
        assertTrue(RowDotWeightGradient.finite(ops, new float[] {Float.MAX_VALUE, Float.MAX_VALUE}, 0, 2));
        assertFalse(RowDotWeightGradient.finite(ops, new float[] {1f, Float.NaN}, 0, 2));
    }

    @Test
    void theRuleTakesFewChannelThreeByThreeStrideOneLayers() {
        assertTrue(RowDotWeightGradient.applies(new ConvShape(64, 3, 32, 32, 32, 3, 3, 1, 1, 0, 0))); // conv1
        assertFalse(RowDotWeightGradient.applies(new ConvShape(64, 32, 15, 15, 64, 3, 3, 1, 1, 0, 0))); // conv2
        assertFalse(RowDotWeightGradient.applies(new ConvShape(64, 4, 32, 32, 32, 3, 3, 1, 1, 0, 0)));
        assertFalse(RowDotWeightGradient.applies(new ConvShape(64, 3, 32, 32, 32, 3, 3, 2, 2, 0, 0)));
        assertFalse(RowDotWeightGradient.applies(new ConvShape(64, 3, 32, 32, 32, 5, 5, 1, 1, 0, 0)));
        assertFalse(RowDotWeightGradient.applies(new ConvShape(64, 3, 17, 17, 32, 3, 3, 1, 1, 0, 0))); // rows of 15
        assertTrue(RowDotWeightGradient.applies(new ConvShape(64, 3, 18, 18, 32, 3, 3, 1, 1, 0, 0)));
    }

    @Test
    void rowVectorsEndAtTheRowsEnd() {
        RowVectors thirty = new RowVectors(30);
        assertEquals(2, thirty.count());
        assertEquals(0, thirty.start(0));
        assertEquals(14, thirty.start(1));
        assertEquals(0, thirty.masked(0));
        assertEquals(2, thirty.masked(1));
        assertEquals(-1, thirty.masks()[0]);
        assertEquals(-1, thirty.masks()[15]);
        assertEquals(0, thirty.masks()[16]); // vector 0's row past the last
        assertEquals(0, thirty.masks()[33]);
        assertEquals(-1, thirty.masks()[34]);
        assertEquals(-1, thirty.masks()[47]);
        assertEquals(0, thirty.masks()[48]);
        assertEquals(0, thirty.masks()[63]);
        RowVectors exact = new RowVectors(32);
        assertEquals(16, exact.start(1));
        assertEquals(0, exact.masked(1));
        RowVectors three = new RowVectors(35);
        assertEquals(19, three.start(2));
        assertEquals(13, three.masked(2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RowVectors(15));
        assertTrue(e.getMessage().contains("15"), e.getMessage());
    }

    /** The weight gradient followed by the bias gradient. */
    private static float[] weightGradient(FloatOps ops, float[] x, float[] g, ConvShape s) {
        float[] gw = ForwardPathCheck.filled(s.o() * s.patch());
        float[] gb = ForwardPathCheck.filled(s.o());
        Conv2dKernels.backwardWeight(ops, x, g, gw, gb, s);
        float[] both = Arrays.copyOf(gw, gw.length + gb.length);
        System.arraycopy(gb, 0, both, gw.length, gb.length);
        return both;
    }

    /**
     * The order the class comment gives, written out one weight and one lane at a time: 16 partial
     * sums per weight over (image, row, vector) of each chunk, masked lanes multiplying +0, the lanes
     * added pairwise (l + 8, + 4, + 2, + 1), the chunks in order.
     */
    private static float[] documentedOrder(float[] x, float[] g, ConvShape s) {
        int chunks = Conv2dKernels.weightGradChunks(s);
        int perChunk = (s.n() + chunks - 1) / chunks;
        int size = s.o() * s.patch();
        RowVectors rows = new RowVectors(s.outW());
        float[] sum = new float[size];
        for (int first = 0; first < s.n(); first += perChunk) {
            for (int f = 0; f < s.o(); f++) {
                for (int ch = 0; ch < s.c(); ch++) {
                    for (int ky = 0; ky < 3; ky++) {
                        for (int kx = 0; kx < 3; kx++) {
                            float[] lanes = new float[16];
                            for (int b = first; b < Math.min(s.n(), first + perChunk); b++) {
                                for (int v = 0; v < rows.count(); v++) {
                                    for (int r = 0; r < s.outH(); r++) {
                                        for (int l = 0; l < 16; l++) {
                                            int col = rows.start(v) + l;
                                            float gv = l < rows.masked(v)
                                                    ? 0f
                                                    : g[((b * s.o() + f) * s.outH() + r) * s.outW() + col];
                                            int iy = r + ky - s.padH();
                                            int ix = col + kx - s.padW();
                                            boolean inside = iy >= 0 && iy < s.h() && ix >= 0 && ix < s.w();
                                            float xv = inside ? x[((b * s.c() + ch) * s.h() + iy) * s.w() + ix] : 0f;
                                            lanes[l] = Math.fma(gv, xv, lanes[l]);
                                        }
                                    }
                                }
                            }
                            for (int half = 8; half >= 1; half /= 2) {
                                for (int l = 0; l < half; l++) {
                                    lanes[l] += lanes[l + half];
                                }
                            }
                            int weight = ((f * s.c() + ch) * 3 + ky) * 3 + kx;
                            sum[weight] = first == 0 ? lanes[0] : sum[weight] + lanes[0];
                        }
                    }
                }
            }
        }
        return sum;
    }
}
