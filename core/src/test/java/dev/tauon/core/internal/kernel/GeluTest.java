package dev.tauon.core.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Exact GELU on both providers: the bits of the scalar rules, {@link Gelu#value} and {@link Gelu#gradient}. */
class GeluTest {

    /** Typical activations, the series' edge (|x| near 2 sqrt 2), the tails and special values, in a length no vector divides. */
    private static float[] inputs() {
        SplittableRandom random = new SplittableRandom(5);
        float[] x = new float[4099];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextGaussian() * (i % 3 == 0 ? 4 : 1));
        }
        float edge = (float) (2 * Math.sqrt(2));
        float[] special = {
            0f,
            -0f,
            Float.NaN,
            Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY,
            Float.MIN_VALUE,
            -Float.MIN_VALUE,
            Float.MAX_VALUE,
            -Float.MAX_VALUE,
            edge,
            -edge,
            Math.nextUp(edge),
            Math.nextDown(-edge),
            Math.nextDown(edge),
            Math.nextUp(-edge),
            10f,
            -10f,
            40f,
            -40f
        };
        for (int i = 0; i < special.length; i++) {
            x[7 * i + 3] = special[i];
        }
        return x;
    }

    @Test
    void everyProviderGivesTheScalarRulesBits() {
        float[] x = inputs();
        float[] g = TestData.uniform(6, x.length);
        float[] expected = new float[x.length];
        float[] expectedGrad = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            expected[i] = Gelu.value(x[i]);
            expectedGrad[i] = Gelu.gradient(x[i], g[i]);
        }
        for (String name : Providers.names().toList()) {
            FloatOps ops = Providers.get(name);
            float[] y = new float[x.length];
            Arrays.fill(y, 7f);
            ops.gelu(x, y, 0, 5); // ranges that start and end anywhere
            ops.gelu(x, y, 5, x.length);
            assertArrayEquals(expected, y, name + " gelu");
            float[] gx = new float[x.length];
            ops.geluGradient(x, g, gx, 0, 13);
            ops.geluGradient(x, g, gx, 13, x.length);
            assertArrayEquals(expectedGrad, gx, name + " gelu gradient");
            float[] inPlace = g.clone();
            ops.geluGradient(x, inPlace, inPlace, 0, x.length);
            assertArrayEquals(expectedGrad, inPlace, name + " gelu gradient written over g");
        }
    }

    @Test
    void valuesAgainstReferences() {
        // x * Phi(x) from mpmath at 30 digits, rounded to float
        assertEquals(0.841344746068543f, Gelu.value(1f), 0f);
        assertEquals(-0.158655253931457f, Gelu.value(-1f), 0f);
        assertEquals(0f, Gelu.value(0f), 0f);
        assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(Gelu.value(-40f)));
    }

    /**
     * The gradient (g = 1: Phi(x) + x phi(x)) from mpmath at 40 digits at the float arguments, rounded to float: inside the
     * series' range (|x| < 2 sqrt 2, the density through expNearZero) and outside it (Math.exp).
     */
    @Test
    void gradientsAgainstReferences() {
        assertEquals(-0.037611085908145208238f, Gelu.gradient(-2.5f, 1f), 0f);
        assertEquals(-0.083315470587686298383f, Gelu.gradient(-1f, 1f), 0f);
        assertEquals(0.26767222448908079864f, Gelu.gradient(-0.3f, 1f), 0f);
        assertEquals(0.97661409551290080774f, Gelu.gradient(0.7f, 1f), 0f);
        assertEquals(1.1274691922299795254f, Gelu.gradient(1.5f, 1f), 0f);
        assertEquals(1.0246695475672523918f, Gelu.gradient(2.7f, 1f), 0f);
        assertEquals(1.0069419433700305033f, Gelu.gradient(3.2f, 1f), 0f);
    }

    /** expNearZero within 1e-14 (relative) of Math.exp across its range, (-4, 0]. */
    @Test
    void expNearZeroFollowsMathExp() {
        double worst = 0;
        for (int i = 0; i <= 400_000; i++) {
            double y = -4.0 * i / 400_001;
            worst = Math.max(worst, Math.abs(Gelu.expNearZero(y) / Math.exp(y) - 1));
        }
        assertTrue(worst < 1e-14, "largest relative error " + worst);
    }
}
