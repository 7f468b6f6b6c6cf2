package dev.tauon.core;

import dev.tauon.core.kernel.Broadcast;
import dev.tauon.core.kernel.SimdSupport;

/** Element-wise ops: each forward, with its backward rule beside it. */
final class ElementwiseOps {
    private ElementwiseOps() {
    }

    static Tensor add(Tensor a, Tensor b) {
        int[] shape = Shapes.broadcast("add", a.shape, b.shape);
        float[] out = new float[Shapes.size(shape)];
        Broadcast.apply(Broadcast.Op.ADD, a.data, a.shape, b.data, b.shape, out, shape);
        return Tensor.result(out, shape, "add", g -> {
            a.accumulateOwnedGrad(Broadcast.sumTo(g, shape, a.shape));
            b.accumulateOwnedGrad(Broadcast.sumTo(g, shape, b.shape));
        }, a, b);
    }

    static Tensor sub(Tensor a, Tensor b) {
        int[] shape = Shapes.broadcast("sub", a.shape, b.shape);
        float[] out = new float[Shapes.size(shape)];
        Broadcast.apply(Broadcast.Op.SUB, a.data, a.shape, b.data, b.shape, out, shape);
        return Tensor.result(out, shape, "sub", g -> {
            a.accumulateOwnedGrad(Broadcast.sumTo(g, shape, a.shape));
            if (b.requiresGrad) {
                float[] gb = Broadcast.sumTo(g, shape, b.shape);
                for (int i = 0; i < gb.length; i++) {
                    gb[i] = -gb[i];
                }
                b.accumulateOwnedGrad(gb);
            }
        }, a, b);
    }

    static Tensor mul(Tensor a, Tensor b) {
        int[] shape = Shapes.broadcast("mul", a.shape, b.shape);
        float[] out = new float[Shapes.size(shape)];
        Broadcast.apply(Broadcast.Op.MUL, a.data, a.shape, b.data, b.shape, out, shape);
        return Tensor.result(out, shape, "mul", g -> {
            float[] t = new float[g.length];
            if (a.requiresGrad) { // d(a*b)/da = b
                Broadcast.apply(Broadcast.Op.MUL, g, shape, b.data, b.shape, t, shape);
                a.accumulateOwnedGrad(Broadcast.sumTo(t, shape, a.shape));
            }
            if (b.requiresGrad) {
                Broadcast.apply(Broadcast.Op.MUL, g, shape, a.data, a.shape, t, shape);
                b.accumulateOwnedGrad(Broadcast.sumTo(t, shape, b.shape));
            }
        }, a, b);
    }

    static Tensor div(Tensor a, Tensor b) {
        int[] shape = Shapes.broadcast("div", a.shape, b.shape);
        float[] out = new float[Shapes.size(shape)];
        Broadcast.apply(Broadcast.Op.DIV, a.data, a.shape, b.data, b.shape, out, shape);
        return Tensor.result(out, shape, "div", g -> {
            float[] t = new float[g.length];
            // d(a/b)/da = 1/b; d(a/b)/db = -(a/b)/b = -out/b
            Broadcast.apply(Broadcast.Op.DIV, g, shape, b.data, b.shape, t, shape);
            if (a.requiresGrad) {
                a.accumulateOwnedGrad(Broadcast.sumTo(t, shape, a.shape));
            }
            if (b.requiresGrad) {
                for (int i = 0; i < t.length; i++) {
                    t[i] = -t[i] * out[i];
                }
                b.accumulateOwnedGrad(Broadcast.sumTo(t, shape, b.shape));
            }
        }, a, b);
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
        return Tensor.result(out, a.shape, "mul", g -> {
            float[] ga = new float[g.length];
            for (int i = 0; i < g.length; i++) {
                ga[i] = g[i] * c;
            }
            a.accumulateOwnedGrad(ga);
        }, a);
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

    /** An element-wise op's backward over a whole array: {@code gx[i]} from {@code x[i]}, {@code y[i]} and {@code g[i]}. */
    @FunctionalInterface
    interface ArrayGradient {
        void apply(float[] x, float[] y, float[] g, float[] gx);
    }

    /**
     * The one way an element-wise function of one tensor is made: a forward rule and its gradient,
     * each applied element by element, so a new function is two lines. The rules are called once per
     * element; an op hot enough for that call to matter uses {@link #unaryArrays} instead.
     */
    static Tensor unary(String op, Tensor a, Value forward, Gradient gradient) {
        return unaryArrays(op, a, (x, y) -> {
            for (int i = 0; i < x.length; i++) {
                y[i] = forward.at(x[i]);
            }
        }, (x, y, g, gx) -> {
            for (int i = 0; i < g.length; i++) {
                gx[i] = gradient.at(x[i], y[i], g[i]);
            }
        });
    }

    /** {@link #unary} with whole-array rules, which can be loops the JIT vectorises or SIMD provider kernels. */
    static Tensor unaryArrays(String op, Tensor a, ArrayValue forward, ArrayGradient gradient) {
        float[] x = a.data;
        float[] out = new float[x.length];
        forward.apply(x, out);
        return Tensor.result(out, a.shape, op, g -> {
            float[] ga = new float[g.length];
            gradient.apply(x, out, g, ga);
            a.accumulateOwnedGrad(ga);
        }, a);
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
        return unary("pow", a, x -> (float) Math.pow(x, p), (x, y, g) -> p == 0f ? 0f : g * p * (float) Math.pow(x, p - 1));
    }

    /**
     * ReLU is the activation a CNN spends its time in, so its rules are whole-array: a max loop the
     * JIT vectorises, and the SIMD provider's gradient kernel. The gradient at 0 is 0, as in PyTorch.
     */
    static Tensor relu(Tensor a) {
        return unaryArrays("relu", a, (x, y) -> {
            for (int i = 0; i < x.length; i++) {
                y[i] = Math.max(x[i], 0f);
            }
        }, (x, y, g, gx) -> SimdSupport.active().reluBackward(y, g, gx, g.length));
    }

    static Tensor sigmoid(Tensor a) {
        return unary("sigmoid", a, x -> (float) sigmoid(x), (x, y, g) -> g * y * (1f - y));
    }

    static Tensor tanh(Tensor a) {
        return unary("tanh", a, x -> (float) Math.tanh(x), (x, y, g) -> g * (1f - y * y));
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
