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

    static Tensor exp(Tensor a) {
        float[] x = a.data;
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) Math.exp(x[i]);
        }
        return Tensor.result(out, a.shape, "exp", g -> {
            float[] ga = new float[g.length];
            for (int i = 0; i < g.length; i++) {
                ga[i] = g[i] * out[i];
            }
            a.accumulateOwnedGrad(ga);
        }, a);
    }

    static Tensor log(Tensor a) {
        float[] x = a.data;
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) Math.log(x[i]);
        }
        return Tensor.result(out, a.shape, "log", g -> {
            float[] ga = new float[g.length];
            for (int i = 0; i < g.length; i++) {
                ga[i] = g[i] / x[i];
            }
            a.accumulateOwnedGrad(ga);
        }, a);
    }

    static Tensor sqrt(Tensor a) {
        float[] x = a.data;
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) Math.sqrt(x[i]);
        }
        return Tensor.result(out, a.shape, "sqrt", g -> {
            float[] ga = new float[g.length];
            for (int i = 0; i < g.length; i++) {
                ga[i] = g[i] * 0.5f / out[i];
            }
            a.accumulateOwnedGrad(ga);
        }, a);
    }

    static Tensor pow(Tensor a, float p) {
        float[] x = a.data;
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) Math.pow(x[i], p);
        }
        return Tensor.result(out, a.shape, "pow", g -> {
            float[] ga = new float[g.length];
            for (int i = 0; i < g.length; i++) {
                // x^0 is constant: its derivative is 0 even at x = 0, where p * x^(p-1) would be 0 * inf = NaN.
                ga[i] = p == 0f ? 0f : g[i] * p * (float) Math.pow(x[i], p - 1);
            }
            a.accumulateOwnedGrad(ga);
        }, a);
    }

    static Tensor relu(Tensor a) {
        float[] x = a.data;
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = Math.max(x[i], 0f);
        }
        return Tensor.result(out, a.shape, "relu", g -> {
            float[] ga = new float[g.length];
            SimdSupport.active().reluBackward(out, g, ga, g.length);
            a.accumulateOwnedGrad(ga);
        }, a);
    }

    static Tensor sigmoid(Tensor a) {
        float[] x = a.data;
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            // written so that exp never overflows: for x < 0 use e^x / (1 + e^x)
            float v = x[i];
            if (v >= 0) {
                out[i] = (float) (1.0 / (1.0 + Math.exp(-v)));
            } else {
                double e = Math.exp(v);
                out[i] = (float) (e / (1.0 + e));
            }
        }
        return Tensor.result(out, a.shape, "sigmoid", g -> {
            float[] ga = new float[g.length];
            for (int i = 0; i < g.length; i++) {
                ga[i] = g[i] * out[i] * (1f - out[i]);
            }
            a.accumulateOwnedGrad(ga);
        }, a);
    }

    static Tensor tanh(Tensor a) {
        float[] x = a.data;
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) Math.tanh(x[i]);
        }
        return Tensor.result(out, a.shape, "tanh", g -> {
            float[] ga = new float[g.length];
            for (int i = 0; i < g.length; i++) {
                ga[i] = g[i] * (1f - out[i] * out[i]);
            }
            a.accumulateOwnedGrad(ga);
        }, a);
    }
}
