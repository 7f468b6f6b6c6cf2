package dev.tauon.core.internal.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * A matrix transposed a vector at a time: each output run of {@code S.length()} elements is one
 * gather from a column of the input. Scalar loops move one float per load and store, with stores
 * or loads a row apart; this moves a vector per store.
 */
final class VectorTranspose {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final Class<? extends FloatVector> EXACT = ExactVectorClass.CLASS;
    private static final int LANES = S.length();

    private VectorTranspose() {}

    /** {@code dst[dstOff + j * rows + i] = src[srcOff + i * cols + j]}; see {@code FloatOps.transpose}. */
    static void transpose(float[] src, int srcOff, int rows, int cols, float[] dst, int dstOff) {
        int[] column = new int[LANES];
        for (int l = 0; l < LANES; l++) {
            column[l] = l * cols;
        }
        int i = 0;
        for (; i + LANES <= rows; i += LANES) {
            for (int j = 0; j < cols; j++) {
                EXACT.cast(FloatVector.fromArray(S, src, srcOff + i * cols + j, column, 0))
                        .intoArray(dst, dstOff + j * rows + i);
            }
        }
        for (; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                dst[dstOff + j * rows + i] = src[srcOff + i * cols + j];
            }
        }
    }
}
