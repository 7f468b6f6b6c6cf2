package dev.tauon.core.internal.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The lane moves that take a vector of a row's columns apart by parity (the Winograd input's split,
 * {@link VectorWinogradInputPlane#split}, the output gradient's tile pixels, {@link VectorTilePixels},
 * and the windows of 2x2 max pooling, {@link VectorMaxPool}): its even lanes, or its odd ones, into
 * the lower half and again into the upper, and the upper half's mask, with which those kernels
 * replace the upper half by zeros or by a second vector's even (odd) lanes.
 */
final class EvenOddLanes {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = S.length();

    /** Lane {@code 2 l} into lane {@code l} of the lower half (the upper half repeats it). */
    static final VectorShuffle<Float> EVENS = VectorShuffle.fromOp(S, l -> (2 * l) % LANES);

    /** Lane {@code 2 l + 1} into lane {@code l} of the lower half (the upper half repeats it). */
    static final VectorShuffle<Float> ODDS = VectorShuffle.fromOp(S, l -> (2 * l + 1) % LANES);

    /** The upper half of the lanes. */
    static final VectorMask<Float> UPPER = VectorMask.fromLong(S, -1L << (LANES / 2));

    private EvenOddLanes() {}
}
