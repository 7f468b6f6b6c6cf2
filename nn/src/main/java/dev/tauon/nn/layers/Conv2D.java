package dev.tauon.nn.layers;

import dev.tauon.core.Generator;
import dev.tauon.core.Shapes;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Activation;
import dev.tauon.nn.Module;
import dev.tauon.nn.Summary;
import java.util.Objects;

/**
 * A 2-D convolution over NCHW images: {@code activation(conv(x, weight) + bias)} with a weight of
 * shape {@code [filters, inChannels, kh, kw]} (PyTorch's OIHW layout) and a bias per filter. The
 * number of input channels comes from {@code build}. Glorot uniform by default, with Keras' fans
 * {@code kh*kw*inChannels} and {@code kh*kw*filters}.
 *
 * <p>{@link Padding#SAME} needs the same padding on both sides of each axis; where TensorFlow would
 * pad one more pixel on the bottom/right (an even kernel, or a stride that does not divide evenly)
 * this layer refuses with an error instead of computing something else.
 */
public class Conv2D extends KernelLayer {
    private final int filters;
    private final int kh;
    private final int kw;
    private int stride = 1;
    private Padding padding = Padding.VALID;

    /** {@code filters} filters of {@code kernel x kernel}, no activation, stride 1, valid padding. */
    public Conv2D(int filters, int kernel) {
        this(filters, kernel, kernel, Activation.LINEAR);
    }

    /** {@code filters} filters of {@code kernel x kernel} followed by {@code activation}. */
    public Conv2D(int filters, int kernel, Activation activation) {
        this(filters, kernel, kernel, activation);
    }

    /** {@code filters} filters of {@code kernelH x kernelW} followed by {@code activation}. */
    public Conv2D(int filters, int kernelH, int kernelW, Activation activation) {
        super(activation);
        if (filters < 1 || kernelH < 1 || kernelW < 1) {
            throw new IllegalArgumentException(
                    "Conv2D: filters " + filters + " and kernel " + kernelH + "x" + kernelW + " must be positive");
        }
        this.filters = filters;
        this.kh = kernelH;
        this.kw = kernelW;
    }

    /** Sets the stride of both axes (default 1); before build. Returns this. */
    public Conv2D stride(int s) {
        if (s < 1 || isBuilt()) {
            throw new IllegalArgumentException(name() + ": stride " + s + " must be positive and set before build");
        }
        stride = s;
        return this;
    }

    /** Sets the padding (default {@link Padding#VALID}); before build. Returns this. */
    public Conv2D padding(Padding p) {
        if (isBuilt()) {
            throw new IllegalStateException(name() + ": padding must be set before build");
        }
        padding = Objects.requireNonNull(p);
        return this;
    }

    /** The number of filters (output channels). */
    public int filters() {
        return filters;
    }

    /** The kernel's height. */
    public int kernelHeight() {
        return kh;
    }

    /** The kernel's width. */
    public int kernelWidth() {
        return kw;
    }

    /** The stride of both axes. */
    public int stride() {
        return stride;
    }

    /** The padding mode. */
    public Padding padding() {
        return padding;
    }

    /**
     * The zero padding on each side, {@code {height, width}}, for an input of {@code height x width}
     * (0 for {@link Padding#VALID}).
     *
     * @throws IllegalArgumentException where 'same' padding cannot be split evenly (see the class comment)
     */
    public int[] paddingFor(int height, int width) {
        return new int[] {pad(height, kh, "height"), pad(width, kw, "width")};
    }

    @Override
    public int[] outputShape(int[] in) {
        if (in.length != 3) {
            throw new IllegalArgumentException(name() + ": input " + Summary.tauonShape(in) + " must be [N, C, H, W]");
        }
        int ph = pad(in[1], kh, "height");
        int pw = pad(in[2], kw, "width");
        if (in[1] + 2 * ph < kh || in[2] + 2 * pw < kw) {
            throw new IllegalArgumentException(
                    name() + ": input " + Summary.tauonShape(in) + " is smaller than the kernel " + kh + "x" + kw);
        }
        return new int[] {filters, (in[1] + 2 * ph - kh) / stride + 1, (in[2] + 2 * pw - kw) / stride + 1};
    }

    /** Padding on each side of an axis of length {@code n}. */
    private int pad(int n, int k, String axis) {
        if (padding == Padding.VALID) {
            return 0;
        }
        int out = (n + stride - 1) / stride;
        int total = Math.max((out - 1) * stride + k - n, 0);
        if (total % 2 != 0) {
            throw new IllegalArgumentException(name() + ": 'same' padding of " + axis + " " + n + " needs " + total
                    + " pixels, which cannot be split evenly between both sides; use an odd kernel with stride 1,"
                    + " or padding VALID");
        }
        return total / 2;
    }

    @Override
    protected void buildParameters(int[] in, Generator init) {
        outputShape(in); // checks the shape
        int c = in[0];
        createParameters(init, new int[] {filters, c, kh, kw}, kh * kw * c, kh * kw * filters, filters);
    }

    @Override
    protected Tensor affine(Tensor x) {
        return convolve(x, false);
    }

    /** With ReLU, one op ({@link Tensor#conv2dRelu}): no pre-activation tensor, the ReLU done in cache. */
    @Override
    protected Tensor activated(Tensor x) {
        return activation() == Activation.RELU ? convolve(x, true) : super.activated(x);
    }

    /**
     * With ReLU and followed by {@code MaxPool2D(2)} (stride 2, no padding), one op ({@link
     * Tensor#conv2dReluMaxPool}): the pooling runs while each image's convolution is in cache, and
     * the convolution's output is never stored. Not for subclasses, whose {@code forward} may differ.
     */
    @Override
    protected Tensor forwardFusedWith(Module next, Tensor x) {
        if (getClass() != Conv2D.class
                || activation() != Activation.RELU
                || next.getClass() != MaxPool2D.class
                || weight() == null) {
            return null;
        }
        MaxPool2D pool = (MaxPool2D) next;
        if (pool.pool() != 2 || pool.stride() != 2 || pool.padding() != 0) {
            return null;
        }
        int[] padding = checkedPadding(x);
        return x.conv2dReluMaxPool(weight(), bias(), stride, stride, padding[0], padding[1]);
    }

    private Tensor convolve(Tensor x, boolean relu) {
        int[] padding = checkedPadding(x);
        return relu
                ? x.conv2dRelu(weight(), bias(), stride, stride, padding[0], padding[1])
                : x.conv2d(weight(), bias(), stride, stride, padding[0], padding[1]);
    }

    /** The padding for this input, after checking its shape against the weight's. */
    private int[] checkedPadding(Tensor x) {
        int[] s = x.shape();
        if (s.length != 4 || s[1] != weight().dim(1)) {
            throw new IllegalArgumentException(
                    name() + ": input " + Shapes.str(s) + " must be [N, " + weight().dim(1) + ", H, W]");
        }
        return new int[] {pad(s[2], kh, "height"), pad(s[3], kw, "width")};
    }

    @Override
    public String name() {
        String extra = (stride == 1 ? "" : ", stride " + stride) + (padding == Padding.VALID ? "" : ", same");
        return "Conv2D(" + filters + ", " + kh + "x" + kw + extra + activationSuffix() + ")";
    }
}
