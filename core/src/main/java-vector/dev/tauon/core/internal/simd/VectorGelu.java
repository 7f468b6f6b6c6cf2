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

    // The vectors' and the mask's exact classes, for casts that bind every call at parse time
    // whatever the type profile holds (as ExactVectorClass does for the float kernels). Without
    // them the airbench step's profile showed the series test's mask boxed (a boolean[] a vector)
    // and, with no type profile, the stores failing as intrinsics.
    private static final Class<? extends DoubleVector> DX = DoubleVector.zero(D).getClass();
    private static final Class<? extends FloatVector> FX = FloatVector.zero(F).getClass();

    @SuppressWarnings("unchecked")
    private static final Class<? extends VectorMask<Double>> MX = (Class<? extends VectorMask<Double>>)
            DoubleVector.zero(D).compare(VectorOperators.EQ, 0).getClass();

    private static final double[] SERIES = Erf.seriesCoefficients();
    private static final double[] EXP_TAYLOR = Gelu.expTaylorCoefficients();

    private VectorGelu() {}

    /** y = GELU(x) for {@code from <= i < to}. */
    static void value(float[] x, float[] y, int from, int to) {
        int lanes = D.length();
        int i = from;
        for (; i + lanes <= to; i += lanes) {
            FloatVector xf = FX.cast(FloatVector.fromArray(F, x, i));
            DoubleVector xv = DX.cast(FX.cast(xf).convertShape(VectorOperators.F2D, D, 0));
            DoubleVector v = DX.cast(DX.cast(DX.cast(xv).neg()).mul(Gelu.SQRT_HALF));
            boolean allInSeries = MX.cast(DX.cast(DX.cast(v).abs()).compare(VectorOperators.LT, Erf.SERIES_LIMIT))
                    .allTrue();
            DoubleVector cdf =
                    DX.cast(DX.cast(DX.cast(DoubleVector.broadcast(D, 1)).sub(series(v)))
                            .mul(0.5));
            FX.cast(DX.cast(DX.cast(xv).mul(cdf)).convertShape(VectorOperators.D2F, F, 0))
                    .intoArray(y, i);
            if (!allInSeries) { // the lanes the series does not serve, by the scalar code
                for (int l = i; l < i + lanes; l++) {
                    if (!Gelu.inSeries(x[l])) {
                        y[l] = Gelu.value(x[l]);
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
            FloatVector xf = FX.cast(FloatVector.fromArray(F, x, i));
            FloatVector gf = FX.cast(FloatVector.fromArray(F, g, i));
            DoubleVector xv = DX.cast(FX.cast(xf).convertShape(VectorOperators.F2D, D, 0));
            DoubleVector gv = DX.cast(FX.cast(gf).convertShape(VectorOperators.F2D, D, 0));
            DoubleVector v = DX.cast(DX.cast(DX.cast(xv).neg()).mul(Gelu.SQRT_HALF));
            boolean allInSeries = MX.cast(DX.cast(DX.cast(v).abs()).compare(VectorOperators.LT, Erf.SERIES_LIMIT))
                    .allTrue();
            DoubleVector cdf =
                    DX.cast(DX.cast(DX.cast(DoubleVector.broadcast(D, 1)).sub(series(v)))
                            .mul(0.5));
            DoubleVector exponent = DX.cast(DX.cast(DX.cast(xv).mul(-0.5)).mul(xv));
            DoubleVector pdf = DX.cast(DX.cast(expNearZero(exponent)).mul(Gelu.INV_SQRT_TWO_PI));
            DoubleVector slope = DX.cast(DX.cast(cdf).add(DX.cast(DX.cast(xv).mul(pdf))));
            DoubleVector result = DX.cast(DX.cast(gv).mul(slope));
            if (!allInSeries) { // before the store: gx may be g
                for (int l = 0; l < lanes; l++) {
                    fixes[l] = Gelu.inSeries(x[i + l]) ? 0f : Gelu.gradient(x[i + l], g[i + l]);
                }
            }
            FX.cast(DX.cast(result).convertShape(VectorOperators.D2F, F, 0)).intoArray(gx, i);
            if (!allInSeries) { // the lanes the series does not serve, by the scalar code
                for (int l = 0; l < lanes; l++) {
                    if (!Gelu.inSeries(x[i + l])) {
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
     * {@link Gelu#expNearZero} lane by lane, the same multiplies and adds in the same order: right
     * for the lanes in the series' range, which are the only ones kept.
     */
    private static DoubleVector expNearZero(DoubleVector y) {
        DoubleVector z = DX.cast(DX.cast(y).mul(0.0625));
        DoubleVector p = DX.cast(DoubleVector.broadcast(D, EXP_TAYLOR[EXP_TAYLOR.length - 1]));
        for (int n = EXP_TAYLOR.length - 2; n >= 0; n--) {
            p = DX.cast(DX.cast(DX.cast(p).mul(z)).add(EXP_TAYLOR[n]));
        }
        p = DX.cast(DX.cast(p).mul(p));
        p = DX.cast(DX.cast(p).mul(p));
        p = DX.cast(DX.cast(p).mul(p));
        return DX.cast(DX.cast(p).mul(p));
    }

    /** {@code v * (sum of SERIES[n] v^(2n))} by Horner's rule, as {@code Erf}'s series computes it. */
    private static DoubleVector series(DoubleVector v) {
        DoubleVector v2 = DX.cast(DX.cast(v).mul(v));
        DoubleVector s = DX.cast(DoubleVector.zero(D));
        for (int n = SERIES.length - 1; n >= 0; n--) {
            s = DX.cast(DX.cast(DX.cast(s).mul(v2)).add(SERIES[n]));
        }
        return DX.cast(DX.cast(v).mul(s));
    }
}
