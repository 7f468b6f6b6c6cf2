package dev.tauon.core.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Tensor;
import org.junit.jupiter.api.Test;

/** The error function against values computed with mpmath at 30 digits. */
class ErfTest {
    private static final double[] X = {-2.5, -1, -0.1, 0, 1e-6, 0.5, 1, 1.5, 2, 3, 4};
    private static final double[] ERF = {
        -0.999593047982555,
        -0.8427007929497149,
        -0.1124629160182849,
        0.0,
        1.1283791670951364e-06,
        0.5204998778130465,
        0.8427007929497149,
        0.9661051464753108,
        0.9953222650189527,
        0.9999779095030014,
        0.9999999845827421
    };

    private static void assertClose(double expected, double actual, double relative, String what) {
        assertTrue(
                Math.abs(actual - expected) <= relative * Math.abs(expected),
                what + ": expected " + expected + ", got " + actual);
    }

    @Test
    void erfMatchesReferenceValuesToDoublePrecisionWellBeyondFloats() {
        for (int i = 0; i < X.length; i++) {
            assertClose(ERF[i], Erf.erf(X[i]), 2e-9, "erf(" + X[i] + ")");
            assertClose(1 - ERF[i], Erf.erfc(X[i]), 2e-9, "erfc(" + X[i] + ")");
        }
        // the complement keeps its relative precision far into the tail, where 1 - erf would be 0
        assertClose(1.5374597944280348e-12, Erf.erfc(5), 2e-9, "erfc(5)");
        assertClose(2.088487583762545e-45, Erf.erfc(10), 2e-9, "erfc(10)");
        assertClose(2 - 1.5374597944280348e-12, Erf.erfc(-5), 1e-15, "erfc(-5)");
    }

    @Test
    void limitsSignsAndNaN() {
        assertEquals(1.0, Erf.erf(Double.POSITIVE_INFINITY));
        assertEquals(-1.0, Erf.erf(Double.NEGATIVE_INFINITY));
        assertEquals(0.0, Erf.erfc(Double.POSITIVE_INFINITY));
        assertEquals(2.0, Erf.erfc(Double.NEGATIVE_INFINITY));
        assertEquals(1.0, Erf.erf(30));
        assertEquals(Double.doubleToLongBits(-0.0), Double.doubleToLongBits(Erf.erf(-0.0)));
        assertTrue(Double.isNaN(Erf.erf(Double.NaN)));
        assertTrue(Double.isNaN(Erf.erfc(Double.NaN)));
        for (double x = 0.01; x < 6; x += 0.37) {
            assertEquals(-Erf.erf(x), Erf.erf(-x), "odd at " + x);
        }
    }

    @Test
    void tensorErfRoundsToFloat() {
        float[] x = new float[X.length];
        for (int i = 0; i < X.length; i++) {
            x[i] = (float) X[i];
        }
        float[] y = Tensor.of(x, x.length).erf().toArray();
        for (int i = 0; i < X.length; i++) {
            // the inputs are exact floats, so only rounding the result to float separates the two
            assertClose(ERF[i], y[i], 1e-7, "float erf(" + X[i] + ")");
        }
    }
}
