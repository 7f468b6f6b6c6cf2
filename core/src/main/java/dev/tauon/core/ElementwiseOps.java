package dev.tauon.core;

import dev.tauon.core.internal.kernel.Broadcast;
import dev.tauon.core.internal.kernel.Erf;
import dev.tauon.core.internal.kernel.FloatOps;
import dev.tauon.core.internal.kernel.Parallel;
import dev.tauon.core.internal.kernel.SimdSupport;

/** Element-wise ops: each forward, with its backward rule beside it. */
final class ElementwiseOps {
    /** Chunks of elementwise work start at multiples of this: whole cache lines, whole vectors. */
    private static final int ELEMENTS_PER_CHUNK = 64;

    /**
     * Basic operations an element of a {@link #unary} op is counted as, for {@link Parallel}'s
     * decision to split it between the kernel threads: an exp, a tanh or GELU's erf series costs
     * tens, so arrays of a few thousand elements are already worth two threads. Element by element,
     * so the split never changes a bit.
     */
    private static final int UNARY_COST = 16;

    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
    private static final double SQRT_TWO_OVER_PI = Math.sqrt(2 / Math.PI);
    private static final double GELU_CUBIC = 0.044715;

    private ElementwiseOps() {}

    static Tensor add(Tensor a, Tensor b) {
        int[] shape = Shapes.broadcast("add", a.shape, b.shape);
        float[] out = new float[Shapes.size(shape)];
        Broadcast.apply(Broadcast.Op.ADD, a.data, a.shape, b.data, b.shape, out, shape);
        return Tensor.result(
                out,
                shape,
                "add",
                g -> {
                    a.accumulateOwnedGrad(BatchSums.sumTo(g, shape, a.shape));
                    b.accumulateOwnedGrad(BatchSums.sumTo(g, shape, b.shape));
                },
                a,
                b);
    }

    static Tensor sub(Tensor a, Tensor b) {
        int[] shape = Shapes.broadcast("sub", a.shape, b.shape);
        float[] out = new float[Shapes.size(shape)];
        Broadcast.apply(Broadcast.Op.SUB, a.data, a.shape, b.data, b.shape, out, shape);
        return Tensor.result(
                out,
                shape,
                "sub",
                g -> {
                    a.accumulateOwnedGrad(BatchSums.sumTo(g, shape, a.shape));
                    if (b.requiresGrad) {
                        float[] gb = BatchSums.sumTo(g, shape, b.shape);
                        for (int i = 0; i < gb.length; i++) {
                            gb[i] = -gb[i];
                        }
                        b.accumulateOwnedGrad(gb);
                    }
                },
                a,
                b);
    }

    static Tensor mul(Tensor a, Tensor b) {
        int[] shape = Shapes.broadcast("mul", a.shape, b.shape);
        float[] out = new float[Shapes.size(shape)];
        Broadcast.apply(Broadcast.Op.MUL, a.data, a.shape, b.data, b.shape, out, shape);
        return Tensor.result(
                out,
                shape,
                "mul",
                g -> {
                    float[] t = new float[g.length];
                    if (a.requiresGrad) { // d(a*b)/da = b
                        Broadcast.apply(Broadcast.Op.MUL, g, shape, b.data, b.shape, t, shape);
                        a.accumulateOwnedGrad(BatchSums.sumTo(t, shape, a.shape));
                    }
                    if (b.requiresGrad) {
                        Broadcast.apply(Broadcast.Op.MUL, g, shape, a.data, a.shape, t, shape);
                        b.accumulateOwnedGrad(BatchSums.sumTo(t, shape, b.shape));
                    }
                },
                a,
                b);
    }

    static Tensor div(Tensor a, Tensor b) {
        int[] shape = Shapes.broadcast("div", a.shape, b.shape);
        float[] out = new float[Shapes.size(shape)];
        Broadcast.apply(Broadcast.Op.DIV, a.data, a.shape, b.data, b.shape, out, shape);
        return Tensor.result(
                out,
                shape,
                "div",
                g -> {
                    float[] t = new float[g.length];
                    // d(a/b)/da = 1/b; d(a/b)/db = -(a/b)/b = -out/b
                    Broadcast.apply(Broadcast.Op.DIV, g, shape, b.data, b.shape, t, shape);
                    if (a.requiresGrad) {
                        a.accumulateOwnedGrad(BatchSums.sumTo(t, shape, a.shape));
                    }
                    if (b.requiresGrad) {
                        for (int i = 0; i < t.length; i++) {
                            t[i] = -t[i] * out[i];
                        }
                        b.accumulateOwnedGrad(BatchSums.sumTo(t, shape, b.shape));
                    }
                },
                a,
                b);
    }

    /**
     * {@code mask != 0 ? a : b} element by element, all three broadcast to one shape; NaN in the mask
     * counts as true, as in PyTorch's bool conversion. The mask gets no gradient.
     */
    static Tensor where(Tensor mask, Tensor a, Tensor b) {
        int[] shape;
        try {
            shape = Shapes.broadcast("where", mask.shape, Shapes.broadcast("where", a.shape, b.shape));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "where: mask " + Shapes.str(mask.shape) + ", a " + Shapes.str(a.shape) + " and b "
                            + Shapes.str(b.shape) + " cannot be broadcast to one shape",
                    e);
        }
        float[] m = Broadcast.expand(mask.data, mask.shape, shape);
        float[] av = Broadcast.expand(a.data, a.shape, shape);
        float[] bv = Broadcast.expand(b.data, b.shape, shape);
        float[] out = new float[m.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = m[i] != 0 ? av[i] : bv[i];
        }
        return Tensor.result(
                out,
                shape,
                "where",
                g -> {
                    float[] t = new float[g.length];
                    if (a.requiresGrad) {
                        for (int i = 0; i < t.length; i++) {
                            t[i] = m[i] != 0 ? g[i] : 0f;
                        }
                        a.accumulateOwnedGrad(BatchSums.sumTo(t, shape, a.shape));
                    }
                    if (b.requiresGrad) {
                        for (int i = 0; i < t.length; i++) {
                            t[i] = m[i] != 0 ? 0f : g[i];
                        }
                        b.accumulateOwnedGrad(BatchSums.sumTo(t, shape, b.shape));
                    }
                },
                a,
                b);
    }

    static Tensor addScalar(Tensor a, float c) {
        float[] x = a.data;
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] + c;
        }
        return Tensor.result(out, a.shape, "add", a::accumulateGrad, a);
    }

    static Tensor mulScalar(Tensor a, float c) {
        float[] x = a.data;
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] * c;
        }
        return Tensor.result(
                out,
                a.shape,
                "mul",
                g -> {
                    float[] ga = new float[g.length];
                    for (int i = 0; i < g.length; i++) {
                        ga[i] = g[i] * c;
                    }
                    a.accumulateOwnedGrad(ga);
                },
                a);
    }

    /** An element-wise op's forward rule: the output at one element. */
    @FunctionalInterface
    interface Value {
        float at(float x);
    }

    /** An element-wise op's backward rule: the input's gradient at one element, from the input x, output y and output gradient g. */
    @FunctionalInterface
    interface Gradient {
        float at(float x, float y, float g);
    }

    /** An element-wise op's forward over a whole array: {@code y[i]} from {@code x[i]}. */
    @FunctionalInterface
    interface ArrayValue {
        void apply(float[] x, float[] y);
    }

    /**
     * An element-wise op's backward over a whole array: {@code gx[i]} from {@code x[i]}, {@code y[i]}
     * and {@code g[i]}. {@code gx} may be {@code g} itself, so element i of {@code g} is read only
     * for element i of {@code gx}.
     */
    @FunctionalInterface
    interface ArrayGradient {
        void apply(float[] x, float[] y, float[] g, float[] gx);
    }

    /**
     * The one way an element-wise function of one tensor is made: a forward rule and its gradient,
     * each applied element by element (on the kernel threads, in contiguous ranges), so a new
     * function is two lines. The rules are called once per element and must be pure functions; an
     * op hot enough for that call to matter uses {@link #unaryArrays} instead.
     */
    static Tensor unary(String op, Tensor a, Value forward, Gradient gradient) {
        return unaryArrays(
                op,
                a,
                (x, y) -> splitUnary(x.length, (i0, i1) -> {
                    for (int i = i0; i < i1; i++) {
                        y[i] = forward.at(x[i]);
                    }
                }),
                (x, y, g, gx) -> splitUnary(g.length, (i0, i1) -> {
                    for (int i = i0; i < i1; i++) {
                        gx[i] = gradient.at(x[i], y[i], g[i]);
                    }
                }));
    }

    /** Elements {@code [0, length)} of a unary op split between the kernel threads in contiguous ranges, each counted as {@link #UNARY_COST} operations. */
    private static void splitUnary(int length, Parallel.RangeBody body) {
        Parallel.forRange(length, ELEMENTS_PER_CHUNK, (long) length * UNARY_COST, body);
    }

    /**
     * {@link #unary} with whole-array rules, which can be loops the JIT vectorises or SIMD provider
     * kernels. The gradient rule is elementwise (element i of its result reads element i of the
     * incoming gradient only), so when that gradient array is disposable it is overwritten in place
     * and handed to the input: one array less per op and step.
     */
    static Tensor unaryArrays(String op, Tensor a, ArrayValue forward, ArrayGradient gradient) {
        float[] x = a.data;
        float[] out = new float[x.length];
        forward.apply(x, out);
        Node.ReusingBackward backward = (g, disposable) -> {
            float[] ga = disposable ? g : new float[g.length];
            gradient.apply(x, out, g, ga);
            a.accumulateOwnedGrad(ga);
        };
        return Tensor.result(out, a.shape, op, backward, a);
    }

    static Tensor exp(Tensor a) {
        return unary("exp", a, x -> (float) Math.exp(x), (x, y, g) -> g * y);
    }

    static Tensor log(Tensor a) {
        return unary("log", a, x -> (float) Math.log(x), (x, y, g) -> g / x);
    }

    static Tensor sqrt(Tensor a) {
        return unary("sqrt", a, x -> (float) Math.sqrt(x), (x, y, g) -> g * 0.5f / y);
    }

    static Tensor pow(Tensor a, float p) {
        // x^0 is constant: its derivative is 0 even at x = 0, where p * x^(p-1) would be 0 * inf = NaN.
        return unary(
                "pow", a, x -> (float) Math.pow(x, p), (x, y, g) -> p == 0f ? 0f : g * p * (float) Math.pow(x, p - 1));
    }

    /**
     * ReLU is the activation a CNN spends its time in, so its rules are whole-array: a max loop the
     * JIT vectorises, and the SIMD provider's gradient kernel, each split between the kernel threads
     * (element by element, so the bits do not depend on the split; single-threaded they left the
     * second core idle for about a tenth of a CNN training step). The gradient at 0 is 0, as in
     * PyTorch.
     */
    static Tensor relu(Tensor a) {
        return unaryArrays(
                "relu",
                a,
                (x, y) -> Parallel.forRange(x.length, ELEMENTS_PER_CHUNK, x.length, (i0, i1) -> {
                    for (int i = i0; i < i1; i++) {
                        y[i] = Math.max(x[i], 0f);
                    }
                }),
                (x, y, g, gx) -> reluGradientInto(y, g, gx));
    }

    /**
     * ReLU's gradient from its output {@code y}: written over {@code g} when {@code disposable}
     * (nothing reads it afterwards), else into a new array; returns the array. For ops that end in a
     * ReLU of their own ({@link Tensor#conv2dRelu}), so they give the bits {@link #relu} gives.
     */
    static float[] reluGradient(float[] y, float[] g, boolean disposable) {
        float[] gx = disposable ? g : new float[g.length];
        reluGradientInto(y, g, gx);
        return gx;
    }

    private static void reluGradientInto(float[] y, float[] g, float[] gx) {
        FloatOps ops = SimdSupport.active();
        Parallel.forRange(g.length, ELEMENTS_PER_CHUNK, g.length, (i0, i1) -> ops.reluBackward(y, g, gx, i0, i1 - i0));
    }

    static Tensor sigmoid(Tensor a) {
        return unary("sigmoid", a, x -> (float) sigmoid(x), (x, y, g) -> g * y * (1f - y));
    }

    static Tensor tanh(Tensor a) {
        return unary("tanh", a, x -> (float) Math.tanh(x), (x, y, g) -> g * (1f - y * y));
    }

    /** The gradient at 0 is 0: {@code g * signum(x)}, as PyTorch's {@code g * sgn(x)}. */
    static Tensor abs(Tensor a) {
        return unary("abs", a, Math::abs, (x, y, g) -> g * Math.signum(x));
    }

    /** The gradient passes where {@code min <= x <= max}, bounds included, as in PyTorch; NaN stays NaN. */
    static Tensor clamp(Tensor a, float min, float max) {
        if (!(min <= max)) {
            throw new IllegalArgumentException("clamp: min " + min + " must be <= max " + max + " (tensor "
                    + Shapes.str(a.shape) + "); use -Infinity or Infinity for an open side");
        }
        return unary("clamp", a, x -> Math.min(Math.max(x, min), max), (x, y, g) -> x >= min && x <= max ? g : 0f);
    }

    /** The slope applies for {@code x <= 0}, so the gradient at 0 is the slope, as in PyTorch. */
    static Tensor leakyRelu(Tensor a, float slope) {
        if (!Float.isFinite(slope)) {
            throw new IllegalArgumentException(
                    "leakyRelu: slope " + slope + " must be finite (tensor " + Shapes.str(a.shape) + ")");
        }
        return unary("leakyRelu", a, x -> x > 0 ? x : x * slope, (x, y, g) -> x > 0 ? g : g * slope);
    }

    static Tensor erf(Tensor a) {
        return unary("erf", a, x -> (float) Erf.erf(x), (x, y, g) ->
                (float) (g * TWO_OVER_SQRT_PI * Math.exp(-(double) x * x)));
    }

    /**
     * GELU, {@code x * Phi(x)} with Phi the standard normal distribution function (PyTorch's
     * {@code approximate='none'}). Its erf series is the costliest element-wise rule a network here
     * runs (a fifth of an airbench training step), so the SIMD provider evaluates it ({@link
     * FloatOps#gelu}, same bits on every provider), on the kernel threads.
     */
    static Tensor gelu(Tensor a) {
        FloatOps ops = SimdSupport.active();
        return unaryArrays(
                "gelu",
                a,
                (x, y) -> splitUnary(x.length, (i0, i1) -> ops.gelu(x, y, i0, i1)),
                (x, y, g, gx) -> splitUnary(g.length, (i0, i1) -> ops.geluGradient(x, g, gx, i0, i1)));
    }

    /** GELU's tanh approximation, PyTorch's {@code approximate='tanh'}: {@code x/2 * (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}. */
    static Tensor geluTanh(Tensor a) {
        return unary("geluTanh", a, x -> (float) (0.5 * x * (1 + geluTanhInner(x))), (x, y, g) ->
                (float) (g * geluTanhSlope(x)));
    }

    /** SiLU (swish), {@code x * sigmoid(x)}. */
    static Tensor silu(Tensor a) {
        return unary("silu", a, x -> (float) (x * sigmoid(x)), (x, y, g) -> (float) (g * siluSlope(x)));
    }

    private static double geluTanhInner(double x) {
        return Math.tanh(SQRT_TWO_OVER_PI * (x + GELU_CUBIC * x * x * x));
    }

    private static double geluTanhSlope(double x) {
        double t = geluTanhInner(x);
        return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * SQRT_TWO_OVER_PI * (1 + 3 * GELU_CUBIC * x * x);
    }

    private static double siluSlope(double x) {
        double s = sigmoid(x);
        return s * (1 + x * (1 - s));
    }

    /** The logistic function, written so that exp never overflows: for v < 0 it is e^v / (1 + e^v). */
    private static double sigmoid(double v) {
        if (v >= 0) {
            return 1.0 / (1.0 + Math.exp(-v));
        }
        double e = Math.exp(v);
        return e / (1.0 + e);
    }
}
