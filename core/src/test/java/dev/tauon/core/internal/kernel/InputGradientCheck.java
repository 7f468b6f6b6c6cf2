package dev.tauon.core.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * The checks an input-gradient path of the convolution must pass, as {@link ForwardPathCheck} is
 * the forward paths': the bits of col2im's ({@link Conv2dKernels#col2imInputGradient}) on 1 and 2
 * threads, with NaN, infinities and -0 among the output gradient ({@link
 * ForwardPathCheck#withSpecialValues}) and -0 and an infinity among the weights; and the naive
 * sum's values.
 */
final class InputGradientCheck {

    private InputGradientCheck() {}

    /** An input-gradient path under test: {@code gradX} (every element written) from {@code gradOut} and {@code w}. */
    interface InputGradientPath {
        void backwardInput(float[] gradOut, float[] w, float[] gradX);
    }

    /** {@code path} against col2im on {@code ops}: the output gradient from {@code seed}, the weights from {@code seed + 1}. */
    static void assertGivesCol2imsBits(FloatOps ops, ConvShape s, long seed, InputGradientPath path) {
        float[] g = ForwardPathCheck.withSpecialValues(TestData.uniform(seed, s.n() * s.o() * s.pixels()));
        float[] w = TestData.uniform(seed + 1, s.o() * s.patch());
        w[w.length / 3] = -0f;
        w[w.length / 2] = Float.NEGATIVE_INFINITY;
        float[] col2im = ForwardPathCheck.filled(s.n() * s.c() * s.h() * s.w());
        Conv2dKernels.col2imInputGradient(ops, g, w, col2im, s);
        for (int threads : new int[] {1, 2}) {
            float[] gradX = ForwardPathCheck.filled(col2im.length);
            TestData.withThreads(threads, () -> path.backwardInput(g, w, gradX));
            assertArrayEquals(col2im, gradX, ops.name() + ", " + s + ", " + threads + " threads");
        }
    }

    /**
     * {@code path} against the naive loops ({@link NaiveConv#backwardInput}, in double) within 1e-6
     * of the largest gradient, so that a path and col2im cannot agree on a wrong answer: the output
     * gradient from {@code seed}, the weights from {@code seed + 1}, no special values.
     */
    static void assertSumsWhatTheNaiveLoopsSum(ConvShape s, long seed, InputGradientPath path) {
        float[] g = TestData.uniform(seed, s.n() * s.o() * s.pixels());
        float[] w = TestData.uniform(seed + 1, s.o() * s.patch());
        float[] gradX = ForwardPathCheck.filled(s.n() * s.c() * s.h() * s.w());
        path.backwardInput(g, w, gradX);
        Approx.assertClose(NaiveConv.backwardInput(g, w, s), gradX, 1e-6, s.toString());
    }
}
