package dev.tauon.nn.layers;

import dev.tauon.core.Tensor;
import dev.tauon.nn.Functional;
import dev.tauon.nn.Module;

/**
 * Merges every dimension after the batch: {@code [N, C, H, W] -> [N, C*H*W]}, a view, no copy.
 *
 * <p>The features come out in NCHW order (channel-major). Keras flattens NHWC tensors, so its
 * features are ordered pixel-major: the same model has the same shapes and parameter count, but a
 * Dense weight after a Flatten cannot be copied between Keras and Tauon without permuting its rows.
 */
public class Flatten extends Module {
    @Override
    public int[] outputShape(int[] in) {
        int n = 1;
        for (int d : in) {
            n *= d;
        }
        return new int[] {n};
    }

    @Override
    public Tensor forward(Tensor x) {
        return Functional.flatten(x);
    }
}
