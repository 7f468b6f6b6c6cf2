package dev.tauon.core;

import dev.tauon.core.internal.kernel.Conv2dKernels;
import dev.tauon.core.internal.kernel.ConvShape;
import dev.tauon.core.internal.kernel.MaxPool2dKernels;
import dev.tauon.core.internal.kernel.PoolShape;
import dev.tauon.core.internal.kernel.TreeSum;
import java.util.Arrays;

/** Convolution over NCHW images, with its backward rules; the arithmetic is in the kernels. Pooling is in {@link PoolOps}. */
final class ConvOps {
    private ConvOps() {}

    /** conv2d, followed by ReLU when {@code relu} (see {@link Tensor#conv2dRelu}). */
    static Tensor conv2d(Tensor x, Tensor w, Tensor bias, int strideH, int strideW, int padH, int padW, boolean relu) {
        String op = relu ? "conv2dRelu" : "conv2d";
        ConvShape s = shape(op, x, w, bias, strideH, strideW, padH, padW);
        int[] shape = {s.n(), s.o(), s.outH(), s.outW()};
        float[] out = new float[Shapes.size(shape)];
        if (out.length == 0) { // an empty batch (or no filters): nothing to compute, and zero gradients
            return Tensor.result(
                    out,
                    shape,
                    op,
                    g -> {
                        x.accumulateOwnedGrad(new float[x.data.length]);
                        w.accumulateOwnedGrad(new float[w.data.length]);
                        if (bias != null) {
                            bias.accumulateOwnedGrad(new float[bias.data.length]);
                        }
                    },
                    x,
                    w,
                    bias);
        }
        Conv2dKernels.forward(x.data, w.data, bias == null ? null : bias.data, out, s, relu);
        Node.ReusingBackward backward = (gradOut, disposable) -> {
            float[] g = relu ? ElementwiseOps.reluGradient(out, gradOut, disposable) : gradOut;
            backwardFrom(x, w, bias, s, g, disposable); // g is gradOut itself, masked in place for the ReLU
        };
        return Tensor.result(out, shape, op, backward, x, w, bias);
    }

    /**
     * {@code conv2dRelu} followed by 2x2 max pooling with stride 2 (see {@link
     * Tensor#conv2dReluMaxPool}): one op whose forward pass need not store the convolution's output
     * and whose backward pass routes each pooled gradient to its window's maximum through the ReLU's
     * rule ({@code pooled > 0}, as ReLU's gradient reads its output; the maximum is that output), then
     * goes on as conv2d's does. Same values and gradients, bit for bit, as the two ops.
     */
    static Tensor conv2dReluMaxPool(Tensor x, Tensor w, Tensor bias, int strideH, int strideW, int padH, int padW) {
        String op = "conv2dReluMaxPool";
        ConvShape s = shape(op, x, w, bias, strideH, strideW, padH, padW);
        if (s.outH() < 2 || s.outW() < 2 || s.n() == 0 || s.o() == 0) {
            // nothing to fuse: the two ops give their own results, or errors naming the pool's window
            return conv2d(x, w, bias, strideH, strideW, padH, padW, true).maxPool2d(2, 2);
        }
        PoolShape p = new PoolShape(s.n(), s.o(), s.outH(), s.outW(), 2, 2, 2, 2);
        int[] shape = {s.n(), s.o(), p.outH(), p.outW()};
        float[] pooled = new float[Shapes.size(shape)];
        int[] argmax = new int[pooled.length];
        // Without a graph (inference, NoGrad) no backward pass reads the argmax: skip indexing it.
        boolean recording = Tensor.recording(x, w, bias);
        Conv2dKernels.forwardReluMaxPool(x.data, w.data, bias == null ? null : bias.data, pooled, argmax, s, recording);
        Node.ReusingBackward backward = (gradOut, disposable) -> {
            float[] masked = ElementwiseOps.reluGradient(pooled, gradOut, disposable);
            float[] g = GradientArrays.take(s.n() * s.o() * s.outH() * s.outW()); // the kernel zeroes it, then adds
            MaxPool2dKernels.backward(masked, argmax, g, p);
            GradientArrays.recycle(masked); // gradOut masked in place when disposable, else a new array: ours
            backwardFrom(x, w, bias, s, g, true);
        };
        return Tensor.result(pooled, shape, op, backward, x, w, bias);
    }

    /**
     * The gradients of x, w and bias from {@code g}, the gradient of the convolution's output (after
     * any ReLU); {@code g} is recycled when {@code disposable}.
     */
    private static void backwardFrom(Tensor x, Tensor w, Tensor bias, ConvShape s, float[] g, boolean disposable) {
        if (x.requiresGrad) {
            float[] gx = GradientArrays.take(x.data.length); // every element is written
            Conv2dKernels.backwardInput(g, w.data, gx, s);
            x.accumulateOwnedGrad(gx);
        }
        if (w.requiresGrad || (bias != null && bias.requiresGrad)) {
            float[] gw = new float[w.data.length];
            float[] gb = bias == null ? null : new float[bias.data.length];
            if (BatchSums.splits(s.n())) {
                weightGradInBlocks(x.data, g, gw, gb, s);
            } else {
                Conv2dKernels.backwardWeight(x.data, g, gw, gb, s);
            }
            w.accumulateOwnedGrad(gw);
            if (bias != null) {
                bias.accumulateOwnedGrad(gb);
            }
        }
        if (disposable) {
            GradientArrays.recycle(g);
        }
    }

    /** The kernels' geometry, after checks whose messages name the op and the shapes. */
    private static ConvShape shape(
            String op, Tensor x, Tensor w, Tensor bias, int strideH, int strideW, int padH, int padW) {
        String shapes = Shapes.str(x.shape) + " * " + Shapes.str(w.shape)
                + (bias == null ? "" : " + " + Shapes.str(bias.shape));
        if (x.shape.length != 4 || w.shape.length != 4) {
            throw new IllegalArgumentException(
                    op + ": " + shapes + ": input must be [N, C, H, W] and weight [O, C, KH, KW]");
        }
        if (x.shape[1] != w.shape[1]) {
            throw new IllegalArgumentException(op + ": " + shapes + ": input has " + x.shape[1]
                    + " channels but the weight expects " + w.shape[1]);
        }
        if (bias != null && (bias.shape.length != 1 || bias.shape[0] != w.shape[0])) {
            throw new IllegalArgumentException(op + ": " + shapes + ": bias must be [" + w.shape[0] + "]");
        }
        if (strideH < 1 || strideW < 1 || padH < 0 || padW < 0) {
            throw new IllegalArgumentException(op + ": " + shapes + ": stride (" + strideH + ", " + strideW
                    + ") must be >= 1 and padding (" + padH + ", " + padW + ") >= 0");
        }
        if (x.shape[1] < 1 || x.shape[2] < 1 || x.shape[3] < 1 || w.shape[2] < 1 || w.shape[3] < 1) {
            throw new IllegalArgumentException(op + ": " + shapes + ": channels, height, width and kernel sizes"
                    + " must be >= 1 (only the batch and the number of filters may be 0)");
        }
        ConvShape s = new ConvShape(
                x.shape[0],
                x.shape[1],
                x.shape[2],
                x.shape[3],
                w.shape[0],
                w.shape[2],
                w.shape[3],
                strideH,
                strideW,
                padH,
                padW);
        if (s.h() + 2 * padH < s.kh() || s.w() + 2 * padW < s.kw()) {
            throw new IllegalArgumentException(op + ": " + shapes + ": kernel " + s.kh() + "x" + s.kw()
                    + " is larger than the padded input " + (s.h() + 2 * padH) + "x" + (s.w() + 2 * padW));
        }
        if (s.loweredFloats() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(op + ": " + shapes + ": one image lowers to an im2col matrix of "
                    + s.loweredFloats() + " floats, more than 2^31-1");
        }
        return s;
    }

    /**
     * The weight and bias gradients as one kernel call per block of images (see {@link BatchSums}),
     * added by the fixed tree: what a machine holding whole blocks of the batch computes bit for bit.
     */
    private static void weightGradInBlocks(float[] x, float[] g, float[] gw, float[] gb, ConvShape s) {
        int block = BatchSums.blockSize();
        int image = s.c() * s.h() * s.w();
        int outImage = s.o() * s.outH() * s.outW();
        TreeSum weights = new TreeSum(gw.length);
        TreeSum biases = gb == null ? null : new TreeSum(gb.length);
        for (int b0 = 0; b0 < s.n(); b0 += block) {
            int images = Math.min(block, s.n() - b0);
            ConvShape leaf = new ConvShape(
                    images, s.c(), s.h(), s.w(), s.o(), s.kh(), s.kw(), s.strideH(), s.strideW(), s.padH(), s.padW());
            float[] leafW = new float[gw.length];
            float[] leafB = gb == null ? null : new float[gb.length];
            Conv2dKernels.backwardWeight(
                    Arrays.copyOfRange(x, b0 * image, (b0 + images) * image),
                    Arrays.copyOfRange(g, b0 * outImage, (b0 + images) * outImage),
                    leafW,
                    leafB,
                    leaf);
            weights.add(leafW);
            if (biases != null) {
                biases.add(leafB);
            }
        }
        System.arraycopy(weights.result(), 0, gw, 0, gw.length);
        if (biases != null) {
            System.arraycopy(biases.result(), 0, gb, 0, gb.length);
        }
    }
}
