package dev.tauon.core.internal.simd;

import jdk.incubator.vector.FloatVector;

/**
 * The concrete class of the preferred float vector (Float512Vector with AVX-512), for casts that
 * make C2's code independent of type profiles.
 *
 * <p>C2 types a loop-carried vector (and, in an on-stack-replacement compile, every local from
 * before the loop) by its declared class, {@code FloatVector}. A call ON such a vector
 * ({@code acc.intoArray(...)}, {@code acc.add(...)}) then binds its inner calls only through the
 * type profile, and when the profile is thin (a kernel first compiled at C1's tier 2 while the
 * compile queue was busy, which two threads make likelier) they stay virtual, the Vector API
 * intrinsics fail, every vector is boxed on the heap, and the kernel runs ~15x slower for the life
 * of the JVM (issue 20; {@code -XX:+PrintInlining} shows {@code VectorSupport::store ... failed to
 * inline (intrinsic)}). {@code CLASS.cast(acc)} with this constant tells C2 the exact class, so the
 * call binds at parse time; the cast costs one type check and changes no bits.
 */
final class ExactVectorClass {
    static final Class<? extends FloatVector> CLASS =
            FloatVector.zero(FloatVector.SPECIES_PREFERRED).getClass();

    private ExactVectorClass() {}
}
