package dev.tauon.core.internal.simd;

import dev.tauon.core.internal.kernel.FloatOps;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The two elementwise ends of a quantised layer on the Vector API, the same operations as the
 * scalar defaults of {@code FloatOps.int8Levels} and {@code FloatOps.int8Rescale} lane by lane (C2
 * vectorises neither loop here: one has a NaN select, and in both the two arrays may be one). They stop at the
 * last whole vector; the provider finishes with the scalar default.
 */
final class VectorInt8Ops {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final Class<? extends FloatVector> FLOAT = ExactVectorClass.CLASS;
    /** As {@code Int8Quantize.ROUNDER}: adding and subtracting it rounds to an integer, ties to even. */
    private static final float ROUNDER = 12_582_912f;

    private static final float QMAX = 127f;

    private VectorInt8Ops() {}

    /** The levels of the whole vectors of {@code x[off ...]}; returns how many elements were done. */
    static int levels(float[] x, int off, int length, float scale, float[] dst, int dstOff) {
        int i = 0;
        for (int bound = S.loopBound(length); i < bound; i += S.length()) {
            FloatVector q = FLOAT.cast(FloatVector.fromArray(S, x, off + i).div(scale))
                    .min(QMAX)
                    .max(-QMAX);
            FloatVector r = FLOAT.cast(q.add(ROUNDER)).sub(ROUNDER);
            // NaN (the only value unequal to itself) becomes 0
            FLOAT.cast(r).blend(0f, r.compare(VectorOperators.NE, r)).intoArray(dst, dstOff + i);
        }
        return i;
    }

    /**
     * The rescale of the whole vectors of {@code sums[sumOff ...]} for a bias exact in float (see
     * {@code FloatOps.int8Rescale}); returns how many elements were done, 0 for other biases.
     */
    static int rescale(
            float[] sums, int sumOff, int bias, float scale, float floor, float[] out, int outOff, int length) {
        if (Math.abs(bias) > FloatOps.EXACT_FLOAT_INT) {
            return 0;
        }
        float b = bias;
        int i = 0;
        for (int bound = S.loopBound(length); i < bound; i += S.length()) {
            FLOAT.cast(FloatVector.fromArray(S, sums, sumOff + i).add(b))
                    .mul(scale)
                    .max(floor)
                    .intoArray(out, outOff + i);
        }
        return i;
    }
}
