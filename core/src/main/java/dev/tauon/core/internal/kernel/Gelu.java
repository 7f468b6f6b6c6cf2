package dev.tauon.core.internal.kernel;

/**
 * Exact GELU, {@code x * Phi(x)} with Phi the standard normal distribution function, element by
 * element in double precision: the rules {@link FloatOps#gelu} and {@link FloatOps#geluGradient}
 * apply, and the exact arithmetic a SIMD provider's version must repeat to give the same bits.
 */
public final class Gelu {
    /** {@code sqrt(1/2)}: {@code Phi(x) = erfc(-x * sqrt(1/2)) / 2}. */
    public static final double SQRT_HALF = Math.sqrt(0.5);

    /** {@code 1/sqrt(2 pi)}, the normal density's factor. */
    public static final double INV_SQRT_TWO_PI = 1 / Math.sqrt(2 * Math.PI);

    private Gelu() {}

    /** GELU at {@code x}. */
    public static float value(float x) {
        return (float) (x * normalCdf(x));
    }

    /** GELU's gradient at {@code x} times {@code g}. */
    public static float gradient(float x, float g) {
        return (float) (g * (normalCdf(x) + x * normalPdf(x)));
    }

    /** Phi(x) = erfc(-x/sqrt 2)/2: the complement keeps its precision far into the left tail. */
    static double normalCdf(double x) {
        return 0.5 * Erf.erfc(-x * SQRT_HALF);
    }

    static double normalPdf(double x) {
        return INV_SQRT_TWO_PI * Math.exp(-0.5 * x * x);
    }
}
