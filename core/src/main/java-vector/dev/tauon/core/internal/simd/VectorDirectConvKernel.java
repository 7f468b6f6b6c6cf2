package dev.tauon.core.internal.simd;

import dev.tauon.core.internal.kernel.DirectConvTileKernel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link VectorGemmBlockKernel}'s {@code mr} x (2 vectors) register tile with B read from the padded
 * image instead of a packed panel: per k step it loads two vectors at that tap's offset plus the
 * tile's first position, broadcasts {@code mr} packed weights and issues {@code 2 mr} FMAs, in the
 * same order as the GEMM kernel, so the same bits. Stateless.
 */
final class VectorDirectConvKernel implements DirectConvTileKernel {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final Class<? extends FloatVector> EXACT = ExactVectorClass.CLASS;
    private static final int LANES = S.length();
    private final int mr;

    /** A kernel whose tiles have {@code rows} rows: 8 or 6 ({@link TileRows}). */
    VectorDirectConvKernel(int rows) {
        mr = TileRows.check(rows);
    }

    @Override
    public int mr() {
        return mr;
    }

    @Override
    public int nr() {
        return 2 * LANES;
    }

    /** Rows of the tile as {@code tile + c}: the order {@code VectorGemmBlockKernel} adds a tile to C in. */
    @Override
    public void addTile(float[] tile, float[] c, int co, int ldc) {
        for (int r = 0; r < mr; r++) {
            for (int j = 0; j < 2 * LANES; j += LANES) {
                int at = co + r * ldc + j;
                EXACT.cast(FloatVector.fromArray(S, tile, r * 2 * LANES + j))
                        .add(FloatVector.fromArray(S, c, at))
                        .intoArray(c, at);
            }
        }
    }

    /** Two vectors a row, with no loop bound or tail (this was one call of the general add per row). */
    @Override
    public void addRows(float[] tile, int rows, float[] dst, int[] offsets, int from, int j0) {
        for (int r = 0; r < rows; r++) {
            int at = offsets[from + r] + j0;
            int t = r * 2 * LANES;
            EXACT.cast(FloatVector.fromArray(S, dst, at))
                    .add(FloatVector.fromArray(S, tile, t))
                    .intoArray(dst, at);
            EXACT.cast(FloatVector.fromArray(S, dst, at + LANES))
                    .add(FloatVector.fromArray(S, tile, t + LANES))
                    .intoArray(dst, at + LANES);
        }
    }

    @Override
    public void tile(int kc, float[] a, int ao, float[] x, int[] koff, int ko, int j0, float[] c, int co, int ldc) {
        if (mr == 8) {
            EightRowTiles.direct(kc, a, ao, x, koff, ko, j0, c, co, ldc);
        } else {
            SixRowTiles.direct(kc, a, ao, x, koff, ko, j0, c, co, ldc);
        }
    }
}
