package dev.tauon.core.kernel;

/** Geometry of 2-D max pooling: input [n, c, h, w], output [n, c, outH(), outW()], no padding. */
public record PoolShape(int n, int c, int h, int w, int kh, int kw, int strideH, int strideW) {

  public int outH() {
    return (h - kh) / strideH + 1;
  }

  public int outW() {
    return (w - kw) / strideW + 1;
  }

  /** Throws IllegalArgumentException naming {@code kernel} unless this geometry is usable. */
  void check(String kernel) {
    if (n < 1 || c < 1 || h < 1 || w < 1 || kh < 1 || kw < 1 || strideH < 1 || strideW < 1) {
      throw new IllegalArgumentException(kernel + ": sizes and strides must be >= 1: " + this);
    }
    if (kh > h || kw > w) {
      throw new IllegalArgumentException(kernel + ": window " + kh + "x" + kw + " larger than the input "
          + h + "x" + w + ": " + this);
    }
  }
}
