package dev.tauon.core.internal.kernel;

/**
 * The inner loop of {@link RowDotWeightGradient}: the weight gradient of a 3x3, stride-1
 * convolution as dot products along output rows, each kept as {@link #LANES} partial sums.
 *
 * <p>The number of partial sums is fixed at 16 whatever the vector width, so every provider (and
 * every machine) sums the same products into the same partial sum in the same order: a provider
 * with 8-lane vectors keeps two vectors per sum, the plain one 16 floats in memory.
 *
 * <p>Service interface for the kernels, not for applications.
 */
public interface RowDotKernel {

    /** Partial sums per weight. */
    int LANES = 16;

    /**
     * Adds one image's products for one vector of every output row to the partial sums, for
     * filters {@code f < filters}, channels {@code ch < channels}, taps {@code ky, kx < 3} and lanes
     * {@code l < 16}; with {@code col = vectors.start(v) + l} and {@code gv} the gradient {@code
     * g[gOff + f * gPlane + r * width + col]}, or +0 where lane {@code l} of vector {@code v} is
     * masked:
     *
     * <pre>{@code
     * lanes[((f * channels + ch) * 9 + ky * 3 + kx) * 16 + l] +=
     *     gv * x[xOff + ch * xPlane + (r + ky) * xRow + kx + col]
     * }</pre>
     *
     * one {@code fma} per product, in increasing {@code r < rows}. {@code g} holds each filter's
     * output gradient as {@code rows} rows of {@code width} floats, {@code x} each channel's
     * (zero-padded) input as rows of {@code xRow} floats.
     */
    void accumulate(
            int filters,
            int channels,
            float[] g,
            int gOff,
            int gPlane,
            int width,
            float[] x,
            int xOff,
            int xPlane,
            int xRow,
            int rows,
            RowVectors vectors,
            int v,
            float[] lanes);
}
