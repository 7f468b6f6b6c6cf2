package dev.tauon.core.internal.simd;

import dev.tauon.core.internal.kernel.FilterLanesTileKernel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FilterLanesTileKernel}'s passes around the tile, for both tiles: {@link
 * FourVectorFilterLanes} (64 filters by six pixels, 24 accumulators, for the 32 registers of
 * 512-bit vectors) and {@link TwoVectorFilterLanes} (16 filters by six pixels, 12 accumulators, for
 * the 16 registers of 256-bit ones). Each filter's sum is the same chain of fmas in either tile, so
 * the tile decides speed only. Stateless.
 */
abstract class VectorFilterLanesKernel implements FilterLanesTileKernel {

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final Class<? extends FloatVector> EXACT = ExactVectorClass.CLASS;
    static final int LANES = S.length();
    static final int PIXELS = 6;

    /** Filters a tile: a whole number of vectors. */
    private final int filters;

    VectorFilterLanesKernel(int vectors) {
        this.filters = vectors * LANES;
    }

    /**
     * The tile for this machine's vectors: four vectors of 16 lanes, two of 8 (AVX2, Zen 3: 256-bit
     * vectors, 16 registers), or null for other widths.
     */
    static VectorFilterLanesKernel forThisMachine() {
        if (LANES == 16) {
            return FourVectorFilterLanes.INSTANCE;
        }
        return LANES == 8 ? TwoVectorFilterLanes.INSTANCE : null;
    }

    @Override
    public final int filters() {
        return filters;
    }

    @Override
    public final int pixels() {
        return PIXELS;
    }

    /** The operands in the GEMM's ({@code sums + c}) and {@code Conv2dKernels.addBiasAndRelu}'s order, so the same bits. */
    @Override
    public final void addSums(
            float[] sums, float[] c, int cOff, int col, int ldc, int rows, float[] bias, boolean relu) {
        FloatVector zero = FloatVector.zero(S);
        for (int i = 0; i < rows; i++) {
            for (int f = 0; f < filters; f += LANES) {
                int at = i * ldc + col + f;
                FloatVector v = EXACT.cast(FloatVector.fromArray(S, c, cOff + at));
                if (sums != null) {
                    v = EXACT.cast(
                            EXACT.cast(FloatVector.fromArray(S, sums, at)).add(v));
                }
                if (bias != null) {
                    v = EXACT.cast(v.add(FloatVector.fromArray(S, bias, col + f)));
                }
                if (relu) {
                    v = EXACT.cast(v.max(zero));
                }
                v.intoArray(c, cOff + at);
            }
        }
    }

    /** The filters' runs ({@code srcStride} apart) transposed: {@link VectorTranspose}'s blocks or gathers. */
    @Override
    public final void toChannelsLast(float[] src, int srcOff, int srcStride, int count, float[] dst, int dstOff) {
        VectorTranspose.transpose(src, srcOff, srcStride, filters, count, dst, dstOff, filters);
    }

    /** A vector of pixels at a time, each filter's run gathered from the channels-last rows ({@code o} apart). */
    @Override
    public final void toFilterRows(float[] channelsLast, int srcOff, int o, int count, float[] dst, int dstOff) {
        VectorTranspose.transpose(channelsLast, srcOff, count, o, dst, dstOff);
    }
}
