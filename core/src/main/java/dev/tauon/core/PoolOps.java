package dev.tauon.core;

import dev.tauon.core.internal.kernel.AvgPool2dKernels;
import dev.tauon.core.internal.kernel.MaxPool2dKernels;
import dev.tauon.core.internal.kernel.PoolShape;

/**
 * Pooling over NCHW images, with the backward rules; the arithmetic is in the kernels. Global
 * pooling is a window as large as the image, so it shares these rules and needs none of its own.
 */
final class PoolOps {
    private PoolOps() {}

    static Tensor maxPool2d(Tensor x, int kh, int kw, int strideH, int strideW, int padH, int padW) {
        PoolShape s = shape("maxPool2d", x, kh, kw, strideH, strideW, padH, padW);
        int[] shape = {s.n(), s.c(), s.outH(), s.outW()};
        float[] out = new float[Shapes.size(shape)];
        int[] argmax = new int[out.length];
        if (out.length == 0) { // an empty batch or no channels
            return Tensor.result(out, shape, "maxPool2d", g -> x.accumulateOwnedGrad(new float[x.data.length]), x);
        }
        MaxPool2dKernels.forward(x.data, out, argmax, s);
        Node.ReusingBackward backward = (g, disposable) -> {
            float[] gx = GradientArrays.take(x.data.length); // the kernel zeroes it, then adds
            MaxPool2dKernels.backward(g, argmax, gx, s);
            x.accumulateOwnedGrad(gx);
            if (disposable) {
                GradientArrays.recycle(g);
            }
        };
        return Tensor.result(out, shape, "maxPool2d", backward, x);
    }

    static Tensor avgPool2d(Tensor x, int kh, int kw, int strideH, int strideW, int padH, int padW) {
        PoolShape s = shape("avgPool2d", x, kh, kw, strideH, strideW, padH, padW);
        int[] shape = {s.n(), s.c(), s.outH(), s.outW()};
        float[] out = new float[Shapes.size(shape)];
        if (out.length == 0) { // an empty batch or no channels
            return Tensor.result(out, shape, "avgPool2d", g -> x.accumulateOwnedGrad(new float[x.data.length]), x);
        }
        AvgPool2dKernels.forward(x.data, out, s);
        return Tensor.result(
                out,
                shape,
                "avgPool2d",
                g -> {
                    float[] gx = new float[x.data.length];
                    AvgPool2dKernels.backward(g, gx, s);
                    x.accumulateOwnedGrad(gx);
                },
                x);
    }

    /** The mean of each [H, W] plane: [N, C, H, W] to [N, C]. */
    static Tensor globalAvgPool2d(Tensor x) {
        requireImage("globalAvgPool2d", x);
        return avgPool2d(x, x.shape[2], x.shape[3], 1, 1, 0, 0).reshape(x.shape[0], x.shape[1]);
    }

    /** The maximum of each [H, W] plane: [N, C, H, W] to [N, C]; ties and NaN as in {@link #maxPool2d}. */
    static Tensor globalMaxPool2d(Tensor x) {
        requireImage("globalMaxPool2d", x);
        return maxPool2d(x, x.shape[2], x.shape[3], 1, 1, 0, 0).reshape(x.shape[0], x.shape[1]);
    }

    private static void requireImage(String op, Tensor x) {
        if (x.shape.length != 4 || x.shape[2] < 1 || x.shape[3] < 1) {
            throw new IllegalArgumentException(
                    op + ": input must be [N, C, H, W] with H and W at least 1, got " + Shapes.str(x.shape));
        }
    }

    /** The kernels' geometry, after checks whose messages name the op and the input shape. */
    private static PoolShape shape(String op, Tensor x, int kh, int kw, int strideH, int strideW, int padH, int padW) {
        if (x.shape.length != 4) {
            throw new IllegalArgumentException(op + ": input must be [N, C, H, W], got " + Shapes.str(x.shape));
        }
        String at = op + ": " + Shapes.str(x.shape) + ": ";
        if (kh < 1 || kw < 1 || strideH < 1 || strideW < 1) {
            throw new IllegalArgumentException(
                    at + "kernel " + kh + "x" + kw + " and stride " + strideH + "x" + strideW + " must be positive");
        }
        if (padH < 0 || padW < 0 || padH > kh / 2 || padW > kw / 2) {
            throw new IllegalArgumentException(
                    at + "padding " + padH + "x" + padW + " must be >= 0 and at most half the kernel " + kh + "x" + kw);
        }
        long paddedH = x.shape[2] + 2L * padH;
        long paddedW = x.shape[3] + 2L * padW;
        if (kh > paddedH || kw > paddedW) {
            throw new IllegalArgumentException(at + "kernel " + kh + "x" + kw + " is larger than the "
                    + (padH == 0 && padW == 0 ? "input " : "padded input ") + paddedH + "x" + paddedW);
        }
        return new PoolShape(x.shape[0], x.shape[1], x.shape[2], x.shape[3], kh, kw, strideH, strideW, padH, padW);
    }
}
