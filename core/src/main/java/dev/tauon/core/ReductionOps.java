package dev.tauon.core;

import dev.tauon.core.internal.kernel.Parallel;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Reductions. A reduction over one axis views the tensor as {@code [outer, n, inner]}, with
 * {@code n} the reduced axis, so one loop serves every rank.
 */
final class ReductionOps {
    private ReductionOps() {}

    static Tensor sumAll(Tensor a) {
        float[] x = a.data;
        double s = 0; // double, so long sums don't drift
        for (float v : x) {
            s += v;
        }
        return Tensor.result(
                new float[] {(float) s},
                new int[0],
                "sum",
                g -> {
                    float[] ga = new float[x.length];
                    Arrays.fill(ga, g[0]);
                    a.accumulateOwnedGrad(ga);
                },
                a);
    }

    static Tensor sum(Tensor a, int axis, boolean keepDims) {
        int ax = Shapes.axis("sum", axis, a.shape);
        int outer = Shapes.outer(a.shape, ax);
        int n = a.shape[ax];
        int inner = Shapes.inner(a.shape, ax);
        float[] x = a.data;
        // Checked: with a zero-length axis the result can be larger than the tensor, and than an int.
        float[] out = new float[Shapes.size(reducedShape(a.shape, ax, false))];
        // Each output element is summed over k in order by one thread: split the outer index, or,
        // with a single one (the batch axis of [N, C]), the inner one.
        if (outer > 1) {
            Parallel.forRange(outer, 1, x.length, (o0, o1) -> sumAlong(x, out, n, inner, o0, o1, 0, inner));
        } else {
            Parallel.forRange(inner, 64, x.length, (i0, i1) -> sumAlong(x, out, n, inner, 0, outer, i0, i1));
        }
        return Tensor.result(
                out,
                reducedShape(a.shape, ax, keepDims),
                "sum",
                g -> {
                    float[] ga = new float[x.length];
                    for (int o = 0; o < outer; o++) {
                        for (int k = 0; k < n; k++) {
                            System.arraycopy(g, o * inner, ga, (o * n + k) * inner, inner);
                        }
                    }
                    a.accumulateOwnedGrad(ga);
                },
                a);
    }

    /** {@code out[o*inner + i] += x[(o*n + k)*inner + i]} over k in order, for {@code o0 <= o < o1}, {@code i0 <= i < i1}. */
    private static void sumAlong(float[] x, float[] out, int n, int inner, int o0, int o1, int i0, int i1) {
        for (int o = o0; o < o1; o++) {
            int base = o * n * inner;
            for (int k = 0; k < n; k++) {
                int row = base + k * inner;
                for (int i = i0; i < i1; i++) {
                    out[o * inner + i] += x[row + i];
                }
            }
        }
    }

    static Tensor max(Tensor a, int axis, boolean keepDims) {
        int ax = Shapes.axis("max", axis, a.shape);
        float[] x = a.data;
        int[] arg = firstMaxima("max", a, ax);
        float[] out = new float[arg.length];
        for (int j = 0; j < arg.length; j++) {
            out[j] = x[arg[j]];
        }
        return Tensor.result(
                out,
                reducedShape(a.shape, ax, keepDims),
                "max",
                g -> {
                    float[] ga = new float[x.length];
                    for (int j = 0; j < arg.length; j++) {
                        ga[arg[j]] += g[j];
                    }
                    a.accumulateOwnedGrad(ga);
                },
                a);
    }

    /**
     * The position of the maximum along {@code axis}, as a float (exact up to 2^24); ties and NaN
     * as in {@link #max}. Outside the graph: an index has no gradient.
     */
    static Tensor argmax(Tensor a, int axis) {
        int ax = Shapes.axis("argmax", axis, a.shape);
        int n = a.shape[ax];
        int inner = Shapes.inner(a.shape, ax);
        int[] arg = firstMaxima("argmax", a, ax);
        float[] out = new float[arg.length];
        for (int j = 0; j < arg.length; j++) {
            out[j] = arg[j] / inner % n;
        }
        return new Tensor(out, reducedShape(a.shape, ax, false));
    }

    /** For each position outside axis {@code ax}, the flat index of the first maximum along it. */
    private static int[] firstMaxima(String op, Tensor a, int ax) {
        int outer = Shapes.outer(a.shape, ax);
        int n = a.shape[ax];
        int inner = Shapes.inner(a.shape, ax);
        if (n == 0) {
            throw new IllegalArgumentException(op + ": axis " + ax + " of shape " + Shapes.str(a.shape) + " is empty");
        }
        float[] x = a.data;
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
                arg[o * inner + i] = best;
            }
        }
        return arg;
    }

    /** The mean over several axes: a sum per axis and a scale, so autograd needs no rule of its own. */
    static Tensor mean(Tensor a, int[] axes, boolean keepDims) {
        boolean[] reduced = reducedAxes("mean", a.shape, axes);
        Tensor sum = sumOver(a, reduced);
        return dropReduced(sum.mul(1f / count(a.shape, reduced)), a.shape, reduced, keepDims);
    }

    /**
     * The variance over several axes with {@code correction} subtracted from the count, as in
     * PyTorch: 0 for the population variance (what batch normalisation divides by), 1 for
     * Bessel's unbiased estimate. Two passes, {@code mean((x - mean x)^2)}, built from other ops.
     */
    static Tensor variance(Tensor a, int[] axes, boolean keepDims, int correction) {
        boolean[] reduced = reducedAxes("variance", a.shape, axes);
        long n = count(a.shape, reduced);
        if (correction < 0 || n - correction <= 0) {
            throw new IllegalArgumentException("variance: correction " + correction + " must be >= 0 and below the "
                    + n + " elements per group that axes " + Arrays.toString(axes) + " of " + Shapes.str(a.shape)
                    + " hold");
        }
        Tensor centred = a.sub(mean(a, axes, true));
        Tensor sum = sumOver(centred.mul(centred), reduced);
        return dropReduced(sum.mul(1f / (n - correction)), a.shape, reduced, keepDims);
    }

    /** Which axes {@code axes} names (negative ones count from the end); each at most once, at least one. */
    private static boolean[] reducedAxes(String op, int[] shape, int[] axes) {
        if (axes.length == 0) {
            throw new IllegalArgumentException(
                    op + ": no axes given for shape " + Shapes.str(shape) + "; list the axes to reduce over");
        }
        boolean[] reduced = new boolean[shape.length];
        for (int axis : axes) {
            int ax = Shapes.axis(op, axis, shape);
            if (reduced[ax]) {
                throw new IllegalArgumentException(op + ": axes " + Arrays.toString(axes) + " name axis " + ax
                        + " of shape " + Shapes.str(shape) + " twice");
            }
            reduced[ax] = true;
        }
        return reduced;
    }

    private static Tensor sumOver(Tensor a, boolean[] reduced) {
        for (int d = 0; d < reduced.length; d++) {
            if (reduced[d]) {
                a = a.sum(d, true);
            }
        }
        return a;
    }

    private static long count(int[] shape, boolean[] reduced) {
        long n = 1;
        for (int d = 0; d < shape.length; d++) {
            n *= reduced[d] ? shape[d] : 1;
        }
        return n;
    }

    /** {@code kept} (reduced axes of size 1) as is, or without the reduced axes. */
    private static Tensor dropReduced(Tensor kept, int[] shape, boolean[] reduced, boolean keepDims) {
        if (keepDims) {
            return kept;
        }
        return kept.reshape(IntStream.range(0, shape.length)
                .filter(d -> !reduced[d])
                .map(d -> shape[d])
                .toArray());
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
