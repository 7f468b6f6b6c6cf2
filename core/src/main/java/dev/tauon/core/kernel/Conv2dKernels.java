package dev.tauon.core.kernel;

/** 2-D convolution, NCHW input, OIHW weight. (Reference loops; the fast version replaces them.) */
public final class Conv2dKernels {
    private Conv2dKernels() {
    }

    /** out (overwritten) = conv(x, w) + bias; bias may be null. */
    public static void forward(float[] x, float[] w, float[] bias, float[] out, ConvShape s) {
        int oh = s.outH();
        int ow = s.outW();
        for (int n = 0; n < s.n(); n++) {
            for (int o = 0; o < s.o(); o++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        float acc = bias == null ? 0f : bias[o];
                        for (int c = 0; c < s.c(); c++) {
                            for (int ky = 0; ky < s.kh(); ky++) {
                                int iy = oy * s.strideH() - s.padH() + ky;
                                if (iy < 0 || iy >= s.h()) {
                                    continue;
                                }
                                for (int kx = 0; kx < s.kw(); kx++) {
                                    int ix = ox * s.strideW() - s.padW() + kx;
                                    if (ix < 0 || ix >= s.w()) {
                                        continue;
                                    }
                                    acc += x[((n * s.c() + c) * s.h() + iy) * s.w() + ix]
                                            * w[((o * s.c() + c) * s.kh() + ky) * s.kw() + kx];
                                }
                            }
                        }
                        out[((n * s.o() + o) * oh + oy) * ow + ox] = acc;
                    }
                }
            }
        }
    }

    /** gradX (overwritten) = gradient of the loss w.r.t. x given gradOut. */
    public static void backwardInput(float[] gradOut, float[] w, float[] gradX, ConvShape s) {
        java.util.Arrays.fill(gradX, 0f);
        int oh = s.outH();
        int ow = s.outW();
        for (int n = 0; n < s.n(); n++) {
            for (int o = 0; o < s.o(); o++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        float g = gradOut[((n * s.o() + o) * oh + oy) * ow + ox];
                        for (int c = 0; c < s.c(); c++) {
                            for (int ky = 0; ky < s.kh(); ky++) {
                                int iy = oy * s.strideH() - s.padH() + ky;
                                if (iy < 0 || iy >= s.h()) {
                                    continue;
                                }
                                for (int kx = 0; kx < s.kw(); kx++) {
                                    int ix = ox * s.strideW() - s.padW() + kx;
                                    if (ix < 0 || ix >= s.w()) {
                                        continue;
                                    }
                                    gradX[((n * s.c() + c) * s.h() + iy) * s.w() + ix]
                                            += g * w[((o * s.c() + c) * s.kh() + ky) * s.kw() + kx];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** gradW (overwritten), gradBias (overwritten, may be null). */
    public static void backwardWeight(float[] x, float[] gradOut, float[] gradW, float[] gradBias, ConvShape s) {
        java.util.Arrays.fill(gradW, 0f);
        if (gradBias != null) {
            java.util.Arrays.fill(gradBias, 0f);
        }
        int oh = s.outH();
        int ow = s.outW();
        for (int n = 0; n < s.n(); n++) {
            for (int o = 0; o < s.o(); o++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        float g = gradOut[((n * s.o() + o) * oh + oy) * ow + ox];
                        if (gradBias != null) {
                            gradBias[o] += g;
                        }
                        for (int c = 0; c < s.c(); c++) {
                            for (int ky = 0; ky < s.kh(); ky++) {
                                int iy = oy * s.strideH() - s.padH() + ky;
                                if (iy < 0 || iy >= s.h()) {
                                    continue;
                                }
                                for (int kx = 0; kx < s.kw(); kx++) {
                                    int ix = ox * s.strideW() - s.padW() + kx;
                                    if (ix < 0 || ix >= s.w()) {
                                        continue;
                                    }
                                    gradW[((o * s.c() + c) * s.kh() + ky) * s.kw() + kx]
                                            += g * x[((n * s.c() + c) * s.h() + iy) * s.w() + ix];
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
