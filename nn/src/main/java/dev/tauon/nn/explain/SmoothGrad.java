package dev.tauon.nn.explain;

import dev.tauon.core.Generator;
import dev.tauon.core.NoGrad;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Module;

/**
 * SmoothGrad (Smilkov et al., 2017): the {@linkplain Saliency saliency} averaged over
 * {@code samples} copies of the input with Gaussian noise added, of standard deviation
 * {@code noiseLevel} times each example's value range ({@code max - min}); the noise averages away
 * the gradient's pixel-to-pixel jitter. Shaped like the input.
 */
public final class SmoothGrad {
    private SmoothGrad() {}

    /** SmoothGrad of {@code inputs} for {@code targets}, the noise drawn from {@code noise}. */
    public static Tensor of(
            Module model, Tensor inputs, int[] targets, int samples, float noiseLevel, Generator noise) {
        if (samples < 1 || !(noiseLevel >= 0) || Float.isInfinite(noiseLevel)) {
            throw new IllegalArgumentException("SmoothGrad: need samples >= 1 and a finite noise level >= 0, got "
                    + samples + " and " + noiseLevel);
        }
        float[] x = inputs.data();
        int n = inputs.dim(0);
        int per = x.length / n;
        float[] sigma = new float[n];
        for (int e = 0; e < n; e++) {
            float lo = Float.POSITIVE_INFINITY;
            float hi = Float.NEGATIVE_INFINITY;
            for (int i = e * per; i < (e + 1) * per; i++) {
                lo = Math.min(lo, x[i]);
                hi = Math.max(hi, x[i]);
            }
            sigma[e] = noiseLevel * (hi - lo);
        }
        float[] sum = new float[x.length];
        for (int s = 0; s < samples; s++) {
            float[] noisy;
            try (NoGrad ignored = NoGrad.enter()) {
                noisy = Tensor.randn(noise, inputs.shape()).data();
            }
            for (int i = 0; i < noisy.length; i++) {
                noisy[i] = x[i] + sigma[i / per] * noisy[i];
            }
            float[] g = Saliency.of(model, Tensor.of(noisy, inputs.shape()), targets)
                    .data();
            for (int i = 0; i < sum.length; i++) {
                sum[i] += g[i];
            }
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= samples;
        }
        return Tensor.of(sum, inputs.shape());
    }
}
