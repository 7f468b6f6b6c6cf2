package dev.tauon.core.internal.kernel;

/**
 * The inner loop of {@link ShiftedRowsForward}: a 3x3, stride-1 convolution of one input channel
 * into two filters' output rows, each output row the sum of three input rows, each shifted by 0, 1
 * and 2 columns and scaled by a weight. Pixels lie across the lanes, 16 output columns a call.
 *
 * <p>Service interface for the kernels, not for applications.
 */
public interface ShiftedRowsKernel {

    /** Output columns a call. */
    int LANES = 16;

    /**
     * For filters A (weights {@code w[wA ... wA + 8]}, output at {@code oA}) and B ({@code wB},
     * {@code oB}), rows {@code r < rows} and lanes {@code l < 16}, with {@code out} and {@code at =
     * oA + r * width + col + l} (likewise B):
     *
     * <pre>{@code
     * out[at] = sum, starting from +0 when first, else from out[at], of
     *     w[wA + ky * 3 + kx] * x[xAt + (r + ky) * xRow + col + kx + l]
     * }</pre>
     *
     * one {@code fma} per term, in increasing {@code ky}, then {@code kx}: the order of the k dimension
     * (tap {@code ky * 3 + kx}) that every forward path sums a channel's taps in.
     */
    void accumulate(
            float[] w,
            int wA,
            int wB,
            float[] x,
            int xAt,
            int xRow,
            int rows,
            int col,
            float[] out,
            int oA,
            int oB,
            int width,
            boolean first);

    /**
     * {@link #accumulate} (not the first channel) and then {@link #finish}, in one walk: the same
     * values, each stored once.
     */
    void accumulateAndFinish(
            float[] w,
            int wA,
            int wB,
            float[] x,
            int xAt,
            int xRow,
            int rows,
            int col,
            float[] out,
            int oA,
            int oB,
            int width,
            boolean hasBias,
            float biasA,
            float biasB,
            boolean relu);

    /**
     * The same rows and lanes finished as {@link Conv2dKernels#addBiasAndRelu} finishes them: {@code
     * out[at] = max(out[at] + bias, 0)}, without the {@code + bias} unless {@code hasBias} and
     * without the maximum unless {@code relu}.
     */
    void finish(
            float[] out,
            int oA,
            int oB,
            int width,
            int rows,
            int col,
            boolean hasBias,
            float biasA,
            float biasB,
            boolean relu);
}
