package dev.tauon.core.internal.kernel;

/**
 * The error function and its complement, which {@link Math} lacks, in double precision for float
 * results: the relative error is below 1.2e-9 for both on the whole real line, far below float's
 * 6e-8, so casting the result gives the correctly rounded float nearly always.
 *
 * <p>Two expansions, each used where it converges fast: below {@code |x| = 2} the Maclaurin series
 * {@code erf(x) = 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1))}, 26 terms; from 2 on, Laplace's
 * continued fraction {@code erfc(x) = exp(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...))))},
 * 20 terms. Computing {@code erfc} from the fraction, not as {@code 1 - erf}, keeps its relative
 * accuracy in the tail, where GELU's {@code x * Phi(x)} needs it.
 */
public final class Erf {
    /** Below this |x| the series is used (the SIMD providers' GELU takes the same branch). */
    public static final double SERIES_LIMIT = 2.0;

    private static final int FRACTION_TERMS = 20;
    private static final double SQRT_PI = Math.sqrt(Math.PI);
    /** {@code 2/sqrt(pi) * (-1)^n / (n! (2n+1))}, the series' coefficients of {@code x^(2n+1)}. */
    private static final double[] SERIES = seriesCoefficients(26);

    private Erf() {}

    public static double erf(double x) {
        double ax = Math.abs(x);
        if (ax < SERIES_LIMIT) {
            return series(x);
        }
        double r = 1 - tail(ax); // NaN comes here, and stays NaN
        return x < 0 ? -r : r;
    }

    public static double erfc(double x) {
        if (Math.abs(x) < SERIES_LIMIT) {
            return 1 - series(x);
        }
        double t = tail(Math.abs(x));
        return x < 0 ? 2 - t : t;
    }

    private static double series(double x) {
        double x2 = x * x;
        double s = 0;
        for (int n = SERIES.length - 1; n >= 0; n--) {
            s = s * x2 + SERIES[n];
        }
        return x * s;
    }

    /** {@code erfc(x)} for {@code x >= 2}, from the continued fraction evaluated from its last term up. */
    private static double tail(double x) {
        double f = x;
        for (int k = FRACTION_TERMS; k >= 1; k--) {
            f = x + (k * 0.5) / f;
        }
        return Math.exp(-x * x) / (SQRT_PI * f);
    }

    /** A copy of the series' coefficients, lowest power first, for providers that evaluate it in vectors (same order). */
    public static double[] seriesCoefficients() {
        return SERIES.clone();
    }

    private static double[] seriesCoefficients(int terms) {
        double[] c = new double[terms];
        double factorial = 1;
        for (int n = 0; n < terms; n++) {
            factorial *= Math.max(n, 1);
            c[n] = (n % 2 == 0 ? 2 : -2) / (SQRT_PI * factorial * (2 * n + 1));
        }
        return c;
    }
}
