package dev.tauon.core.internal.simd;

import dev.tauon.core.internal.kernel.FloatOps;
import dev.tauon.core.internal.kernel.GemmBlockKernel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The provider backed by the incubating Vector API. Loaded reflectively by
 * {@code dev.tauon.core.internal.kernel.SimdSupport} only when module {@code jdk.incubator.vector} is
 * readable, so no other class ever links against incubator types.
 */
public final class VectorApiOps implements FloatOps {

    // maxPool2x2Row keeps the interface's scalar default on purpose: a Vector API version
    // (masked loads, two-vector even/odd rearrange, compare-and-blend) measured 3x slower than the
    // scalar loop on JDK 17 and at best 2x faster on JDK 25, so it is not worth carrying.

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public GemmBlockKernel newGemmBlockKernel() {
        return new VectorGemmBlockKernel();
    }

    @Override
    public void int8Levels(float[] x, int off, int length, float scale, float[] dst, int dstOff) {
        int done = VectorInt8Ops.levels(x, off, length, scale, dst, dstOff);
        FloatOps.super.int8Levels(x, off + done, length - done, scale, dst, dstOff + done);
    }

    @Override
    public void int8Rescale(
            float[] sums, int sumOff, int bias, float scale, float floor, float[] out, int outOff, int length) {
        int done = VectorInt8Ops.rescale(sums, sumOff, bias, scale, floor, out, outOff, length);
        FloatOps.super.int8Rescale(sums, sumOff + done, bias, scale, floor, out, outOff + done, length - done);
    }

    /** C2 does not vectorise this loop itself: with two different offsets it cannot rule out overlap. */
    @Override
    public void add(float[] src, int srcOff, float[] dst, int dstOff, int length) {
        int i = 0;
        for (int bound = S.loopBound(length); i < bound; i += S.length()) {
            FloatVector.fromArray(S, dst, dstOff + i)
                    .add(FloatVector.fromArray(S, src, srcOff + i))
                    .intoArray(dst, dstOff + i);
        }
        for (; i < length; i++) {
            dst[dstOff + i] += src[srcOff + i];
        }
    }

    /**
     * With 16-lane vectors (AVX-512) the interface's order is one vector accumulator, so this gives
     * the same bits as the plain loops; with other widths the plain loop is that order.
     */
    @Override
    public float sum(float[] a, int off, int length) {
        if (S.length() != SUM_LANES) {
            return FloatOps.super.sum(a, off, length);
        }
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(length); i < bound; i += S.length()) {
            acc = ExactVectorClass.CLASS.cast(acc).add(FloatVector.fromArray(S, a, off + i)); // see ExactVectorClass
        }
        acc = ExactVectorClass.CLASS.cast(acc);
        float tail = 0f;
        for (; i < length; i++) {
            tail += a[off + i];
        }
        // Not reduceLanes(ADD): the Vector API leaves its order unspecified, and on JDK 25 the
        // interpreted and the C2-compiled reduction gave different bits, so results changed once
        // the method was compiled. Adding the lanes in lane order gives one answer everywhere.
        float lanes = 0f;
        for (int l = 0; l < SUM_LANES; l++) {
            lanes += acc.lane(l);
        }
        return lanes + tail;
    }

    @Override
    public void reluBackward(float[] out, float[] g, float[] dst, int off, int length) {
        FloatVector zero = FloatVector.zero(S);
        int i = off;
        for (int bound = off + S.loopBound(length); i < bound; i += S.length()) {
            VectorMask<Float> positive = FloatVector.fromArray(S, out, i).compare(VectorOperators.GT, 0f);
            zero.blend(FloatVector.fromArray(S, g, i), positive).intoArray(dst, i);
        }
        for (; i < off + length; i++) {
            dst[i] = out[i] > 0f ? g[i] : 0f;
        }
    }

    /** Float lanes per preferred vector (16 with AVX-512), for the start-up log line. */
    public static int lanes() {
        return VectorGemmBlockKernel.LANES;
    }
}
