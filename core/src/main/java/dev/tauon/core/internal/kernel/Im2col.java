package dev.tauon.core.internal.kernel;

import java.util.Arrays;

/**
 * Lowers one image to the im2col matrix and back. Row {@code (ci*kh + ky)*kw + kx} of the matrix
 * holds, for every output pixel {@code oy*outW + ox}, the input value that kernel tap meets there
 * (zero in the padding), so a convolution becomes one GEMM with the OIHW weight as a
 * {@code [o, c*kh*kw]} matrix.
 */
final class Im2col {

    /**
     * Rows shorter than this are added into the image here rather than through {@link
     * FloatOps#add}, whose vector loop a short row (4 pixels for conv3 of the CIFAR-10 CNN) never
     * enters. Each element is one add either way, so the same bits.
     */
    private static final int SHORT_ROW = 16;

    private Im2col() {}

    /**
     * Writes the im2col matrix of image {@code x[xOff ...]} into {@code col}: element (row, pixel) at
     * {@code col[colOff + row*ldcol + pixel]}.
     */
    static void lower(float[] x, int xOff, ConvShape s, float[] col, int colOff, int ldcol) {
        walk(null, x, xOff, s, col, colOff, ldcol, false);
    }

    /**
     * The adjoint of {@link #lower}: adds every element of the im2col-shaped {@code col}
     * (row stride {@code ldcol}) into the input position it was read from.
     */
    static void raiseAdd(FloatOps ops, float[] col, int colOff, int ldcol, ConvShape s, float[] x, int xOff) {
        if (s.padH() == 0 && s.padW() == 0 && s.strideH() == 1 && s.strideW() == 1 && s.outW() < SHORT_ROW) {
            raiseAddUnpadded(col, colOff, ldcol, s, x, xOff);
            return;
        }
        walk(ops, x, xOff, s, col, colOff, ldcol, true);
    }

    /**
     * {@link #raiseAdd} for a stride-1 convolution without padding and with short output rows
     * (conv3 of the CIFAR-10 CNN: 4x4), where every tap meets the image at every output pixel, so
     * the bounds {@link #walk} works out per row are not needed. The same adds in the same order
     * (rows in increasing order, one add per element each).
     */
    private static void raiseAddUnpadded(float[] col, int colOff, int ldcol, ConvShape s, float[] x, int xOff) {
        int outH = s.outH();
        int outW = s.outW();
        int w = s.w();
        int row = 0;
        for (int ci = 0; ci < s.c(); ci++) {
            int plane = xOff + ci * s.h() * w;
            for (int ky = 0; ky < s.kh(); ky++) {
                for (int kx = 0; kx < s.kw(); kx++, row++) {
                    int c = colOff + row * ldcol;
                    for (int oy = 0; oy < outH; oy++, c += outW) {
                        int xi = plane + (oy + ky) * w + kx;
                        for (int ox = 0; ox < outW; ox++) {
                            x[xi + ox] += col[c + ox];
                        }
                    }
                }
            }
        }
    }

    /** One traversal for both directions, so that lowering and its adjoint cannot disagree on an index. */
    private static void walk(
            FloatOps ops, float[] x, int xOff, ConvShape s, float[] col, int colOff, int ldcol, boolean raise) {
        int outH = s.outH();
        int outW = s.outW();
        int sw = s.strideW();
        int row = 0;
        for (int ci = 0; ci < s.c(); ci++) {
            int plane = xOff + ci * s.h() * s.w();
            for (int ky = 0; ky < s.kh(); ky++) {
                for (int kx = 0; kx < s.kw(); kx++, row++) {
                    int oxFrom = firstInside(kx, s.padW(), sw, outW);
                    int oxTo = endInside(kx, s.padW(), sw, s.w(), outW);
                    int c = colOff + row * ldcol;
                    for (int oy = 0; oy < outH; oy++, c += outW) {
                        int iy = oy * s.strideH() - s.padH() + ky;
                        boolean inside = iy >= 0 && iy < s.h() && oxFrom < oxTo;
                        int xi = plane + iy * s.w() + oxFrom * sw - s.padW() + kx;
                        if (raise && sw == 1 && oxTo - oxFrom >= SHORT_ROW) {
                            if (inside) {
                                ops.add(col, c + oxFrom, x, xi, oxTo - oxFrom);
                            }
                        } else if (raise) {
                            for (int ox = oxFrom; inside && ox < oxTo; ox++, xi += sw) {
                                x[xi] += col[c + ox];
                            }
                        } else if (!inside) {
                            Arrays.fill(col, c, c + outW, 0f);
                        } else {
                            if (oxFrom > 0) {
                                Arrays.fill(col, c, c + oxFrom, 0f);
                            }
                            if (sw == 1) {
                                System.arraycopy(x, xi, col, c + oxFrom, oxTo - oxFrom);
                            } else {
                                for (int ox = oxFrom; ox < oxTo; ox++, xi += sw) {
                                    col[c + ox] = x[xi];
                                }
                            }
                            if (oxTo < outW) {
                                Arrays.fill(col, c + oxTo, c + outW, 0f);
                            }
                        }
                    }
                }
            }
        }
    }

    /** First output column whose input column {@code ox*stride - pad + kx} is >= 0. */
    static int firstInside(int kx, int pad, int stride, int outW) {
        int need = pad - kx; // ox*stride >= need
        return need <= 0 ? 0 : Math.min(outW, (need + stride - 1) / stride);
    }

    /** One past the last output column whose input column is < w. */
    static int endInside(int kx, int pad, int stride, int w, int outW) {
        int limit = w - 1 + pad - kx; // ox*stride <= limit
        return limit < 0 ? 0 : Math.min(outW, limit / stride + 1);
    }
}
