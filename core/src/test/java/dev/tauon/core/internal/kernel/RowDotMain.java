package dev.tauon.core.internal.kernel;

import java.util.Arrays;

/**
 * Runs in a child JVM for {@link RowDotNarrowVectorsTest}: the weight gradient of a few shapes that
 * take the row-dot path, by the vector and the plain providers; prints whether every result had the
 * same bits, or exits with 1 naming the first shape that did not.
 */
final class RowDotMain {

    static final ConvShape[] SHAPES = {
        new ConvShape(3, 3, 32, 32, 5, 3, 3, 1, 1, 1, 1), // conv1-like, odd filters
        new ConvShape(2, 2, 18, 30, 4, 3, 3, 1, 1, 0, 0), // rows of 28: the last vector masked
        new ConvShape(2, 1, 5, 16, 2, 3, 3, 1, 1, 1, 1), // five rows of one vector
    };

    private RowDotMain() {}

    public static void main(String[] args) {
        FloatOps vector = Providers.get("vector");
        for (ConvShape s : SHAPES) {
            if (!RowDotWeightGradient.applies(s)) {
                throw new AssertionError("shape no longer takes the row-dot path: " + s);
            }
            float[] x = TestData.uniform(31, s.n() * s.c() * s.h() * s.w());
            float[] g = TestData.uniform(32, s.n() * s.o() * s.pixels());
            float[] a = new float[s.o() * s.patch()];
            float[] b = new float[s.o() * s.patch()];
            Conv2dKernels.backwardWeight(vector, x, g, a, null, s);
            Conv2dKernels.backwardWeight(Providers.get("plain"), x, g, b, null, s);
            if (!Arrays.equals(a, b)) {
                System.out.println("vector and plain differ for " + s);
                System.exit(1);
            }
        }
        System.out.println(vector.name() + " shapes=" + SHAPES.length + " same");
    }
}
