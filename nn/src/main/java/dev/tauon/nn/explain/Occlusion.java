package dev.tauon.nn.explain;

import dev.tauon.core.Shapes;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Module;
import java.util.Arrays;

/**
 * Occlusion (Zeiler and Fergus, 2014): a {@code window x window} patch of every channel is set to
 * {@code fill} at each position {@code stride} apart, and each pixel gets the mean, over the
 * patches covering it, of how much the target score fell ({@code score(x) - score(occluded)}).
 * Needs no gradient, only forward passes (one per patch position). Shaped {@code [N, H, W]};
 * pixels no patch covers get 0.
 */
public final class Occlusion {
    private Occlusion() {}

    /** The occlusion map of images {@code inputs} ({@code [N, C, H, W]}) for {@code targets}. */
    public static Tensor of(Module model, Tensor inputs, int[] targets, int window, int stride, float fill) {
        int[] s = inputs.shape();
        if (s.length != 4) {
            throw new IllegalArgumentException("Occlusion: inputs " + Shapes.str(s) + " must be [N, C, H, W]");
        }
        if (window < 1 || stride < 1 || window > s[2] || window > s[3]) {
            throw new IllegalArgumentException("Occlusion: window " + window + " and stride " + stride
                    + " must be positive, the window no larger than the image " + s[2] + "x" + s[3]);
        }
        int n = s[0];
        int c = s[1];
        int h = s[2];
        int w = s[3];
        float[] base = Scores.of("Occlusion", model, inputs, targets);
        float[] drop = new float[n * h * w];
        int[] covered = new int[n * h * w];
        for (int top = 0; top + window <= h; top += stride) {
            for (int left = 0; left + window <= w; left += stride) {
                float[] x = inputs.data().clone();
                for (int e = 0; e < n * c; e++) {
                    for (int i = top; i < top + window; i++) {
                        Arrays.fill(x, (e * h + i) * w + left, (e * h + i) * w + left + window, fill);
                    }
                }
                float[] scores = Scores.of("Occlusion", model, Tensor.of(x, s), targets);
                for (int e = 0; e < n; e++) {
                    for (int i = top; i < top + window; i++) {
                        for (int j = left; j < left + window; j++) {
                            drop[(e * h + i) * w + j] += base[e] - scores[e];
                            covered[(e * h + i) * w + j]++;
                        }
                    }
                }
            }
        }
        for (int i = 0; i < drop.length; i++) {
            drop[i] = covered[i] == 0 ? 0f : drop[i] / covered[i];
        }
        return Tensor.of(drop, n, h, w);
    }
}
