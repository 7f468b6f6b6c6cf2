package dev.tauon.core.internal.kernel;

/**
 * How {@link RowDotKernel} covers an output row of {@code width >= 16} columns with vectors of
 * {@link RowDotKernel#LANES} lanes, reading the row where it lies: vector {@code v} starts at column
 * {@code 16 v}, except the last, which starts at {@code width - 16} so as not to run past the row;
 * its first {@link #masked} lanes repeat columns the vector before took, so they take a zero
 * gradient instead ({@link #keep}). Depends on the width alone.
 */
public final class RowVectors {

    private final int[] starts;
    private final int[] masked;
    private final int[] keep;

    /** The vectors of a row of {@code width} columns, at least one vector wide. */
    public RowVectors(int width) {
        if (width < RowDotKernel.LANES) {
            throw new IllegalArgumentException("RowVectors: a row of " + width + " columns is narrower than a vector");
        }
        int count = (width + RowDotKernel.LANES - 1) / RowDotKernel.LANES;
        starts = new int[count];
        masked = new int[count];
        keep = new int[count * RowDotKernel.LANES];
        for (int v = 0; v < count; v++) {
            starts[v] = Math.min(v * RowDotKernel.LANES, width - RowDotKernel.LANES);
            masked[v] = v * RowDotKernel.LANES - starts[v];
            for (int l = masked[v]; l < RowDotKernel.LANES; l++) {
                keep[v * RowDotKernel.LANES + l] = -1;
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
     * Per vector, 16 int masks: all ones for a lane that takes its column, zero for a masked lane.
     * ANDed with a gradient vector's bits, they give +0 in the masked lanes. Shared, do not write.
     */
    public int[] keep() {
        return keep;
    }
}
