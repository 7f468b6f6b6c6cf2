package dev.tauon.core;

/**
 * Reductions. A reduction over one axis views the tensor as {@code [outer, n, inner]}, with
 * {@code n} the reduced axis, so one loop serves every rank.
 */
final class ReductionOps {
    private ReductionOps() {
    }

    static Tensor sumAll(Tensor a) {
        float[] x = a.data;
        double s = 0; // double, so long sums don't drift
        for (float v : x) {
            s += v;
        }
        return Tensor.result(new float[] {(float) s}, new int[0], "sum", g -> {
            float[] ga = new float[x.length];
            java.util.Arrays.fill(ga, g[0]);
            a.accumulateOwnedGrad(ga);
        }, a);
    }

    static Tensor sum(Tensor a, int axis, boolean keepDims) {
        int ax = Shapes.axis("sum", axis, a.shape);
        int outer = Shapes.outer(a.shape, ax);
        int n = a.shape[ax];
        int inner = Shapes.inner(a.shape, ax);
        float[] x = a.data;
        // Checked: with a zero-length axis the result can be larger than the tensor, and than an int.
        float[] out = new float[Shapes.size(reducedShape(a.shape, ax, false))];
        for (int o = 0; o < outer; o++) {
            int base = o * n * inner;
            for (int k = 0; k < n; k++) {
                int row = base + k * inner;
                for (int i = 0; i < inner; i++) {
                    out[o * inner + i] += x[row + i];
                }
            }
        }
        return Tensor.result(out, reducedShape(a.shape, ax, keepDims), "sum", g -> {
            float[] ga = new float[x.length];
            for (int o = 0; o < outer; o++) {
                for (int k = 0; k < n; k++) {
                    System.arraycopy(g, o * inner, ga, (o * n + k) * inner, inner);
                }
            }
            a.accumulateOwnedGrad(ga);
        }, a);
    }

    static Tensor max(Tensor a, int axis, boolean keepDims) {
        int ax = Shapes.axis("max", axis, a.shape);
        int outer = Shapes.outer(a.shape, ax);
        int n = a.shape[ax];
        int inner = Shapes.inner(a.shape, ax);
        if (n == 0) {
            throw new IllegalArgumentException("max: axis " + axis + " of shape " + Shapes.str(a.shape) + " is empty");
        }
        float[] x = a.data;
        float[] out = new float[outer * inner];
        int[] arg = new int[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int best = o * n * inner + i;
                for (int k = 1; k < n; k++) {
                    int idx = (o * n + k) * inner + i;
                    // NaN propagates, as in PyTorch and this library's max pooling: the first NaN wins.
                    if (x[idx] > x[best] || (x[idx] != x[idx] && x[best] == x[best])) {
                        best = idx;
                    }
                }
                out[o * inner + i] = x[best];
                arg[o * inner + i] = best;
            }
        }
        return Tensor.result(out, reducedShape(a.shape, ax, keepDims), "max", g -> {
            float[] ga = new float[x.length];
            for (int j = 0; j < arg.length; j++) {
                ga[arg[j]] += g[j];
            }
            a.accumulateOwnedGrad(ga);
        }, a);
    }

    static int[] reducedShape(int[] shape, int axis, boolean keepDims) {
        if (keepDims) {
            int[] s = shape.clone();
            s[axis] = 1;
            return s;
        }
        int[] s = new int[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (i != axis) {
                s[j++] = shape[i];
            }
        }
        return s;
    }
}
