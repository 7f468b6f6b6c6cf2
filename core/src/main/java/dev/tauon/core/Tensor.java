package dev.tauon.core;

import java.util.Arrays;
import java.util.Objects;

/**
 * A dense float32 tensor: a contiguous row-major {@code float[]} and a shape, with reverse-mode
 * automatic differentiation.
 *
 * <p>Every op returns a new tensor and, when any input {@link #requiresGrad() requires grad} and
 * recording is on (see {@link NoGrad}), records how to send gradients back; {@link #backward()}
 * walks that record. Shape errors throw {@link IllegalArgumentException} naming the op and shapes.
 *
 * <p>Views: {@link #reshape}, {@link #flatten} and {@link #detach} share this tensor's array, since
 * the data is always contiguous; every other op copies. Writing into {@link #data()} changes every
 * view of it, and writing into a tensor the graph has saved for backward gives wrong gradients, so
 * write only into leaves (parameters) and only outside of a forward/backward pass.
 */
public final class Tensor {
    final float[] data;
    final int[] shape;
    boolean requiresGrad;
    boolean retainsGrad;
    Tensor grad;
    Node node;

    Tensor(float[] data, int[] shape) {
        this.data = data;
        this.shape = shape;
    }

    // ---------------------------------------------------------------- factories

    /** A tensor wrapping {@code data} without copying; the caller hands the array over. */
    public static Tensor wrap(float[] data, int... shape) {
        int[] s = shape.clone();
        int n = Shapes.size(s);
        if (data.length != n) {
            throw new IllegalArgumentException(
                    "wrap: " + data.length + " values do not fill shape " + Shapes.str(s) + " (" + n + " elements)");
        }
        return new Tensor(data, s);
    }

    /** A tensor holding a copy of {@code data}. */
    public static Tensor of(float[] data, int... shape) {
        return wrap(data.clone(), shape);
    }

    /** A 0-dimensional tensor holding one value. */
    public static Tensor scalar(float value) {
        return new Tensor(new float[] {value}, new int[0]);
    }

    /** A tensor of {@code shape} filled with zeros. */
    public static Tensor zeros(int... shape) {
        return new Tensor(new float[Shapes.size(shape)], shape.clone());
    }

    /** A tensor of {@code shape} filled with ones. */
    public static Tensor ones(int... shape) {
        return full(1f, shape);
    }

    /** A tensor of {@code shape} with every element {@code value}. */
    public static Tensor full(float value, int... shape) {
        float[] d = new float[Shapes.size(shape)];
        Arrays.fill(d, value);
        return new Tensor(d, shape.clone());
    }

    /** {@code [0, 1, ..., n-1]}. */
    public static Tensor arange(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("arange: negative length " + n);
        }
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
            d[i] = i;
        }
        return new Tensor(d, new int[] {n});
    }

    /** Uniform in [lo, hi) from {@code g}. */
    public static Tensor uniform(Generator g, float lo, float hi, int... shape) {
        if (!(hi >= lo)) {
            throw new IllegalArgumentException("uniform: need lo <= hi, got [" + lo + ", " + hi + ")");
        }
        float[] d = new float[Shapes.size(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = lo + (hi - lo) * g.nextFloat();
        }
        return new Tensor(d, shape.clone());
    }

    /** Uniform in [0, 1) from {@code g}. */
    public static Tensor rand(Generator g, int... shape) {
        return uniform(g, 0f, 1f, shape);
    }

    /** Uniform in [0, 1) from a new generator seeded with {@code seed}. */
    public static Tensor rand(long seed, int... shape) {
        return rand(new Generator(seed), shape);
    }

    /** Normal with the given mean and standard deviation, from {@code g}. */
    public static Tensor normal(Generator g, float mean, float std, int... shape) {
        if (!(std >= 0)) {
            throw new IllegalArgumentException("normal: negative standard deviation " + std);
        }
        float[] d = new float[Shapes.size(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (mean + std * g.nextGaussian());
        }
        return new Tensor(d, shape.clone());
    }

    /** Standard normal from {@code g}. */
    public static Tensor randn(Generator g, int... shape) {
        return normal(g, 0f, 1f, shape);
    }

    /** Standard normal from a new generator seeded with {@code seed}. */
    public static Tensor randn(long seed, int... shape) {
        return randn(new Generator(seed), shape);
    }

    // ---------------------------------------------------------------- shape and elements

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** Size of dimension {@code axis} (negative counts from the end). */
    public int dim(int axis) {
        return shape[Shapes.axis("dim", axis, shape)];
    }

    /** The number of axes (0 for a scalar). */
    public int rank() {
        return shape.length;
    }

    /** Number of elements. */
    public int size() {
        return data.length;
    }

    /**
     * The backing array, row-major, live (not a copy): for kernels, data loaders, optimisers and
     * initialisers. See the class comment on when writing into it is safe.
     */
    public float[] data() {
        return data;
    }

    /** A copy of the values, row-major. */
    public float[] toArray() {
        return data.clone();
    }

    /** The element at a full index. */
    public float get(int... index) {
        return data[flatIndex(index)];
    }

    /** Sets the element at a full index; for leaves outside a forward pass (see class comment). */
    public void set(float value, int... index) {
        data[flatIndex(index)] = value;
    }

    /** The single value of a one-element tensor (a scalar loss, say). */
    public float item() {
        if (data.length != 1) {
            throw new IllegalArgumentException(
                    "item: tensor " + Shapes.str(shape) + " has " + data.length + " elements, not 1");
        }
        return data[0];
    }

    private int flatIndex(int[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("index " + Arrays.toString(index) + " has " + index.length
                    + " coordinates for shape " + Shapes.str(shape));
        }
        int flat = 0;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IllegalArgumentException(
                        "index " + Arrays.toString(index) + " is out of bounds for shape " + Shapes.str(shape));
            }
            flat = flat * shape[i] + index[i];
        }
        return flat;
    }

    /** Shape, gradient flag and the first few values, e.g. {@code Tensor[2, 3] [1.0, 2.0, ...]}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tensor").append(Shapes.str(shape)).append(" [");
        int shown = Math.min(data.length, 8);
        for (int i = 0; i < shown; i++) {
            sb.append(i == 0 ? "" : ", ").append(data[i]);
        }
        if (data.length > shown) {
            sb.append(", ... (").append(data.length - shown).append(" more)");
        }
        sb.append(']');
        if (node != null) {
            sb.append(" grad_fn=").append(node.op);
        } else if (requiresGrad) {
            sb.append(" requiresGrad");
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- autograd

    /** Whether backward computes a gradient for this tensor (a parameter, or a result computed from one). */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Marks a leaf (a parameter, an input to check) as needing a gradient; returns this tensor. */
    public Tensor requiresGrad(boolean on) {
        if (node != null && !on) {
            throw new IllegalStateException("requiresGrad: tensor " + Shapes.str(shape) + " is the output of '"
                    + node.op + "'; use detach() to cut it from the graph");
        }
        requiresGrad = on;
        if (node == null) {
            retainsGrad = on;
        }
        return this;
    }

    /** Keeps this intermediate's gradient after backward (leaves always keep theirs). */
    public Tensor retainGrad() {
        retainsGrad = true;
        return this;
    }

    /** True for tensors no op produced (inputs and parameters). */
    public boolean isLeaf() {
        return node == null;
    }

    /** The accumulated gradient, or {@code null} before any backward reached this tensor. */
    public Tensor grad() {
        return grad;
    }

    /** Drops the accumulated gradient (optimisers call this through {@code zeroGrad}). */
    public void zeroGrad() {
        grad = null;
    }

    /** A tensor sharing this one's values, outside any graph and not requiring grad. */
    public Tensor detach() {
        return new Tensor(data, shape);
    }

    /** A copy of the values, outside any graph. */
    public Tensor copy() {
        return new Tensor(data.clone(), shape.clone());
    }

    /** Backward from a one-element tensor (a loss), seeding its gradient with 1. */
    public void backward() {
        if (data.length != 1) {
            throw new IllegalArgumentException("backward: the output " + Shapes.str(shape)
                    + " is not a scalar; pass its gradient with backward(gradient)");
        }
        backward(new float[] {1f});
    }

    /** Backward seeding this tensor's gradient with {@code gradient} (same shape). */
    public void backward(Tensor gradient) {
        if (!Arrays.equals(gradient.shape, shape)) {
            throw new IllegalArgumentException(
                    "backward: gradient " + Shapes.str(gradient.shape) + " does not match output " + Shapes.str(shape));
        }
        backward(gradient.data);
    }

    private void backward(float[] seed) {
        if (node == null && requiresGrad) {
            accumulateGrad(seed);
            return;
        }
        Autograd.backward(this, seed);
    }

    /** Adds {@code g} into this tensor's gradient, if it wants one. {@code g} is not kept. */
    void accumulateGrad(float[] g) {
        if (!requiresGrad) {
            return;
        }
        if (grad == null) {
            grad = new Tensor(g.clone(), shape);
        } else {
            float[] acc = grad.data;
            for (int i = 0; i < acc.length; i++) {
                acc[i] += g[i];
            }
        }
    }

    /** Like {@link #accumulateGrad} for an array the caller will not touch again: kept without a copy. */
    void accumulateOwnedGrad(float[] g) {
        if (!requiresGrad) {
            return;
        }
        if (grad == null) {
            grad = new Tensor(g, shape);
        } else {
            accumulateGrad(g);
        }
    }

    /** Whether an op on these inputs records a graph node. */
    static boolean recording(Tensor... inputs) {
        if (!NoGrad.gradEnabled()) {
            return false;
        }
        for (Tensor t : inputs) {
            if (t != null && t.requiresGrad) {
                return true;
            }
        }
        return false;
    }

    /** The output of an op: records {@code backward} when {@link #recording} says so. */
    static Tensor result(float[] data, int[] shape, String op, Node.Backward backward, Tensor... inputs) {
        Tensor out = new Tensor(data, shape);
        if (recording(inputs)) {
            out.requiresGrad = true;
            out.node = new Node(
                    op, java.util.Arrays.stream(inputs).filter(Objects::nonNull).toArray(Tensor[]::new), backward);
        }
        return out;
    }

    // ---------------------------------------------------------------- ops (rules live in the *Ops classes)

    /** Element-wise {@code this + other}, broadcasting as NumPy does. */
    public Tensor add(Tensor other) {
        return ElementwiseOps.add(this, other);
    }

    /** Element-wise {@code this - other}, broadcasting as NumPy does. */
    public Tensor sub(Tensor other) {
        return ElementwiseOps.sub(this, other);
    }

    /** Element-wise {@code this * other}, broadcasting as NumPy does. */
    public Tensor mul(Tensor other) {
        return ElementwiseOps.mul(this, other);
    }

    /** Element-wise {@code this / other}, broadcasting as NumPy does. */
    public Tensor div(Tensor other) {
        return ElementwiseOps.div(this, other);
    }

    /** Adds {@code value} to every element. */
    public Tensor add(float value) {
        return ElementwiseOps.addScalar(this, value);
    }

    /** Subtracts {@code value} from every element. */
    public Tensor sub(float value) {
        return ElementwiseOps.addScalar(this, -value);
    }

    /** Multiplies every element by {@code value}. */
    public Tensor mul(float value) {
        return ElementwiseOps.mulScalar(this, value);
    }

    /** Divides every element by {@code value} (as a multiplication by its reciprocal). */
    public Tensor div(float value) {
        return ElementwiseOps.mulScalar(this, 1f / value);
    }

    /** Every element negated. */
    public Tensor neg() {
        return ElementwiseOps.mulScalar(this, -1f);
    }

    /** {@code e^x} of every element. */
    public Tensor exp() {
        return ElementwiseOps.exp(this);
    }

    /** The natural logarithm of every element (NaN below 0, -infinity at 0). */
    public Tensor log() {
        return ElementwiseOps.log(this);
    }

    /** The square root of every element (NaN below 0). */
    public Tensor sqrt() {
        return ElementwiseOps.sqrt(this);
    }

    /** Every element raised to {@code exponent}. */
    public Tensor pow(float exponent) {
        return ElementwiseOps.pow(this, exponent);
    }

    /** {@code max(x, 0)} of every element. */
    public Tensor relu() {
        return ElementwiseOps.relu(this);
    }

    /** The logistic function {@code 1 / (1 + e^-x)} of every element. */
    public Tensor sigmoid() {
        return ElementwiseOps.sigmoid(this);
    }

    /** The hyperbolic tangent of every element. */
    public Tensor tanh() {
        return ElementwiseOps.tanh(this);
    }

    // ---------------------------------------------------------------- more element-wise functions, selection,
    // ---------------------------------------------------------------- joining, slicing, padding and statistics

    /** {@code |x|}; the gradient at 0 is 0, as in PyTorch. */
    public Tensor abs() {
        return ElementwiseOps.abs(this);
    }

    /**
     * Each element limited to {@code [min, max]} (use an infinity for an open side); NaN stays NaN.
     * The gradient passes where {@code min <= x <= max}, bounds included, as in PyTorch.
     */
    public Tensor clamp(float min, float max) {
        return ElementwiseOps.clamp(this, min, max);
    }

    /** The error function. */
    public Tensor erf() {
        return ElementwiseOps.erf(this);
    }

    /** GELU, {@code x * Phi(x)} with Phi the standard normal distribution function (PyTorch's default, exact form). */
    public Tensor gelu() {
        return ElementwiseOps.gelu(this);
    }

    /** GELU's tanh approximation, as PyTorch's {@code gelu(x, approximate='tanh')}. */
    public Tensor geluTanh() {
        return ElementwiseOps.geluTanh(this);
    }

    /** {@code x > 0 ? x : slope * x}; the gradient at 0 is the slope, as in PyTorch. */
    public Tensor leakyRelu(float slope) {
        return ElementwiseOps.leakyRelu(this, slope);
    }

    /** SiLU (swish): {@code x * sigmoid(x)}. */
    public Tensor silu() {
        return ElementwiseOps.silu(this);
    }

    /**
     * {@code mask != 0 ? a : b} element by element, the three broadcast to one shape; NaN in the mask
     * counts as true. Gradients flow to {@code a} and {@code b}, none to the mask.
     */
    public static Tensor where(Tensor mask, Tensor a, Tensor b) {
        return ElementwiseOps.where(mask, a, b);
    }

    /**
     * The index of the maximum along {@code axis}, which is removed, as float values (exact up to
     * 2^24); the first of ties wins, and the first NaN over numbers, as in PyTorch. Not part of the
     * graph: an index has no gradient.
     */
    public Tensor argmax(int axis) {
        return ReductionOps.argmax(this, axis);
    }

    /** Mean over several axes; {@code keepDims} leaves them as size 1. */
    public Tensor mean(int[] axes, boolean keepDims) {
        return ReductionOps.mean(this, axes, keepDims);
    }

    /**
     * Variance over several axes, dividing by the number of elements minus {@code correction}: 0
     * for the population variance, 1 for the unbiased estimate (PyTorch's default).
     */
    public Tensor variance(int[] axes, boolean keepDims, int correction) {
        return ReductionOps.variance(this, axes, keepDims, correction);
    }

    /** Elements {@code start} to {@code end - 1} along {@code axis}, like {@code x[:, start:end]} in PyTorch for axis 1; a copy. */
    public Tensor slice(int axis, int start, int end) {
        return SliceOps.slice(this, axis, start, end);
    }

    /** Tensors joined along an existing axis; they must agree in every other dimension. */
    public static Tensor concat(int axis, Tensor... tensors) {
        return ConcatOps.concat(axis, tensors);
    }

    /** Tensors of one shape joined along a new axis inserted at {@code axis} (negative counts from the end). */
    public static Tensor stack(int axis, Tensor... tensors) {
        return ConcatOps.stack(axis, tensors);
    }

    /**
     * Pads the trailing axes, {@code padding} in PyTorch's {@code F.pad} order: (left, right) of the
     * last axis, then (top, bottom) of the one before, and so on. For NCHW images
     * {@code pad(PadMode.ZERO, 1, 1, 1, 1)} adds a one-pixel border.
     */
    public Tensor pad(PadMode mode, int... padding) {
        return SliceOps.pad(this, mode, padding);
    }

    /** Sum of all elements, as a 0-dimensional tensor. */
    public Tensor sum() {
        return ReductionOps.sumAll(this);
    }

    /** Sum over one axis; {@code keepDims} leaves it as size 1. */
    public Tensor sum(int axis, boolean keepDims) {
        return ReductionOps.sum(this, axis, keepDims);
    }

    /** Mean of all elements, as a 0-dimensional tensor. */
    public Tensor mean() {
        return ReductionOps.sumAll(this).mul(1f / data.length);
    }

    /** The mean along {@code axis}, which is kept with size 1 when {@code keepDims}. */
    public Tensor mean(int axis, boolean keepDims) {
        int n = shape[Shapes.axis("mean", axis, shape)];
        return ReductionOps.sum(this, axis, keepDims).mul(1f / n);
    }

    /** Maximum over one axis; the gradient goes to the first maximum. */
    public Tensor max(int axis, boolean keepDims) {
        return ReductionOps.max(this, axis, keepDims);
    }

    /** Matrix product: {@code [m, k] @ [k, n]}, or batched {@code [b, m, k] @ [b, k, n]}. */
    public Tensor matmul(Tensor other) {
        return MatmulOps.matmul(this, other);
    }

    /** A view with a new shape of the same size; one dimension may be -1 (inferred). */
    public Tensor reshape(int... newShape) {
        return ShapeOps.reshape(this, newShape);
    }

    /** A 1-dimensional view. */
    public Tensor flatten() {
        return ShapeOps.reshape(this, data.length);
    }

    /** A view keeping dimensions before {@code startDim} and merging the rest: [N, C, H, W] -> [N, C*H*W] for 1. */
    public Tensor flatten(int startDim) {
        return ShapeOps.flatten(this, startDim);
    }

    /** A copy with the dimensions reordered: output dimension i is input dimension {@code order[i]}. */
    public Tensor permute(int... order) {
        return ShapeOps.permute(this, order);
    }

    /** A copy with two dimensions swapped. */
    public Tensor transpose(int dim0, int dim1) {
        return ShapeOps.transpose(this, dim0, dim1);
    }

    /** Softmax along {@code axis}. */
    public Tensor softmax(int axis) {
        return SoftmaxOps.softmax(this, axis);
    }

    /** Log of the softmax along {@code axis}, computed stably. */
    public Tensor logSoftmax(int axis) {
        return SoftmaxOps.logSoftmax(this, axis);
    }

    /**
     * Mean cross-entropy of logits {@code [N, C]} against class indices; softmax and log are fused
     * so large logits neither overflow nor lose precision.
     */
    public Tensor crossEntropy(int[] labels) {
        return SoftmaxOps.crossEntropy(this, labels);
    }

    /** Mean cross-entropy of logits {@code [N, C]} against target distributions {@code [N, C]} (one-hot rows, say). */
    public Tensor crossEntropy(Tensor targets) {
        return SoftmaxOps.crossEntropy(this, targets);
    }

    /** 2-D convolution of NCHW input with OIHW {@code weight}, optional {@code bias} [O]. */
    public Tensor conv2d(Tensor weight, Tensor bias, int stride, int padding) {
        return ConvOps.conv2d(this, weight, bias, stride, stride, padding, padding, false);
    }

    /** {@link #conv2d(Tensor, Tensor, int, int)} with a stride and zero padding of their own for height and width. */
    public Tensor conv2d(Tensor weight, Tensor bias, int strideH, int strideW, int padH, int padW) {
        return ConvOps.conv2d(this, weight, bias, strideH, strideW, padH, padW, false);
    }

    /**
     * {@code conv2d(weight, bias, strideH, strideW, padH, padW).relu()} as one op: the same values
     * and gradients to the bit, without the intermediate tensor. The ReLU is applied to each group
     * of images right after its convolution, while that output is in cache, and the pre-activation
     * array (never needed by the convolution's backward) is not kept beside the activation.
     */
    public Tensor conv2dRelu(Tensor weight, Tensor bias, int strideH, int strideW, int padH, int padW) {
        return ConvOps.conv2d(this, weight, bias, strideH, strideW, padH, padW, true);
    }

    /**
     * {@code conv2dRelu(weight, bias, strideH, strideW, padH, padW).maxPool2d(2, 2)} as one op, with
     * the same values and gradients bit for bit: the pooling runs on each image's convolution while
     * it is in cache, and the convolution's output (four times the pooled one) is neither stored nor
     * kept for the backward pass. What {@code Sequential} runs for a {@code Conv2D} with ReLU followed
     * by {@code MaxPool2D(2)}.
     */
    public Tensor conv2dReluMaxPool(Tensor weight, Tensor bias, int strideH, int strideW, int padH, int padW) {
        return ConvOps.conv2dReluMaxPool(this, weight, bias, strideH, strideW, padH, padW);
    }

    // ---------------------------------------------------------------- pooling (rules in PoolOps)

    /** 2-D max pooling of NCHW input, no padding. */
    public Tensor maxPool2d(int kernel, int stride) {
        return PoolOps.maxPool2d(this, kernel, kernel, stride, stride, 0, 0);
    }

    /** {@link #maxPool2d(int, int)} with a window and stride of their own for height and width, without padding. */
    public Tensor maxPool2d(int kernelH, int kernelW, int strideH, int strideW) {
        return PoolOps.maxPool2d(this, kernelH, kernelW, strideH, strideW, 0, 0);
    }

    /**
     * 2-D max pooling of NCHW input with {@code padding} on every side, as PyTorch's
     * {@code max_pool2d}: the padding acts as minus infinity, so it is never a maximum; at most half
     * the kernel; output size {@code floor((H + 2 * padding - kernel) / stride) + 1}.
     */
    public Tensor maxPool2d(int kernel, int stride, int padding) {
        return PoolOps.maxPool2d(this, kernel, kernel, stride, stride, padding, padding);
    }

    /** {@link #maxPool2d(int, int, int)} with a window, stride and padding of their own for height and width. */
    public Tensor maxPool2d(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW) {
        return PoolOps.maxPool2d(this, kernelH, kernelW, strideH, strideW, padH, padW);
    }

    /** 2-D average pooling of NCHW input, no padding. */
    public Tensor avgPool2d(int kernel, int stride) {
        return PoolOps.avgPool2d(this, kernel, kernel, stride, stride, 0, 0);
    }

    /**
     * 2-D average pooling of NCHW input with zero {@code padding} on every side, counted in the
     * average as PyTorch's default {@code count_include_pad=True} does: every window divides by
     * {@code kernel * kernel}. Padding is at most half the kernel; output size as {@link #maxPool2d(int, int, int)}.
     */
    public Tensor avgPool2d(int kernel, int stride, int padding) {
        return PoolOps.avgPool2d(this, kernel, kernel, stride, stride, padding, padding);
    }

    /** {@link #avgPool2d(int, int, int)} with a window, stride and padding of their own for height and width. */
    public Tensor avgPool2d(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW) {
        return PoolOps.avgPool2d(this, kernelH, kernelW, strideH, strideW, padH, padW);
    }

    /** The mean of each channel's plane: {@code [N, C, H, W] -> [N, C]}. */
    public Tensor globalAvgPool2d() {
        return PoolOps.globalAvgPool2d(this);
    }

    /**
     * The maximum of each channel's plane: {@code [N, C, H, W] -> [N, C]}. The gradient goes to the
     * first maximum in row-major order, and a NaN is the maximum, as in {@link #maxPool2d(int, int)}.
     */
    public Tensor globalMaxPool2d() {
        return PoolOps.globalMaxPool2d(this);
    }
}
