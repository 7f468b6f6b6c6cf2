package dev.tauon.nn.explain;

import dev.tauon.core.Shapes;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Module;
import java.util.Arrays;

/**
 * Integrated Gradients (Sundararajan et al., 2017): {@code (x - x') * integral over a in [0, 1] of
 * d score / d x at x' + a (x - x')}, from a baseline {@code x'} (black, by default), the integral
 * taken by the trapezoid rule over {@code steps} intervals. Its defining property, completeness:
 * the attributions of an example sum to {@code score(x) - score(x')}, up to the rule's error,
 * which falls as the steps grow. Shaped like the input, signed.
 */
public final class IntegratedGradients {
    private IntegratedGradients() {}

    /** Integrated gradients from an all-zero baseline. */
    public static Tensor of(Module model, Tensor inputs, int[] targets, int steps) {
        return of(model, inputs, Tensor.zeros(inputs.shape()), targets, steps);
    }

    /** Integrated gradients of {@code inputs} from {@code baseline} (the same shape) for {@code targets}. */
    public static Tensor of(Module model, Tensor inputs, Tensor baseline, int[] targets, int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("IntegratedGradients: steps must be >= 1, got " + steps);
        }
        if (!Arrays.equals(inputs.shape(), baseline.shape())) {
            throw new IllegalArgumentException("IntegratedGradients: baseline " + Shapes.str(baseline.shape())
                    + " and inputs " + Shapes.str(inputs.shape()) + " differ in shape");
        }
        float[] x = inputs.data();
        float[] b = baseline.data();
        float[] avg = new float[x.length];
        for (int k = 0; k <= steps; k++) {
            float a = (float) k / steps;
            float weight = (k == 0 || k == steps ? 0.5f : 1f) / steps;
            float[] point = new float[x.length];
            for (int i = 0; i < point.length; i++) {
                point[i] = b[i] + a * (x[i] - b[i]);
            }
            float[] g = Scores.inputGradient("IntegratedGradients", model, Tensor.of(point, inputs.shape()), targets)
                    .data();
            for (int i = 0; i < avg.length; i++) {
                avg[i] += weight * g[i];
            }
        }
        for (int i = 0; i < avg.length; i++) {
            avg[i] *= x[i] - b[i];
        }
        return Tensor.of(avg, inputs.shape());
    }
}
