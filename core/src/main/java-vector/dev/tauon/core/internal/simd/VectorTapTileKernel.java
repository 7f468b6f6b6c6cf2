package dev.tauon.core.internal.simd;

import dev.tauon.core.internal.kernel.TapTileKernel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link TapTileKernel} with 512-bit vectors, in two widths: 64 channels (four vectors) by six
 * pixels, and 32 channels (two vectors) by thirteen pixels; 24 and 26 accumulators, with the tap's
 * weight vectors and a broadcast 29 of the 32 registers at most. Thirteen pixels fill the
 * registers of the narrow tile best, and make conv2 of the CIFAR-10 CNN (13x13 output, 32 input
 * channels) whole tiles. The accumulators are written out by name, as in {@link EightRowTiles}: in
 * an array, or in a loop over them, C2 boxes them. With 256-bit vectors these tiles would not fit
 * in 16 registers ({@link #suits}); {@link #forChannels} gives {@link TwoVectorTapTile} there.
 * Stateless.
 */
final class VectorTapTileKernel implements TapTileKernel {

    /** 64 channels by 6 pixels. */
    static final VectorTapTileKernel WIDE = new VectorTapTileKernel(4, 6);
    /** 32 channels by 13 pixels. */
    static final VectorTapTileKernel NARROW = new VectorTapTileKernel(2, 13);

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final Class<? extends FloatVector> EXACT = ExactVectorClass.CLASS;
    private static final int LANES = S.length();

    private final int vectors;
    private final int pixels;

    private VectorTapTileKernel(int vectors, int pixels) {
        this.vectors = vectors;
        this.pixels = pixels;
    }

    /** Whether vectors are 16 floats wide, as the tiles' register counts assume. */
    static boolean suits() {
        return LANES == 16;
    }

    /**
     * The widest tile for this machine's vectors whose channels divide {@code c}, or null: these two
     * with 16 lanes, {@link TwoVectorTapTile} with 8.
     */
    static TapTileKernel forChannels(int c) {
        if (TwoVectorTapTile.suits()) {
            return c % TwoVectorTapTile.INSTANCE.channels() == 0 ? TwoVectorTapTile.INSTANCE : null;
        }
        if (!suits()) {
            return null;
        }
        if (c % WIDE.channels() == 0) {
            return WIDE;
        }
        return c % NARROW.channels() == 0 ? NARROW : null;
    }

    @Override
    public int channels() {
        return vectors * LANES;
    }

    @Override
    public int pixels() {
        return pixels;
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
        if (vectors == 4) {
            wide(depth, w, wo, gradOut, filterRows, first, dst, dstRows, dOff, from);
        } else {
            narrow(depth, w, wo, gradOut, filterRows, first, dst, dstRows, dOff, from);
        }
    }

    /** The 64 x 6 tile: four weight vectors and six broadcasts a filter, 24 fmas. */
    private static void wide(
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
        FloatVector a0v2 = zero;
        FloatVector a0v3 = zero;
        FloatVector a1v0 = zero;
        FloatVector a1v1 = zero;
        FloatVector a1v2 = zero;
        FloatVector a1v3 = zero;
        FloatVector a2v0 = zero;
        FloatVector a2v1 = zero;
        FloatVector a2v2 = zero;
        FloatVector a2v3 = zero;
        FloatVector a3v0 = zero;
        FloatVector a3v1 = zero;
        FloatVector a3v2 = zero;
        FloatVector a3v3 = zero;
        FloatVector a4v0 = zero;
        FloatVector a4v1 = zero;
        FloatVector a4v2 = zero;
        FloatVector a4v3 = zero;
        FloatVector a5v0 = zero;
        FloatVector a5v1 = zero;
        FloatVector a5v2 = zero;
        FloatVector a5v3 = zero;
        for (int p = 0; p < depth; p++) {
            int wp = wo + p * (4 * LANES); // of the loop's counter: C2 checks its range once
            // Constant offsets from one base: C2 checks the first and last index only.
            int g = filterRows[p] + first;
            FloatVector w0 = EXACT.cast(FloatVector.fromArray(S, w, wp));
            FloatVector w1 = EXACT.cast(FloatVector.fromArray(S, w, wp + LANES));
            FloatVector w2 = EXACT.cast(FloatVector.fromArray(S, w, wp + 2 * LANES));
            FloatVector w3 = EXACT.cast(FloatVector.fromArray(S, w, wp + 3 * LANES));
            FloatVector b = FloatVector.broadcast(S, gradOut[g]);
            a0v0 = w0.fma(b, a0v0);
            a0v1 = w1.fma(b, a0v1);
            a0v2 = w2.fma(b, a0v2);
            a0v3 = w3.fma(b, a0v3);
            b = FloatVector.broadcast(S, gradOut[g + 1]);
            a1v0 = w0.fma(b, a1v0);
            a1v1 = w1.fma(b, a1v1);
            a1v2 = w2.fma(b, a1v2);
            a1v3 = w3.fma(b, a1v3);
            b = FloatVector.broadcast(S, gradOut[g + 2]);
            a2v0 = w0.fma(b, a2v0);
            a2v1 = w1.fma(b, a2v1);
            a2v2 = w2.fma(b, a2v2);
            a2v3 = w3.fma(b, a2v3);
            b = FloatVector.broadcast(S, gradOut[g + 3]);
            a3v0 = w0.fma(b, a3v0);
            a3v1 = w1.fma(b, a3v1);
            a3v2 = w2.fma(b, a3v2);
            a3v3 = w3.fma(b, a3v3);
            b = FloatVector.broadcast(S, gradOut[g + 4]);
            a4v0 = w0.fma(b, a4v0);
            a4v1 = w1.fma(b, a4v1);
            a4v2 = w2.fma(b, a4v2);
            a4v3 = w3.fma(b, a4v3);
            b = FloatVector.broadcast(S, gradOut[g + 5]);
            a5v0 = w0.fma(b, a5v0);
            a5v1 = w1.fma(b, a5v1);
            a5v2 = w2.fma(b, a5v2);
            a5v3 = w3.fma(b, a5v3);
        }
        // Added as VectorApiOps.add adds (dst + sum), exact casts before the stores: see EightRowTiles.
        if (from <= 0) {
            int d0 = dstRows[first + 0] + dOff;
            EXACT.cast(EXACT.cast(FloatVector.fromArray(S, dst, d0)).add(a0v0)).intoArray(dst, d0);
            EXACT.cast(EXACT.cast(FloatVector.fromArray(S, dst, d0 + LANES)).add(a0v1))
                    .intoArray(dst, d0 + LANES);
            EXACT.cast(EXACT.cast(FloatVector.fromArray(S, dst, d0 + 2 * LANES)).add(a0v2))
                    .intoArray(dst, d0 + 2 * LANES);
            EXACT.cast(EXACT.cast(FloatVector.fromArray(S, dst, d0 + 3 * LANES)).add(a0v3))
                    .intoArray(dst, d0 + 3 * LANES);
        }
        if (from <= 1) {
            int d1 = dstRows[first + 1] + dOff;
            EXACT.cast(EXACT.cast(FloatVector.fromArray(S, dst, d1)).add(a1v0)).intoArray(dst, d1);
            EXACT.cast(EXACT.cast(FloatVector.fromArray(S, dst, d1 + LANES)).add(a1v1))
                    .intoArray(dst, d1 + LANES);
            EXACT.cast(EXACT.cast(FloatVector.fromArray(S, dst, d1 + 2 * LANES)).add(a1v2))
                    .intoArray(dst, d1 + 2 * LANES);
            EXACT.cast(EXACT.cast(FloatVector.fromArray(S, dst, d1 + 3 * LANES)).add(a1v3))
                    .intoArray(dst, d1 + 3 * LANES);
        }
        if (from <= 2) {
            int d2 = dstRows[first + 2] + dOff;
            EXACT.cast(EXACT.cast(FloatVector.fromArray(S, dst, d2)).add(a2v0)).intoArray(dst, d2);
            EXACT.cast(EXACT.cast(FloatVector.fromArray(S, dst, d2 + LANES)).add(a2v1))
                    .intoArray(dst, d2 + LANES);
            EXACT.cast(EXACT.cast(FloatVector.fromArray(S, dst, d2 + 2 * LANES)).add(a2v2))
                    .intoArray(dst, d2 + 2 * LANES);
            EXACT.cast(EXACT.cast(FloatVector.fromArray(S, dst, d2 + 3 * LANES)).add(a2v3))
                    .intoArray(dst, d2 + 3 * LANES);
        }
        if (from <= 3) {
            int d3 = dstRows[first + 3] + dOff;
            EXACT.cast(EXACT.cast(FloatVector.fromArray(S, dst, d3)).add(a3v0)).intoArray(dst, d3);
            EXACT.cast(EXACT.cast(FloatVector.fromArray(S, dst, d3 + LANES)).add(a3v1))
                    .intoArray(dst, d3 + LANES);
            EXACT.cast(EXACT.cast(FloatVector.fromArray(S, dst, d3 + 2 * LANES)).add(a3v2))
                    .intoArray(dst, d3 + 2 * LANES);
            EXACT.cast(EXACT.cast(FloatVector.fromArray(S, dst, d3 + 3 * LANES)).add(a3v3))
                    .intoArray(dst, d3 + 3 * LANES);
        }
        if (from <= 4) {
            int d4 = dstRows[first + 4] + dOff;
            EXACT.cast(EXACT.cast(FloatVector.fromArray(S, dst, d4)).add(a4v0)).intoArray(dst, d4);
            EXACT.cast(EXACT.cast(FloatVector.fromArray(S, dst, d4 + LANES)).add(a4v1))
                    .intoArray(dst, d4 + LANES);
            EXACT.cast(EXACT.cast(FloatVector.fromArray(S, dst, d4 + 2 * LANES)).add(a4v2))
                    .intoArray(dst, d4 + 2 * LANES);
            EXACT.cast(EXACT.cast(FloatVector.fromArray(S, dst, d4 + 3 * LANES)).add(a4v3))
                    .intoArray(dst, d4 + 3 * LANES);
        }
        if (from <= 5) {
            int d5 = dstRows[first + 5] + dOff;
            EXACT.cast(EXACT.cast(FloatVector.fromArray(S, dst, d5)).add(a5v0)).intoArray(dst, d5);
            EXACT.cast(EXACT.cast(FloatVector.fromArray(S, dst, d5 + LANES)).add(a5v1))
                    .intoArray(dst, d5 + LANES);
            EXACT.cast(EXACT.cast(FloatVector.fromArray(S, dst, d5 + 2 * LANES)).add(a5v2))
                    .intoArray(dst, d5 + 2 * LANES);
            EXACT.cast(EXACT.cast(FloatVector.fromArray(S, dst, d5 + 3 * LANES)).add(a5v3))
                    .intoArray(dst, d5 + 3 * LANES);
        }
    }

    /** The 32 x 13 tile: two weight vectors and thirteen broadcasts a filter, 26 fmas. */
    private static void narrow(
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
        FloatVector a6v0 = zero;
        FloatVector a6v1 = zero;
        FloatVector a7v0 = zero;
        FloatVector a7v1 = zero;
        FloatVector a8v0 = zero;
        FloatVector a8v1 = zero;
        FloatVector a9v0 = zero;
        FloatVector a9v1 = zero;
        FloatVector a10v0 = zero;
        FloatVector a10v1 = zero;
        FloatVector a11v0 = zero;
        FloatVector a11v1 = zero;
        FloatVector a12v0 = zero;
        FloatVector a12v1 = zero;
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
            b = FloatVector.broadcast(S, gradOut[g + 6]);
            a6v0 = w0.fma(b, a6v0);
            a6v1 = w1.fma(b, a6v1);
            b = FloatVector.broadcast(S, gradOut[g + 7]);
            a7v0 = w0.fma(b, a7v0);
            a7v1 = w1.fma(b, a7v1);
            b = FloatVector.broadcast(S, gradOut[g + 8]);
            a8v0 = w0.fma(b, a8v0);
            a8v1 = w1.fma(b, a8v1);
            b = FloatVector.broadcast(S, gradOut[g + 9]);
            a9v0 = w0.fma(b, a9v0);
            a9v1 = w1.fma(b, a9v1);
            b = FloatVector.broadcast(S, gradOut[g + 10]);
            a10v0 = w0.fma(b, a10v0);
            a10v1 = w1.fma(b, a10v1);
            b = FloatVector.broadcast(S, gradOut[g + 11]);
            a11v0 = w0.fma(b, a11v0);
            a11v1 = w1.fma(b, a11v1);
            b = FloatVector.broadcast(S, gradOut[g + 12]);
            a12v0 = w0.fma(b, a12v0);
            a12v1 = w1.fma(b, a12v1);
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
        if (from <= 6) {
            int d6 = dstRows[first + 6] + dOff;
            EXACT.cast(EXACT.cast(FloatVector.fromArray(S, dst, d6)).add(a6v0)).intoArray(dst, d6);
            EXACT.cast(EXACT.cast(FloatVector.fromArray(S, dst, d6 + LANES)).add(a6v1))
                    .intoArray(dst, d6 + LANES);
        }
        if (from <= 7) {
            int d7 = dstRows[first + 7] + dOff;
            EXACT.cast(EXACT.cast(FloatVector.fromArray(S, dst, d7)).add(a7v0)).intoArray(dst, d7);
            EXACT.cast(EXACT.cast(FloatVector.fromArray(S, dst, d7 + LANES)).add(a7v1))
                    .intoArray(dst, d7 + LANES);
        }
        if (from <= 8) {
            int d8 = dstRows[first + 8] + dOff;
            EXACT.cast(EXACT.cast(FloatVector.fromArray(S, dst, d8)).add(a8v0)).intoArray(dst, d8);
            EXACT.cast(EXACT.cast(FloatVector.fromArray(S, dst, d8 + LANES)).add(a8v1))
                    .intoArray(dst, d8 + LANES);
        }
        if (from <= 9) {
            int d9 = dstRows[first + 9] + dOff;
            EXACT.cast(EXACT.cast(FloatVector.fromArray(S, dst, d9)).add(a9v0)).intoArray(dst, d9);
            EXACT.cast(EXACT.cast(FloatVector.fromArray(S, dst, d9 + LANES)).add(a9v1))
                    .intoArray(dst, d9 + LANES);
        }
        if (from <= 10) {
            int d10 = dstRows[first + 10] + dOff;
            EXACT.cast(EXACT.cast(FloatVector.fromArray(S, dst, d10)).add(a10v0))
                    .intoArray(dst, d10);
            EXACT.cast(EXACT.cast(FloatVector.fromArray(S, dst, d10 + LANES)).add(a10v1))
                    .intoArray(dst, d10 + LANES);
        }
        if (from <= 11) {
            int d11 = dstRows[first + 11] + dOff;
            EXACT.cast(EXACT.cast(FloatVector.fromArray(S, dst, d11)).add(a11v0))
                    .intoArray(dst, d11);
            EXACT.cast(EXACT.cast(FloatVector.fromArray(S, dst, d11 + LANES)).add(a11v1))
                    .intoArray(dst, d11 + LANES);
        }
        if (from <= 12) {
            int d12 = dstRows[first + 12] + dOff;
            EXACT.cast(EXACT.cast(FloatVector.fromArray(S, dst, d12)).add(a12v0))
                    .intoArray(dst, d12);
            EXACT.cast(EXACT.cast(FloatVector.fromArray(S, dst, d12 + LANES)).add(a12v1))
                    .intoArray(dst, d12 + LANES);
        }
    }
}
