package dev.tauon.core.kernel;

/** Geometry of a 2-D convolution: input [n, c, h, w] NCHW, weight [o, c, kh, kw] OIHW, output [n, o, outH(), outW()]. */
public record ConvShape(int n, int c, int h, int w, int o, int kh, int kw,
                        int strideH, int strideW, int padH, int padW) {
    public int outH() {
        return (h + 2 * padH - kh) / strideH + 1;
    }

    public int outW() {
        return (w + 2 * padW - kw) / strideW + 1;
    }
}
