package dev.tauon.core.internal.kernel;

/**
 * Where each sliding window of a strided layer starts, relative to its plane: the table max
 * pooling gathers its windows through and the convolution's weight gradient reads its im2col
 * columns through.
 */
final class WindowOffsets {

    private WindowOffsets() {}

    /**
     * For {@code copies} planes {@code copyLength} floats apart, each of rows {@code rowLength}
     * floats long, the offset of window {@code (oy, ox)} of copy {@code i}, in that order:
     * {@code i*copyLength + oy*strideH*rowLength + ox*strideW}.
     */
    static int[] of(int copies, int copyLength, int outH, int outW, int strideH, int strideW, int rowLength) {
        int[] offsets = new int[copies * outH * outW];
        int at = 0;
        for (int i = 0; i < copies; i++) {
            for (int oy = 0; oy < outH; oy++) {
                for (int ox = 0; ox < outW; ox++) {
                    offsets[at++] = i * copyLength + oy * strideH * rowLength + ox * strideW;
                }
            }
        }
        return offsets;
    }
}
