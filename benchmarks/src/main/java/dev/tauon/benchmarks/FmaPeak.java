package dev.tauon.benchmarks;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A loop bound only by FMA throughput, to measure this machine's real float32 peak (what the GEMM
 * figures are quoted against). Twelve independent accumulators cover the FMA latency on two pipes
 * with room to spare; there are no loads or stores in the loop. Benchmark code, not a kernel: it
 * lives here, not in the library jar, and this module is compiled with the incubator module.
 */
public final class FmaPeak {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /**
     * The accumulators are cast to the exact vector class so this peak does not depend on a type
     * profile (why: core's {@code dev.tauon.core.internal.simd.ExactVectorClass}).
     */
    private static final Class<? extends FloatVector> EXACT =
            FloatVector.zero(S).getClass();

    private FmaPeak() {}

    /** Floating-point operations one call to {@link #run} performs per iteration. */
    public static long flopsPerIteration() {
        return 2L * 12 * S.length();
    }

    /** Runs {@code iterations} rounds of 12 vector FMAs; the result only defeats dead-code elimination. */
    public static float run(long iterations, float seed) {
        FloatVector m = FloatVector.broadcast(S, 0.999999f);
        FloatVector d = FloatVector.broadcast(S, 1e-7f);
        FloatVector a0 = FloatVector.broadcast(S, seed);
        FloatVector a1 = a0.add(1f);
        FloatVector a2 = a0.add(2f);
        FloatVector a3 = a0.add(3f);
        FloatVector a4 = a0.add(4f);
        FloatVector a5 = a0.add(5f);
        FloatVector a6 = a0.add(6f);
        FloatVector a7 = a0.add(7f);
        FloatVector a8 = a0.add(8f);
        FloatVector a9 = a0.add(9f);
        FloatVector a10 = a0.add(10f);
        FloatVector a11 = a0.add(11f);
        for (long i = 0; i < iterations; i++) {
            a0 = EXACT.cast(a0).fma(m, d);
            a1 = EXACT.cast(a1).fma(m, d);
            a2 = EXACT.cast(a2).fma(m, d);
            a3 = EXACT.cast(a3).fma(m, d);
            a4 = EXACT.cast(a4).fma(m, d);
            a5 = EXACT.cast(a5).fma(m, d);
            a6 = EXACT.cast(a6).fma(m, d);
            a7 = EXACT.cast(a7).fma(m, d);
            a8 = EXACT.cast(a8).fma(m, d);
            a9 = EXACT.cast(a9).fma(m, d);
            a10 = EXACT.cast(a10).fma(m, d);
            a11 = EXACT.cast(a11).fma(m, d);
        }
        return EXACT.cast(a0)
                .add(a1)
                .add(a2)
                .add(a3)
                .add(a4)
                .add(a5)
                .add(a6)
                .add(a7)
                .add(a8)
                .add(a9)
                .add(a10)
                .add(a11)
                .reduceLanes(VectorOperators.ADD);
    }
}
