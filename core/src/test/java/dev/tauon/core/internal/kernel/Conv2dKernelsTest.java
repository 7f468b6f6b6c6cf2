package dev.tauon.core.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class Conv2dKernelsTest {

    private static final ConvShape[] SHAPES = {
        new ConvShape(2, 3, 7, 9, 4, 3, 3, 1, 1, 0, 0),
        new ConvShape(3, 2, 9, 8, 5, 3, 3, 2, 2, 1, 1), // stride 2, padding 1
        new ConvShape(1, 3, 17, 17, 33, 3, 3, 1, 1, 1, 1), // batch 1
        new ConvShape(2, 3, 6, 7, 3, 2, 3, 1, 2, 2, 0), // rectangular kernel, mixed stride/padding
        new ConvShape(2, 1, 1, 1, 2, 1, 1, 1, 1, 0, 0), // 1x1 everything
        new ConvShape(1, 2, 5, 5, 3, 5, 5, 3, 3, 2, 2), // kernel as large as the input, stride 3
        new ConvShape(40, 16, 32, 32, 4, 3, 3, 1, 1, 0, 0), // weight gradient: 14 chunks of 3 images, in groups of 2
        new ConvShape(13, 2, 18, 18, 3, 3, 3, 1, 1, 0, 0), // weight gradient: 7 chunks, the last one short
        new ConvShape(31, 240, 6, 6, 4, 3, 3, 1, 1, 0, 0), // weight gradient: one sum, lowered in two groups
    };

    static Stream<Arguments> cases() {
        return Providers.withIndices(SHAPES.length);
    }

    @ParameterizedTest(name = "{0} shape #{1}")
    @MethodSource("cases")
    void matchesNaiveReference(String provider, int shapeIndex) {
        FloatOps ops = Providers.get(provider);
        ConvShape s = SHAPES[shapeIndex];
        float[] x = TestData.uniform(1, s.n() * s.c() * s.h() * s.w());
        float[] w = TestData.uniform(2, s.o() * s.c() * s.kh() * s.kw());
        float[] bias = TestData.uniform(3, s.o());
        float[] g = TestData.uniform(4, s.n() * s.o() * s.outH() * s.outW());
        String what = ops.name() + " " + s;

        float[] out = ForwardPathCheck.filled(g.length);
        Conv2dKernels.forward(ops, x, w, bias, out, s, false);
        Approx.assertClose(NaiveConv.forward(x, w, bias, s), out, 1e-5, "forward " + what);
        Conv2dKernels.forward(ops, x, w, null, out, s, false);
        Approx.assertClose(NaiveConv.forward(x, w, null, s), out, 1e-5, "forward without bias " + what);

        float[] gx = ForwardPathCheck.filled(x.length);
        Conv2dKernels.backwardInput(ops, g, w, gx, s);
        Approx.assertClose(NaiveConv.backwardInput(g, w, s), gx, 1e-5, "backwardInput " + what);

        float[] gw = ForwardPathCheck.filled(w.length);
        float[] gb = ForwardPathCheck.filled(s.o());
        Conv2dKernels.backwardWeight(ops, x, g, gw, gb, s);
        Approx.assertClose(NaiveConv.backwardWeight(x, g, s), gw, 1e-5, "backwardWeight " + what);
        Approx.assertClose(NaiveConv.backwardBias(g, s), gb, 1e-5, "backwardBias " + what);
        Conv2dKernels.backwardWeight(ops, x, g, gw, null, s);
        Approx.assertClose(NaiveConv.backwardWeight(x, g, s), gw, 1e-5, "backwardWeight without bias " + what);
    }

    @Test
    void weightGradientShapesReallyTakeTheirPaths() {
        ConvShape chunkedInGroups = SHAPES[SHAPES.length - 3];
        assertEquals(16, Conv2dKernels.weightGradChunks(chunkedInGroups));
        long perImage = (long) chunkedInGroups.c() * 9 * chunkedInGroups.outH() * chunkedInGroups.outW();
        assertTrue(Conv2dKernels.CHUNK_GROUP_FLOATS / perImage < 3, "chunk no longer lowered in two groups");
        assertEquals(8, Conv2dKernels.weightGradChunks(SHAPES[SHAPES.length - 2]));
        ConvShape oneSum = SHAPES[SHAPES.length - 1];
        assertEquals(1, Conv2dKernels.weightGradChunks(oneSum));
        perImage = (long) oneSum.c() * 9 * oneSum.outH() * oneSum.outW();
        assertTrue(Conv2dKernels.GROUP_FLOATS / perImage < oneSum.n(), "test shape no longer spans two groups");
    }

    /** Image groups fill the GEMM's columns, and every kernel thread gets as many groups as the others. */
    @Test
    void imageGroupsAreEvenBetweenThreads() {
        TestData.withThreads(2, () -> {
            // airbench's last convolution: 512 columns would be groups of 56 and 8 images
            assertEquals(32, Conv2dKernels.imagesPerGemm(new ConvShape(64, 256, 3, 3, 256, 3, 3, 1, 1, 1, 1)));
            // 7x7: 10 would make 7 groups, 3 for one thread and 4 for the other
            assertEquals(8, Conv2dKernels.imagesPerGemm(new ConvShape(64, 256, 7, 7, 256, 3, 3, 1, 1, 1, 1)));
            // already even: 3 images of 169 pixels, 22 groups
            assertEquals(3, Conv2dKernels.imagesPerGemm(new ConvShape(64, 32, 15, 15, 64, 3, 3, 1, 1, 0, 0)));
            assertEquals(1, Conv2dKernels.imagesPerGemm(new ConvShape(1, 256, 3, 3, 256, 3, 3, 1, 1, 1, 1)));
            assertEquals(1, Conv2dKernels.imagesPerGemm(new ConvShape(0, 256, 3, 3, 256, 3, 3, 1, 1, 1, 1)));
        });
        TestData.withThreads(
                1,
                () -> assertEquals(
                        32, Conv2dKernels.imagesPerGemm(new ConvShape(64, 256, 3, 3, 256, 3, 3, 1, 1, 1, 1))));
    }

    /** The chunk count follows the shape alone; these are the layers ConvBenchmark measures. */
    @Test
    void weightGradientChunksOfTheBenchmarkedLayers() {
        assertEquals(16, Conv2dKernels.weightGradChunks(new ConvShape(64, 3, 32, 32, 32, 3, 3, 1, 1, 0, 0)));
        assertEquals(16, Conv2dKernels.weightGradChunks(new ConvShape(64, 32, 15, 15, 64, 3, 3, 1, 1, 0, 0)));
        assertEquals(4, Conv2dKernels.weightGradChunks(new ConvShape(64, 64, 6, 6, 64, 3, 3, 1, 1, 0, 0)));
        assertEquals(2, Conv2dKernels.weightGradChunks(new ConvShape(64, 256, 8, 8, 256, 3, 3, 1, 1, 1, 1)));
        assertEquals(1, Conv2dKernels.weightGradChunks(new ConvShape(1, 64, 32, 32, 64, 3, 3, 1, 1, 1, 1)));
    }

    /**
     * The weight gradient computed transposed (gradW^T = col * gradOut^T) multiplies the same pairs
     * in the same order as the direct form, so the two must agree to the bit, on the chunked and
     * the one-sum paths, with filters and patches that fill no panel exactly.
     */
    @ParameterizedTest(name = "{0} shape #{1}")
    @MethodSource("cases")
    void transposedWeightGradientGivesTheSameBits(String provider, int shapeIndex) {
        FloatOps ops = Providers.get(provider);
        ConvShape s = SHAPES[shapeIndex];
        float[] x = TestData.uniform(11, s.n() * s.c() * s.h() * s.w());
        float[] g = TestData.uniform(12, s.n() * s.o() * s.outH() * s.outW());
        float[] direct = ForwardPathCheck.filled(s.o() * s.patch());
        float[] transposed = ForwardPathCheck.filled(s.o() * s.patch());
        Conv2dKernels.backwardWeight(ops, x, g, direct, null, s, false);
        Conv2dKernels.backwardWeight(ops, x, g, transposed, null, s, true);
        assertArrayEquals(direct, transposed, "weight gradient of " + s);
    }

    /**
     * Transposed when the filters are fewer than a patch's elements and fill few enough column panels
     * for the im2col matrix to be read in place: at most {@link GemmBlocking#UNPACKED_A_MAX_PANELS}
     * panels of the Vector API kernel's width (32 floats with AVX-512, 16 with AVX2).
     */
    @Test
    void transposedWeightGradientForTheBenchmarkedLayers() {
        FloatOps ops = SimdSupport.active();
        int width = Gemm.columnPanelWidth(ops);
        assumeTrue(
                (width == 32 || width == 16) && Gemm.readsAInPlace(ops),
                "the cases below assume the Vector API kernel: 32- or 16-float panels, A read in place");
        int most = GemmBlocking.UNPACKED_A_MAX_PANELS * width;
        assertFalse(Conv2dKernels.transposedWeightGrad(ops, new ConvShape(64, 3, 32, 32, 32, 3, 3, 1, 1, 0, 0)));
        assertTrue(Conv2dKernels.transposedWeightGrad(ops, new ConvShape(64, 32, 15, 15, 64, 3, 3, 1, 1, 0, 0)));
        assertTrue(Conv2dKernels.transposedWeightGrad(ops, new ConvShape(64, 64, 16, 16, 64, 3, 3, 1, 1, 1, 1)));
        assertTrue(Conv2dKernels.transposedWeightGrad(ops, new ConvShape(64, 64, 16, 16, most, 3, 3, 1, 1, 1, 1)));
        assertFalse(Conv2dKernels.transposedWeightGrad(ops, new ConvShape(64, 64, 16, 16, most + 1, 3, 3, 1, 1, 1, 1)));
        assertFalse(Conv2dKernels.transposedWeightGrad(ops, new ConvShape(64, 256, 8, 8, 256, 3, 3, 1, 1, 1, 1)));
        FloatOps plain = Providers.get("plain");
        assertFalse(Conv2dKernels.transposedWeightGrad(plain, new ConvShape(64, 32, 15, 15, 64, 3, 3, 1, 1, 0, 0)));
    }

    static Stream<Arguments> threadCases() {
        // Batch 8 splits images between threads (and its weight gradient into 4 chunks); batch 40 of
        // 4x4 outputs splits groups of 16 images lowered together; batch 13 has a short last chunk;
        // batch 1 splits inside GEMM.
        return Providers.names()
                .flatMap(p -> Stream.of(
                        Arguments.of(p, new ConvShape(8, 16, 15, 15, 32, 3, 3, 1, 1, 0, 0)),
                        Arguments.of(p, new ConvShape(40, 16, 6, 6, 32, 3, 3, 1, 1, 0, 0)),
                        Arguments.of(p, new ConvShape(13, 2, 18, 18, 3, 3, 3, 1, 1, 0, 0)),
                        Arguments.of(p, new ConvShape(1, 32, 15, 15, 64, 3, 3, 1, 1, 1, 1))));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("threadCases")
    void oneAndTwoThreadsAreBitwiseIdentical(String provider, ConvShape s) {
        FloatOps ops = Providers.get(provider);
        float[] x = TestData.uniform(5, s.n() * s.c() * s.h() * s.w());
        float[] w = TestData.uniform(6, s.o() * s.c() * s.kh() * s.kw());
        float[] bias = TestData.uniform(7, s.o());
        float[] g = TestData.uniform(8, s.n() * s.o() * s.outH() * s.outW());
        float[][] one = run(1, ops, s, x, w, bias, g);
        float[][] two = run(2, ops, s, x, w, bias, g);
        for (int i = 0; i < one.length; i++) {
            assertArrayEquals(one[i], two[i], "result " + i + " of " + s);
        }
    }

    @Test
    void rejectsIllegalArguments() {
        ConvShape s = new ConvShape(1, 2, 5, 5, 3, 3, 3, 1, 1, 0, 0);
        float[] x = new float[50];
        float[] w = new float[54];
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Conv2dKernels.forward(x, w, null, new float[26], s));
        assertTrue(
                e.getMessage().contains("Conv2dKernels.forward")
                        && e.getMessage().contains("27"),
                e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> Conv2dKernels.forward(x, w, null, new float[27], new ConvShape(1, 2, 5, 5, 3, 7, 3, 1, 1, 0, 0)));
        assertThrows(
                IllegalArgumentException.class,
                () -> Conv2dKernels.backwardInput(
                        new float[27], w, new float[50], new ConvShape(1, 2, 5, 5, 3, 3, 3, 0, 1, 0, 0)));
        assertThrows(
                IllegalArgumentException.class,
                () -> Conv2dKernels.backwardWeight(x, new float[27], new float[54], new float[2], s));
    }

    private static float[][] run(
            int threads, FloatOps ops, ConvShape s, float[] x, float[] w, float[] bias, float[] g) {
        float[] out = new float[g.length];
        float[] gx = new float[x.length];
        float[] gw = new float[w.length];
        float[] gb = new float[s.o()];
        TestData.withThreads(threads, () -> {
            Conv2dKernels.forward(ops, x, w, bias, out, s, false);
            Conv2dKernels.backwardInput(ops, g, w, gx, s);
            Conv2dKernels.backwardWeight(ops, x, g, gw, gb, s);
        });
        return new float[][] {out, gx, gw, gb};
    }
}
