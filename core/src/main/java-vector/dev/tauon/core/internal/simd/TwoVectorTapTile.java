package dev.tauon.core.internal.simd;

import dev.tauon.core.internal.kernel.TapTileKernel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link TapTileKernel} with 256-bit vectors (AVX2): 16 channels (two vectors) by six pixels, 12
 * accumulators; with the tap's two weight vectors and a broadcast, 15 of the 16 registers, the
 * shape of {@link SixRowTiles}' GEMM tile ({@link VectorTapTileKernel}'s tiles need 32 registers).
 * The fmas take the weight as the factor and the accumulator as the addend: C2's AVX2 fma writes
 * its addend (docs/performance.md, eighth round). The accumulators are written out by name, as in
 * {@link EightRowTiles}: in an array, or in a loop over them, C2 boxes them. Stateless.
 */
final class TwoVectorTapTile implements TapTileKernel {

    static final TwoVectorTapTile INSTANCE = new TwoVectorTapTile();

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final Class<? extends FloatVector> EXACT = ExactVectorClass.CLASS;
    private static final int LANES = S.length();

    private TwoVectorTapTile() {}

    /** Whether vectors are 8 floats wide, as the tile's register count assumes. */
    static boolean suits() {
        return LANES == 8;
    }

    @Override
    public int channels() {
        return 2 * LANES;
    }

    @Override
    public int pixels() {
        return 6;
    }

    @Override
    public void addTile(
            int depth,
            float[] w,
            int wo,
            float[] gradOut,
            int[] filterRows,
            int first,
            float[] dst,
            int[] dstRows,
            int dOff,
            int from) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector a0v0 = zero;
        FloatVector a0v1 = zero;
        FloatVector a1v0 = zero;
        FloatVector a1v1 = zero;
        FloatVector a2v0 = zero;
        FloatVector a2v1 = zero;
        FloatVector a3v0 = zero;
        FloatVector a3v1 = zero;
        FloatVector a4v0 = zero;
        FloatVector a4v1 = zero;
        FloatVector a5v0 = zero;
        FloatVector a5v1 = zero;
        for (int p = 0; p < depth; p++) {
            int wp = wo + p * (2 * LANES); // of the loop's counter: C2 checks its range once
            // Constant offsets from one base: C2 checks the first and last index only.
            int g = filterRows[p] + first;
            FloatVector w0 = EXACT.cast(FloatVector.fromArray(S, w, wp));
            FloatVector w1 = EXACT.cast(FloatVector.fromArray(S, w, wp + LANES));
            FloatVector b = FloatVector.broadcast(S, gradOut[g]);
            a0v0 = w0.fma(b, a0v0);
            a0v1 = w1.fma(b, a0v1);
            b = FloatVector.broadcast(S, gradOut[g + 1]);
            a1v0 = w0.fma(b, a1v0);
            a1v1 = w1.fma(b, a1v1);
            b = FloatVector.broadcast(S, gradOut[g + 2]);
            a2v0 = w0.fma(b, a2v0);
            a2v1 = w1.fma(b, a2v1);
            b = FloatVector.broadcast(S, gradOut[g + 3]);
            a3v0 = w0.fma(b, a3v0);
            a3v1 = w1.fma(b, a3v1);
            b = FloatVector.broadcast(S, gradOut[g + 4]);
            a4v0 = w0.fma(b, a4v0);
            a4v1 = w1.fma(b, a4v1);
            b = FloatVector.broadcast(S, gradOut[g + 5]);
            a5v0 = w0.fma(b, a5v0);
            a5v1 = w1.fma(b, a5v1);
        }
        // Added as VectorApiOps.add adds (dst + sum), exact casts before the stores: see EightRowTiles.
        if (from <= 0) {
            int d0 = dstRows[first + 0] + dOff;
            EXACT.cast(EXACT.cast(FloatVector.fromArray(S, dst, d0)).add(a0v0)).intoArray(dst, d0);
            EXACT.cast(EXACT.cast(FloatVector.fromArray(S, dst, d0 + LANES)).add(a0v1))
                    .intoArray(dst, d0 + LANES);
        }
        if (from <= 1) {
            int d1 = dstRows[first + 1] + dOff;
            EXACT.cast(EXACT.cast(FloatVector.fromArray(S, dst, d1)).add(a1v0)).intoArray(dst, d1);
            EXACT.cast(EXACT.cast(FloatVector.fromArray(S, dst, d1 + LANES)).add(a1v1))
                    .intoArray(dst, d1 + LANES);
        }
        if (from <= 2) {
            int d2 = dstRows[first + 2] + dOff;
            EXACT.cast(EXACT.cast(FloatVector.fromArray(S, dst, d2)).add(a2v0)).intoArray(dst, d2);
            EXACT.cast(EXACT.cast(FloatVector.fromArray(S, dst, d2 + LANES)).add(a2v1))
                    .intoArray(dst, d2 + LANES);
        }
        if (from <= 3) {
            int d3 = dstRows[first + 3] + dOff;
            EXACT.cast(EXACT.cast(FloatVector.fromArray(S, dst, d3)).add(a3v0)).intoArray(dst, d3);
            EXACT.cast(EXACT.cast(FloatVector.fromArray(S, dst, d3 + LANES)).add(a3v1))
                    .intoArray(dst, d3 + LANES);
        }
        if (from <= 4) {
            int d4 = dstRows[first + 4] + dOff;
            EXACT.cast(EXACT.cast(FloatVector.fromArray(S, dst, d4)).add(a4v0)).intoArray(dst, d4);
            EXACT.cast(EXACT.cast(FloatVector.fromArray(S, dst, d4 + LANES)).add(a4v1))
                    .intoArray(dst, d4 + LANES);
        }
        if (from <= 5) {
            int d5 = dstRows[first + 5] + dOff;
            EXACT.cast(EXACT.cast(FloatVector.fromArray(S, dst, d5)).add(a5v0)).intoArray(dst, d5);
            EXACT.cast(EXACT.cast(FloatVector.fromArray(S, dst, d5 + LANES)).add(a5v1))
                    .intoArray(dst, d5 + LANES);
        }
    }
}
