package dev.tauon.core.internal.kernel;

/**
 * How {@link RowDotKernel} covers an output row of {@code width >= 16} columns with vectors of
 * {@link RowDotKernel#LANES} lanes, reading the row where it lies: vector {@code v} starts at column
 * {@code 16 v}, except the last, which starts at {@code width - 16} so as not to run past the row;
 * its first {@link #masked} lanes repeat columns the vector before took, so they take a zero
 * gradient instead ({@link #masks}). Depends on the width alone.
 */
public final class RowVectors {

    private final int[] starts;
    private final int[] masked;
    private final int[] masks;

    /** The vectors of a row of {@code width} columns, at least one vector wide. */
    public RowVectors(int width) {
        if (width < RowDotKernel.LANES) {
            throw new IllegalArgumentException("RowVectors: a row of " + width + " columns is narrower than a vector");
        }
        int count = (width + RowDotKernel.LANES - 1) / RowDotKernel.LANES;
        starts = new int[count];
        masked = new int[count];
        masks = new int[2 * count * RowDotKernel.LANES];
        for (int v = 0; v < count; v++) {
            starts[v] = Math.min(v * RowDotKernel.LANES, width - RowDotKernel.LANES);
            masked[v] = v * RowDotKernel.LANES - starts[v];
            for (int l = masked[v]; l < RowDotKernel.LANES; l++) {
                masks[keptLanesAt(v) + l] = -1;
            }
        }
    }

    /** Vectors per row. */
    public int count() {
        return starts.length;
    }

    /** The column vector {@code v} starts at. */
    public int start(int v) {
        return starts[v];
    }

    /** Leading lanes of vector {@code v} that take a zero gradient (non-zero for the last vector only). */
    public int masked(int v) {
        return masked[v];
    }

    /**
     * Per vector, 32 int masks: first, lane by lane, all ones for a lane that takes its column and
     * zero for a masked lane; then 16 zeros. ANDed with a gradient vector's bits, the first 16 give
     * +0 in the masked lanes, the last 16 +0 in every lane (an output row past the last, so that a
     * kernel reads the last row again instead of testing for the edge). Shared, do not write.
     */
    public int[] masks() {
        return masks;
    }

    /** Where vector {@code v}'s lane-by-lane masks start in {@link #masks}. */
    public int keptLanesAt(int v) {
        return 2 * v * RowDotKernel.LANES;
    }

    /** Where vector {@code v}'s all-zero masks start in {@link #masks}: a row past the last takes none of its lanes. */
    public int noLanesAt(int v) {
        return keptLanesAt(v) + RowDotKernel.LANES;
    }
}
