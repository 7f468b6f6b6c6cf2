package dev.tauon.benchmarks;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A loop bound only by FMA throughput, to measure this machine's real float32 peak (what the GEMM
 * figures are quoted against). Twelve independent accumulators cover the FMA latency on two pipes
 * with room to spare; there are no loads or stores in the loop. Benchmark code, not a kernel: it
 * lives here, not in the library jar, and this module is compiled with the incubator module.
 *
 * <p>Each accumulator is the FMA's addend ({@code a = m * d + a}), as in the GEMM kernels. With the
 * accumulator as a factor ({@code a = a * m + d}) C2 on an AVX2 CPU (16 vector registers, AMD EPYC
 * family 25) emitted a register copy of {@code d} before every FMA and spilled accumulators to the
 * stack, and this benchmark read 87-127 GFLOP/s on two threads where a C loop of the same FMAs ran
 * at 180 (docs/performance.md, "Issue 12, eighth round").
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
            a0 = EXACT.cast(m).fma(d, a0);
            a1 = EXACT.cast(m).fma(d, a1);
            a2 = EXACT.cast(m).fma(d, a2);
            a3 = EXACT.cast(m).fma(d, a3);
            a4 = EXACT.cast(m).fma(d, a4);
            a5 = EXACT.cast(m).fma(d, a5);
            a6 = EXACT.cast(m).fma(d, a6);
            a7 = EXACT.cast(m).fma(d, a7);
            a8 = EXACT.cast(m).fma(d, a8);
            a9 = EXACT.cast(m).fma(d, a9);
            a10 = EXACT.cast(m).fma(d, a10);
            a11 = EXACT.cast(m).fma(d, a11);
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
