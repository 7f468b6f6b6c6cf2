package dev.tauon.core.internal.kernel;

import java.util.Arrays;

/**
 * Quantised 2-D convolution on int8 inputs and weights, accumulated in
 * {@code int} ({@link Int8Gemm}) and rescaled once per output to float.
 *
 * <p>Weights are one row per output channel, {@code ldw} bytes apart ({@code ldw >= c*kh*kw}, the
 * rest zero: {@link Int8Gemm#paddedLength} gives full vectors). A convolution lowers each image
 * to a transposed im2col matrix, one row of {@code ldw} bytes per output pixel, so that each output
 * is one dot product of two contiguous rows; padding is the int8 value 0, which is the real value 0
 * of a symmetric quantisation. Images are split between threads; a single image's pixels are.
 */
public final class Int8Conv2d {

    private static final ThreadLocal<byte[][]> COLUMNS = ThreadLocal.withInitial(() -> new byte[1][0]);
    private static final ThreadLocal<int[][]> SUMS = ThreadLocal.withInitial(() -> new int[1][0]);

    private Int8Conv2d() {}

    /**
     * {@code out[b, oc, y, x] = (sum of x * w over the window + bias[oc]) * scale[oc]}, with x int8
     * NCHW, w {@code [o, ldw]}, bias (int, at the scale of the products; may be null) and scale per
     * output channel; out (overwritten) float NCHW {@code [n, o, outH, outW]}.
     */
    public static void forward(byte[] x, byte[] w, int ldw, int[] bias, float[] scale, float[] out, ConvShape s) {
        forward(SimdSupport.active(), x, w, ldw, bias, scale, out, s);
    }

    static void forward(
            FloatOps ops, byte[] x, byte[] w, int ldw, int[] bias, float[] scale, float[] out, ConvShape s) {
        String kernel = "Int8Conv2d.forward";
        s.check(kernel);
        int k = s.patch();
        int p = s.pixels();
        int o = s.o();
        checkRows(kernel, w, ldw, k, o, bias, scale, s);
        Checks.length(kernel, "x", x, (long) s.n() * s.c() * s.h() * s.w(), s);
        Checks.length(kernel, "out", out, (long) s.n() * o * p, s);
        if ((long) p * ldw > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(kernel + ": one image lowers to " + (long) p * ldw + " bytes: " + s);
        }
        int image = s.c() * s.h() * s.w();
        Parallel.forRange(s.n(), 1, (long) s.n() * o * p * k, (b0, b1) -> {
            for (int b = b0; b < b1; b++) {
                byte[] col = bytes(COLUMNS, p * ldw);
                lowerTransposed(x, b * image, s, col, ldw);
                int[] acc = ints(SUMS, o * p);
                Int8Gemm.gemm(ops, w, 0, ldw, o, col, 0, ldw, p, k, acc, 0, p, 1);
                Int8Quantize.rescale(acc, 0, o, p, bias, scale, out, b * o * p);
            }
        });
    }

    /** Checks a layer's weight rows and its per-row bias and scale. */
    static void checkRows(String kernel, byte[] w, int ldw, int k, int rows, int[] bias, float[] scale, Object shape) {
        if (ldw < k) {
            throw new IllegalArgumentException(
                    kernel + ": weight row stride " + ldw + " is shorter than a row, " + k + ": " + shape);
        }
        Checks.length(kernel, "w", w, (long) rows * ldw, shape);
        Checks.length(kernel, "scale", scale, rows, shape);
        if (bias != null) {
            Checks.length(kernel, "bias", bias, rows, shape);
        }
    }

    /**
     * Row {@code oy*outW + ox} of {@code col} (rows {@code ldcol} apart) gets the window of output
     * pixel (oy, ox), tap {@code (ci*kh + ky)*kw + kx}; zeros in the padding and past the patch.
     */
    static void lowerTransposed(byte[] x, int xOff, ConvShape s, byte[] col, int ldcol) {
        int outH = s.outH();
        int outW = s.outW();
        Arrays.fill(col, 0, outH * outW * ldcol, (byte) 0);
        for (int oy = 0; oy < outH; oy++) {
            for (int ox = 0; ox < outW; ox++) {
                int row = (oy * outW + ox) * ldcol;
                int x0 = ox * s.strideW() - s.padW();
                int kxFrom = Math.max(0, -x0);
                int kxTo = Math.min(s.kw(), s.w() - x0);
                for (int ci = 0; ci < s.c(); ci++) {
                    for (int ky = 0; ky < s.kh(); ky++) {
                        int iy = oy * s.strideH() - s.padH() + ky;
                        if (iy < 0 || iy >= s.h() || kxFrom >= kxTo) {
                            continue;
                        }
                        int src = xOff + (ci * s.h() + iy) * s.w() + x0;
                        int dst = row + (ci * s.kh() + ky) * s.kw();
                        System.arraycopy(x, src + kxFrom, col, dst + kxFrom, kxTo - kxFrom);
                    }
                }
            }
        }
    }

    private static byte[] bytes(ThreadLocal<byte[][]> slot, int size) {
        byte[][] holder = slot.get();
        if (holder[0].length < size) {
            holder[0] = new byte[size];
        }
        return holder[0];
    }

    private static int[] ints(ThreadLocal<int[][]> slot, int size) {
        int[][] holder = slot.get();
        if (holder[0].length < size) {
            holder[0] = new int[size];
        }
        return holder[0];
    }
}
