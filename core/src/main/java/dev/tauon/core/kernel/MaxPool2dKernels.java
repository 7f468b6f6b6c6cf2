package dev.tauon.core.kernel;

/** 2-D max pooling with the argmax kept for backward. (Reference loops; the fast version replaces them.) */
public final class MaxPool2dKernels {
    private MaxPool2dKernels() {
    }

    /** out (overwritten) = window maxima; argmax[i] = flat index into x of output i's maximum (first on ties). */
    public static void forward(float[] x, float[] out, int[] argmax, PoolShape s) {
        int oh = s.outH();
        int ow = s.outW();
        int i = 0;
        for (int plane = 0; plane < s.n() * s.c(); plane++) {
            int base = plane * s.h() * s.w();
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    int best = base + oy * s.strideH() * s.w() + ox * s.strideW();
                    for (int ky = 0; ky < s.kh(); ky++) {
                        for (int kx = 0; kx < s.kw(); kx++) {
                            int idx = base + (oy * s.strideH() + ky) * s.w() + ox * s.strideW() + kx;
                            if (x[idx] > x[best]) {
                                best = idx;
                            }
                        }
                    }
                    out[i] = x[best];
                    argmax[i++] = best;
                }
            }
        }
    }

    /** gradX is overwritten: zero, then gradOut[i] added at argmax[i]. */
    public static void backward(float[] gradOut, int[] argmax, float[] gradX, PoolShape s) {
        java.util.Arrays.fill(gradX, 0f);
        for (int i = 0; i < gradOut.length; i++) {
            gradX[argmax[i]] += gradOut[i];
        }
    }
}
