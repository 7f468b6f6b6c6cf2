package dev.tauon.core.internal.simd;

import dev.tauon.core.internal.kernel.Erf;
import dev.tauon.core.internal.kernel.Gelu;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Gelu} in double vectors: the erf series and the normal density's exponential ({@link
 * Gelu#expNearZero}) by Horner's rule with a separate multiply and add per step, in the scalar
 * code's order, so every lane gets the scalar code's bits. Lanes outside the series' range (and
 * NaN) go through the scalar code, whose exponential there is {@code Math.exp}: the Vector API's
 * exp need not round as it does.
 */
final class VectorGelu {

    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    /** Floats as many as D's lanes, converted to and from doubles. */
    private static final VectorSpecies<Float> F =
            VectorSpecies.of(float.class, VectorShape.forBitSize(D.length() * Float.SIZE));

    private static final double[] SERIES = Erf.seriesCoefficients();
    private static final double[] EXP_TAYLOR = Gelu.expTaylorCoefficients();

    private VectorGelu() {}

    /** y = GELU(x) for {@code from <= i < to}. */
    static void value(float[] x, float[] y, int from, int to) {
        int lanes = D.length();
        int i = from;
        for (; i + lanes <= to; i += lanes) {
            DoubleVector xv = (DoubleVector) FloatVector.fromArray(F, x, i).convertShape(VectorOperators.F2D, D, 0);
            DoubleVector v = xv.neg().mul(Gelu.SQRT_HALF);
            VectorMask<Double> inSeries = inSeries(v);
            DoubleVector cdf = DoubleVector.broadcast(D, 1).sub(series(v)).mul(0.5);
            ((FloatVector) xv.mul(cdf).convertShape(VectorOperators.D2F, F, 0)).intoArray(y, i);
            if (!inSeries.allTrue()) {
                for (int l = 0; l < lanes; l++) {
                    if (!inSeries.laneIsSet(l)) {
                        y[i + l] = Gelu.value(x[i + l]);
                    }
                }
            }
        }
        for (; i < to; i++) {
            y[i] = Gelu.value(x[i]);
        }
    }

    /** gx = GELU'(x) * g for {@code from <= i < to}; gx may be g. */
    static void gradient(float[] x, float[] g, float[] gx, int from, int to) {
        int lanes = D.length();
        float[] fixes = new float[lanes];
        int i = from;
        for (; i + lanes <= to; i += lanes) {
            DoubleVector xv = (DoubleVector) FloatVector.fromArray(F, x, i).convertShape(VectorOperators.F2D, D, 0);
            DoubleVector gv = (DoubleVector) FloatVector.fromArray(F, g, i).convertShape(VectorOperators.F2D, D, 0);
            DoubleVector v = xv.neg().mul(Gelu.SQRT_HALF);
            VectorMask<Double> inSeries = inSeries(v);
            DoubleVector cdf = DoubleVector.broadcast(D, 1).sub(series(v)).mul(0.5);
            DoubleVector pdf = expNearZero(xv.mul(-0.5).mul(xv)).mul(Gelu.INV_SQRT_TWO_PI);
            DoubleVector result = gv.mul(cdf.add(xv.mul(pdf)));
            boolean fix = !inSeries.allTrue();
            if (fix) { // before the store: gx may be g
                for (int l = 0; l < lanes; l++) {
                    fixes[l] = inSeries.laneIsSet(l) ? 0f : Gelu.gradient(x[i + l], g[i + l]);
                }
            }
            ((FloatVector) result.convertShape(VectorOperators.D2F, F, 0)).intoArray(gx, i);
            if (fix) {
                for (int l = 0; l < lanes; l++) {
                    if (!inSeries.laneIsSet(l)) {
                        gx[i + l] = fixes[l];
                    }
                }
            }
        }
        for (; i < to; i++) {
            gx[i] = Gelu.gradient(x[i], g[i]);
        }
    }

    /**
     * The lanes the series serves ({@code |v| < SERIES_LIMIT}; false for NaN); the others go through
     * the scalar code. Tested with {@code allTrue} rather than negated: {@code not()} of a
     * 512-bit mask ran in Java, allocating, on JDK 17 (seen in a profile of the airbench step).
     */
    private static VectorMask<Double> inSeries(DoubleVector v) {
        return v.abs().compare(VectorOperators.LT, Erf.SERIES_LIMIT);
    }

    /**
     * {@link Gelu#expNearZero} lane by lane, the same multiplies and adds in the same order: right
     * for the lanes in the series' range, which are the only ones kept.
     */
    private static DoubleVector expNearZero(DoubleVector y) {
        DoubleVector z = y.mul(0.0625);
        DoubleVector p = DoubleVector.broadcast(D, EXP_TAYLOR[EXP_TAYLOR.length - 1]);
        for (int n = EXP_TAYLOR.length - 2; n >= 0; n--) {
            p = p.mul(z).add(EXP_TAYLOR[n]);
        }
        p = p.mul(p);
        p = p.mul(p);
        p = p.mul(p);
        return p.mul(p);
    }

    /** {@code v * (sum of SERIES[n] v^(2n))} by Horner's rule, as {@code Erf}'s series computes it. */
    private static DoubleVector series(DoubleVector v) {
        DoubleVector v2 = v.mul(v);
        DoubleVector s = DoubleVector.zero(D);
        for (int n = SERIES.length - 1; n >= 0; n--) {
            s = s.mul(v2).add(SERIES[n]);
        }
        return v.mul(s);
    }
}
