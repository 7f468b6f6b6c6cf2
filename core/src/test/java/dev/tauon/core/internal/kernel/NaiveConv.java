package dev.tauon.core.internal.kernel;

/** Reference convolution for tests: direct loops over the definition, accumulated in double. */
final class NaiveConv {

    private NaiveConv() {}

    /** The input index tap (ky, kx) of output pixel (oy, ox) reads in channel plane ci, or -1 in the padding. */
    private static int input(ConvShape s, int b, int ci, int oy, int ox, int ky, int kx) {
        int iy = oy * s.strideH() - s.padH() + ky;
        int ix = ox * s.strideW() - s.padW() + kx;
        if (iy < 0 || iy >= s.h() || ix < 0 || ix >= s.w()) {
            return -1;
        }
        return ((b * s.c() + ci) * s.h() + iy) * s.w() + ix;
    }

    private static int weight(ConvShape s, int oc, int ci, int ky, int kx) {
        return ((oc * s.c() + ci) * s.kh() + ky) * s.kw() + kx;
    }

    private static int output(ConvShape s, int b, int oc, int oy, int ox) {
        return ((b * s.o() + oc) * s.outH() + oy) * s.outW() + ox;
    }

    static double[] forward(float[] x, float[] w, float[] bias, ConvShape s) {
        double[] out = new double[s.n() * s.o() * s.outH() * s.outW()];
        visit(
                s,
                (b, oc, oy, ox, ci, ky, kx, xi) ->
                        out[output(s, b, oc, oy, ox)] += (double) x[xi] * w[weight(s, oc, ci, ky, kx)]);
        if (bias != null) {
            for (int i = 0; i < out.length; i++) {
                out[i] += bias[(i / (s.outH() * s.outW())) % s.o()];
            }
        }
        return out;
    }

    static double[] backwardInput(float[] gradOut, float[] w, ConvShape s) {
        double[] gx = new double[s.n() * s.c() * s.h() * s.w()];
        visit(
                s,
                (b, oc, oy, ox, ci, ky, kx, xi) ->
                        gx[xi] += (double) gradOut[output(s, b, oc, oy, ox)] * w[weight(s, oc, ci, ky, kx)]);
        return gx;
    }

    static double[] backwardWeight(float[] x, float[] gradOut, ConvShape s) {
        double[] gw = new double[s.o() * s.c() * s.kh() * s.kw()];
        visit(
                s,
                (b, oc, oy, ox, ci, ky, kx, xi) ->
                        gw[weight(s, oc, ci, ky, kx)] += (double) gradOut[output(s, b, oc, oy, ox)] * x[xi]);
        return gw;
    }

    static double[] backwardBias(float[] gradOut, ConvShape s) {
        double[] gb = new double[s.o()];
        int p = s.outH() * s.outW();
        for (int i = 0; i < gradOut.length; i++) {
            gb[(i / p) % s.o()] += gradOut[i];
        }
        return gb;
    }

    interface Tap {
        void at(int b, int oc, int oy, int ox, int ci, int ky, int kx, int xi);
    }

    /** Calls {@code tap} for every (output element, weight tap) pair that does not fall in the padding. */
    private static void visit(ConvShape s, Tap tap) {
        for (int b = 0; b < s.n(); b++) {
            for (int oc = 0; oc < s.o(); oc++) {
                for (int oy = 0; oy < s.outH(); oy++) {
                    for (int ox = 0; ox < s.outW(); ox++) {
                        for (int ci = 0; ci < s.c(); ci++) {
                            for (int ky = 0; ky < s.kh(); ky++) {
                                for (int kx = 0; kx < s.kw(); kx++) {
                                    int xi = input(s, b, ci, oy, ox, ky, kx);
                                    if (xi >= 0) {
                                        tap.at(b, oc, oy, ox, ci, ky, kx, xi);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
