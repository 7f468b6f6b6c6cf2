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

    /**
     * The normal density. Where the erf series serves ({@code |x| sqrt(1/2) < }{@link
     * Erf#SERIES_LIMIT}) its exponential is {@link #expNearZero}, which the SIMD providers repeat
     * lane by lane; elsewhere {@code Math.exp}, which they call for those lanes too.
     */
    static double normalPdf(double x) {
        double exponent = -0.5 * x * x;
        return INV_SQRT_TWO_PI * (inSeries(x) ? expNearZero(exponent) : Math.exp(exponent));
    }

    /**
     * Whether the erf series serves {@code x}'s {@code erfc(-x sqrt(1/2))} ({@link Erf#erfc}'s test
     * on the same value): false for NaN. The SIMD providers compute the same lanes by the series.
     */
    public static boolean inSeries(double x) {
        return Math.abs(-x * SQRT_HALF) < Erf.SERIES_LIMIT;
    }

    /** {@code 1/n!} for {@code n <= 11}: {@link #expNearZero}'s Taylor coefficients. */
    private static final double[] EXP_TAYLOR = expTaylor(11);

    /** A copy of {@link #expNearZero}'s coefficients, {@code 1/n!} for {@code n <= 11}, for a SIMD provider to repeat it. */
    public static double[] expTaylorCoefficients() {
        return EXP_TAYLOR.clone();
    }

    /**
     * {@code exp(y)} for {@code -4 < y <= 0} (the density's exponent where the erf series serves):
     * {@code exp(y / 16)} by its Taylor series to degree 11 (Horner's rule, a multiply and an add a
     * step), squared four times. Plain multiplies and adds, so a vector of lanes computes it to the
     * bit, which {@code Math.exp} (an intrinsic whose rounding a vector exp need not share) does
     * not allow; within a few units in the last place of {@code Math.exp} there ({@code GeluTest}).
     * A scalar {@code Math.exp} a lane made the gradient's vector loop three times slower than the
     * value's.
     */
    public static double expNearZero(double y) {
        double z = y * 0.0625;
        double p = EXP_TAYLOR[11];
        for (int n = 10; n >= 0; n--) {
            p = p * z + EXP_TAYLOR[n];
        }
        p = p * p;
        p = p * p;
        p = p * p;
        return p * p;
    }

    private static double[] expTaylor(int degree) {
        double[] c = new double[degree + 1];
        c[0] = 1;
        for (int n = 1; n <= degree; n++) {
            c[n] = c[n - 1] / n;
        }
        return c;
    }
}
