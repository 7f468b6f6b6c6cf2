package dev.tauon.core.kernel;

/** Reference max pooling for tests, straight from the definition. */
final class NaivePool {

  private NaivePool() {}

  /** Flat index into x of the first maximum of output element (q plane, oy, ox). */
  static int argmax(float[] x, PoolShape s, int q, int oy, int ox) {
    int best = -1;
    for (int ky = 0; ky < s.kh(); ky++) {
      for (int kx = 0; kx < s.kw(); kx++) {
        int i = (q * s.h() + oy * s.strideH() + ky) * s.w() + ox * s.strideW() + kx;
        if (best < 0 || x[i] > x[best]) {
          best = i;
        }
      }
    }
    return best;
  }
}
