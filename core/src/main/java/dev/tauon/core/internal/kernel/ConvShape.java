package dev.tauon.core.internal.kernel;

/** Geometry of a 2-D convolution: input [n, c, h, w] NCHW, weight [o, c, kh, kw] OIHW, output [n, o, outH(), outW()]. */
public record ConvShape(
        int n, int c, int h, int w, int o, int kh, int kw, int strideH, int strideW, int padH, int padW) {

    public int outH() {
        return (h + 2 * padH - kh) / strideH + 1;
    }

    public int outW() {
        return (w + 2 * padW - kw) / strideW + 1;
    }

    /** Rows of the im2col matrix: one per (input channel, kernel row, kernel column). */
    int patch() {
        return c * kh * kw;
    }

    /** Output pixels per image and channel. */
    int pixels() {
        return outH() * outW();
    }

    /** Floats in one image's im2col matrix ({@code patch() x pixels()}); must fit in a Java array. */
    public long loweredFloats() {
        return (long) c * kh * kw * outH() * outW();
    }

    /** Throws IllegalArgumentException naming {@code kernel} unless this geometry is usable. */
    void check(String kernel) {
        if (n < 1
                || c < 1
                || h < 1
                || w < 1
                || o < 1
                || kh < 1
                || kw < 1
                || strideH < 1
                || strideW < 1
                || padH < 0
                || padW < 0) {
            throw new IllegalArgumentException(kernel + ": sizes must be >= 1, strides >= 1 and padding >= 0: " + this);
        }
        if (h + 2 * padH < kh || w + 2 * padW < kw) {
            throw new IllegalArgumentException(kernel + ": kernel " + kh + "x" + kw + " larger than the padded input "
                    + (h + 2 * padH) + "x" + (w + 2 * padW) + ": " + this);
        }
        if (loweredFloats() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    kernel + ": one image lowers to " + loweredFloats() + " floats, more than 2^31-1: " + this);
        }
    }
}
