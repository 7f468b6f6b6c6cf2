package dev.tauon.core.internal.kernel;

/**
 * Geometry of 2-D pooling: input [n, c, h, w], output [n, c, outH(), outW()], with {@code padH}
 * rows above and below and {@code padW} columns left and right of each plane, as in PyTorch.
 *
 * <p>Padding is at most half the window, so every window holds at least one real input: what the
 * padding stands for (minus infinity for max pooling, zeros for average pooling) never becomes a
 * result on its own.
 */
public record PoolShape(int n, int c, int h, int w, int kh, int kw, int strideH, int strideW, int padH, int padW) {

    /** Without padding. */
    public PoolShape(int n, int c, int h, int w, int kh, int kw, int strideH, int strideW) {
        this(n, c, h, w, kh, kw, strideH, strideW, 0, 0);
    }

    public int outH() {
        return (h + 2 * padH - kh) / strideH + 1;
    }

    public int outW() {
        return (w + 2 * padW - kw) / strideW + 1;
    }

    /** The first input row of output row {@code oy}'s window, clipped to the plane. */
    int firstRow(int oy) {
        return Math.max(oy * strideH - padH, 0);
    }

    /** One past the last input row of output row {@code oy}'s window, clipped to the plane. */
    int endRow(int oy) {
        return Math.min(oy * strideH - padH + kh, h);
    }

    /** The first input column of output column {@code ox}'s window, clipped to the plane. */
    int firstColumn(int ox) {
        return Math.max(ox * strideW - padW, 0);
    }

    /** One past the last input column of output column {@code ox}'s window, clipped to the plane. */
    int endColumn(int ox) {
        return Math.min(ox * strideW - padW + kw, w);
    }

    /** Throws IllegalArgumentException naming {@code kernel} unless this geometry is usable. */
    void check(String kernel) {
        if (n < 1 || c < 1 || h < 1 || w < 1 || kh < 1 || kw < 1 || strideH < 1 || strideW < 1) {
            throw new IllegalArgumentException(kernel + ": sizes and strides must be >= 1: " + this);
        }
        if (padH < 0 || padW < 0 || padH > kh / 2 || padW > kw / 2) {
            throw new IllegalArgumentException(kernel + ": padding " + padH + "x" + padW
                    + " must be >= 0 and at most half the window " + kh + "x" + kw + ": " + this);
        }
        if (kh > h + 2L * padH || kw > w + 2L * padW) {
            throw new IllegalArgumentException(kernel + ": window " + kh + "x" + kw + " larger than the padded input "
                    + (h + 2L * padH) + "x" + (w + 2L * padW) + ": " + this);
        }
    }
}
