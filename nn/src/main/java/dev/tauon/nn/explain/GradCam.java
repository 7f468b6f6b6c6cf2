package dev.tauon.nn.explain;

import dev.tauon.core.Shapes;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Module;

/**
 * Grad-CAM (Selvaraju et al., 2017) for any layer with an image-shaped output {@code [N, K, h, w]}:
 * {@code relu(sum over k of alpha_k A_k)}, where {@code A_k} is the layer's k-th feature map and
 * {@code alpha_k} the mean over its positions of {@code d score / d A_k}. Shaped {@code [N, h, w]},
 * at the layer's resolution; {@link Heatmaps#resize} brings it to the input's. It shows where the
 * features that raise the score are: a layer after the model has dropped part of the image shows
 * nothing there, one before it may.
 */
public final class GradCam {
    private GradCam() {}

    /** The Grad-CAM of {@code layer} (a module inside {@code model}) for {@code inputs} and {@code targets}. */
    public static Tensor of(Module model, Module layer, Tensor inputs, int[] targets) {
        return Scores.inEval(model, () -> {
            try (LayerCapture capture = LayerCapture.of(layer)) {
                Scores.targetSum("GradCam", Scores.logits(model, inputs), targets)
                        .backward();
                Tensor a = capture.activation();
                if (a.rank() != 4) {
                    throw new IllegalArgumentException("GradCam: " + layer.name() + "'s output " + Shapes.str(a.shape())
                            + " must be [N, channels, H, W]");
                }
                return cam(a.data(), capture.gradient().data(), a.shape());
            }
        });
    }

    private static Tensor cam(float[] a, float[] g, int[] s) {
        int n = s[0];
        int k = s[1];
        int hw = s[2] * s[3];
        float[] out = new float[n * hw];
        for (int e = 0; e < n; e++) {
            for (int c = 0; c < k; c++) {
                int base = (e * k + c) * hw;
                double alpha = 0;
                for (int i = 0; i < hw; i++) {
                    alpha += g[base + i];
                }
                float weight = (float) (alpha / hw);
                for (int i = 0; i < hw; i++) {
                    out[e * hw + i] += weight * a[base + i];
                }
            }
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.max(out[i], 0f);
        }
        return Tensor.of(out, n, s[2], s[3]);
    }
}
