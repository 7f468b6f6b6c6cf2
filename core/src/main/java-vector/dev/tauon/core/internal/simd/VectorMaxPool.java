package dev.tauon.core.internal.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * 2x2 max pooling of one plane a vector of windows at a time: each window's four inputs gathered
 * from its top-left corner, the maximum and its index kept by compare and blend in the scalar
 * code's order (top-left, top-right, bottom-left, bottom-right; a later input wins only when
 * greater, or NaN where the maximum is not yet NaN), so the same values and argmax.
 *
 * <p>The float vectors and masks are cast to their exact classes before each call on them ({@link
 * ExactVectorClass}): in the airbench training step, where other kernels' vector calls share the
 * Vector API's call sites, the float blends ran in Java and boxed their vectors until they were
 * (docs/performance.md, "eighteenth round"). The int side is left as it was: with the same casts
 * its adds, blends and mask casts boxed instead, 25 MB more a step. The gathers check their
 * indices inside the JDK with int vectors no cast here reaches, so this kernel still leans on the
 * type profile; {@code MaxPool2dKernelsTest} checks that it stops allocating once compiled.
 */
final class VectorMaxPool {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    private static final Class<? extends FloatVector> FX = ExactVectorClass.CLASS;

    @SuppressWarnings("unchecked")
    private static final Class<? extends VectorMask<Float>> FMX = (Class<? extends VectorMask<Float>>)
            FloatVector.zero(S).compare(VectorOperators.EQ, 0).getClass();

    private VectorMaxPool() {}

    /**
     * The windows {@code j < done} of {@code FloatOps.maxPool2x2Plane} (window {@code j}'s top-left
     * input at {@code x[in + tops[j]]}, rows {@code w} apart; its maximum to {@code
     * out[o + j]}, that input's index in {@code x} to {@code argmax[o + j]}), where {@code done}, the
     * return value, is the windows in whole vectors; -1, having done nothing, when int and float
     * vectors differ in lanes.
     */
    static int plane(float[] x, int in, int w, int windows, int[] tops, float[] out, int[] argmax, int o) {
        if (I.length() != S.length()) {
            return -1;
        }
        int bound = S.loopBound(windows);
        for (int j = 0; j < bound; j += S.length()) {
            IntVector corner = IntVector.fromArray(I, tops, j).add(in);
            IntVector best = corner;
            FloatVector max = FX.cast(FloatVector.fromArray(S, x, in, tops, j));
            // "not v <= max, and max == max": greater, or NaN over a maximum that is not NaN. JDK 17
            // and 25 ran test(IS_NAN) and andNot on 512-bit masks in Java, boxing every vector.
            FloatVector b = FX.cast(FloatVector.fromArray(S, x, in + 1, tops, j));
            VectorMask<Float> take = FMX.cast(FMX.cast(FMX.cast(FX.cast(b).compare(VectorOperators.LE, max))
                            .not())
                    .and(FX.cast(max).compare(VectorOperators.EQ, max)));
            max = FX.cast(FX.cast(max).blend(b, take));
            best = best.blend(corner.add(1), take.cast(I));
            FloatVector c = FX.cast(FloatVector.fromArray(S, x, in + w, tops, j));
            take = FMX.cast(FMX.cast(FMX.cast(FX.cast(c).compare(VectorOperators.LE, max))
                            .not())
                    .and(FX.cast(max).compare(VectorOperators.EQ, max)));
            max = FX.cast(FX.cast(max).blend(c, take));
            best = best.blend(corner.add(w), take.cast(I));
            FloatVector d = FX.cast(FloatVector.fromArray(S, x, in + w + 1, tops, j));
            take = FMX.cast(FMX.cast(FMX.cast(FX.cast(d).compare(VectorOperators.LE, max))
                            .not())
                    .and(FX.cast(max).compare(VectorOperators.EQ, max)));
            max = FX.cast(FX.cast(max).blend(d, take));
            best = best.blend(corner.add(w + 1), take.cast(I));
            FX.cast(max).intoArray(out, o + j);
            best.intoArray(argmax, o + j);
        }
        return bound;
    }
}
