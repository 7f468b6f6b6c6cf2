package dev.tauon.nn.explain;

import dev.tauon.core.Tensor;
import dev.tauon.nn.Module;

/**
 * Saliency (Simonyan et al., 2014): the magnitude of the gradient of each example's target score
 * with respect to each input value, {@code |d score / d x|}, shaped like the input (Captum's
 * {@code Saliency} with {@code abs=True}).
 */
public final class Saliency {
    private Saliency() {}

    /** The saliency of {@code inputs} (batch first) for class {@code targets[n]} of example {@code n}. */
    public static Tensor of(Module model, Tensor inputs, int[] targets) {
        return Scores.inputGradient("Saliency", model, inputs, targets).abs();
    }
}
