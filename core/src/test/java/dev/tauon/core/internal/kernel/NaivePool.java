package dev.tauon.core.internal.kernel;

/** Reference pooling for tests, straight from the definition: windows over the padded plane. */
final class NaivePool {

    private NaivePool() {}

    /** Flat index into x of the first maximum of output element (q plane, oy, ox); padding is never one. */
    static int argmax(float[] x, PoolShape s, int q, int oy, int ox) {
        int best = -1;
        for (int ky = 0; ky < s.kh(); ky++) {
            for (int kx = 0; kx < s.kw(); kx++) {
                int i = index(s, q, oy, ox, ky, kx);
                if (i >= 0 && (best < 0 || x[i] > x[best])) {
                    best = i;
                }
            }
        }
        return best;
    }

    /** Output element (q plane, oy, ox) of average pooling, padding counted as zeros: sum / (kh * kw). */
    static double average(float[] x, PoolShape s, int q, int oy, int ox) {
        double sum = 0;
        for (int ky = 0; ky < s.kh(); ky++) {
            for (int kx = 0; kx < s.kw(); kx++) {
                int i = index(s, q, oy, ox, ky, kx);
                sum += i >= 0 ? x[i] : 0;
            }
        }
        return sum / (s.kh() * s.kw());
    }

    /** Flat index of window element (ky, kx) of output (q, oy, ox), or -1 where it is padding. */
    static int index(PoolShape s, int q, int oy, int ox, int ky, int kx) {
        int y = oy * s.strideH() - s.padH() + ky;
        int x = ox * s.strideW() - s.padW() + kx;
        if (y < 0 || y >= s.h() || x < 0 || x >= s.w()) {
            return -1;
        }
        return (q * s.h() + y) * s.w() + x;
    }
}
