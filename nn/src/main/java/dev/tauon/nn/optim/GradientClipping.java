package dev.tauon.nn.optim;

import dev.tauon.core.Tensor;

/**
 * Gradient clipping by global norm, as PyTorch's {@code clip_grad_norm_}: call it between
 * {@code backward()} and {@code optimizer.step()}, or let the trainer do it with
 * {@code FitOptions.clipGradientNorm(maxNorm)}.
 */
public final class GradientClipping {
    /** Added to the norm before dividing, as PyTorch does, so the clipped norm stays just below the limit. */
    static final double EPSILON = 1e-6;

    private GradientClipping() {}

    /**
     * Scales the gradients of {@code parameters} so that their joint L2 norm (the norm of all
     * gradient entries taken as one vector) is at most {@code maxNorm}, and returns that norm as
     * it was before clipping. When the norm exceeds {@code maxNorm}, every gradient is multiplied
     * by {@code maxNorm / (norm + 1e-6)}; otherwise nothing changes. Parameters without a
     * gradient are skipped. The squares are summed in double, parameter by parameter in
     * iteration order, so the result does not depend on threads. A NaN or infinite norm is
     * returned without touching the gradients (scaling cannot repair them).
     */
    public static float clipGlobalNorm(Iterable<Tensor> parameters, float maxNorm) {
        if (!(maxNorm > 0) || Float.isInfinite(maxNorm)) {
            throw new IllegalArgumentException("clipGlobalNorm: maxNorm must be finite and > 0, got " + maxNorm);
        }
        double sumOfSquares = 0;
        for (Tensor p : parameters) {
            Tensor grad = p.grad();
            if (grad != null) {
                for (float g : grad.data()) {
                    sumOfSquares += (double) g * g;
                }
            }
        }
        double norm = Math.sqrt(sumOfSquares);
        if (norm > maxNorm && Double.isFinite(norm)) {
            float scale = (float) (maxNorm / (norm + EPSILON));
            for (Tensor p : parameters) {
                Tensor grad = p.grad();
                if (grad != null) {
                    float[] g = grad.data();
                    for (int i = 0; i < g.length; i++) {
                        g[i] *= scale;
                    }
                }
            }
        }
        return (float) norm;
    }
}
