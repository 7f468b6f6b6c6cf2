package dev.tauon.core.kernel;

/** Geometry of 2-D max pooling: input [n, c, h, w], output [n, c, outH(), outW()], no padding. */
public record PoolShape(int n, int c, int h, int w, int kh, int kw, int strideH, int strideW) {
    public int outH() {
        return (h - kh) / strideH + 1;
    }

    public int outW() {
        return (w - kw) / strideW + 1;
    }
}
