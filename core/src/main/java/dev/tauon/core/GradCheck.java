package dev.tauon.core;

import java.util.function.Function;

/**
 * Checks the gradients that backward computes against central differences, for any function of
 * tensors. The function is reduced to a scalar by a fixed random weighting of its outputs, so every
 * output element is checked, not only their sum.
 *
 * <p>The ops run in float32, so the differences are taken with a step of about 1e-2 and compared
 * with a tolerance to match; the arithmetic of the check itself is in double.
 */
public final class GradCheck {
    private GradCheck() {}

    /** The largest error found, and where. */
    public record Result(double maxError, String where) {
        /** Whether every gradient was within tolerance (nothing was found to report). */
        public boolean passed() {
            return where == null;
        }
    }

    /**
     * Compares analytic and numeric gradients of {@code f} with respect to every input that
     * requires grad; throws {@link AssertionError} naming the input and element on a mismatch.
     */
    public static void check(Function<Tensor[], Tensor> f, Tensor... inputs) {
        Result r = compare(f, 1e-2, 2e-2, 2e-2, inputs);
        if (!r.passed()) {
            throw new AssertionError("gradient check failed: " + r.where());
        }
    }

    /** Like {@link #check} with explicit step and tolerances; returns instead of throwing. */
    public static Result compare(
            Function<Tensor[], Tensor> f, double step, double absTol, double relTol, Tensor... inputs) {
        Tensor probe;
        try (NoGrad ignored = NoGrad.enter()) {
            probe = f.apply(inputs);
        }
        Tensor weights = Tensor.uniform(new Generator(1234), -1f, 1f, probe.shape);

        for (Tensor t : inputs) {
            t.zeroGrad();
        }
        Tensor out = f.apply(inputs);
        out.mul(weights).sum().backward();

        double worst = 0;
        for (int which = 0; which < inputs.length; which++) {
            Tensor t = inputs[which];
            if (!t.requiresGrad) {
                continue;
            }
            float[] analytic = t.grad == null ? new float[t.data.length] : t.grad.data.clone();
            for (int i = 0; i < t.data.length; i++) {
                float saved = t.data[i];
                t.data[i] = (float) (saved + step);
                double plus = weighted(f, inputs, weights);
                t.data[i] = (float) (saved - step);
                double minus = weighted(f, inputs, weights);
                t.data[i] = saved;
                double numeric = (plus - minus) / (2 * step);
                double err = Math.abs(numeric - analytic[i]);
                worst = Math.max(worst, err);
                if (err > absTol + relTol * Math.abs(numeric)) {
                    return new Result(
                            err,
                            "input " + which + " " + Shapes.str(t.shape) + " element " + i + ": analytic " + analytic[i]
                                    + ", numeric " + numeric);
                }
            }
        }
        return new Result(worst, null);
    }

    private static double weighted(Function<Tensor[], Tensor> f, Tensor[] inputs, Tensor weights) {
        try (NoGrad ignored = NoGrad.enter()) {
            float[] y = f.apply(inputs).data;
            double s = 0;
            for (int i = 0; i < y.length; i++) {
                s += (double) y[i] * weights.data[i];
            }
            return s;
        }
    }
}
