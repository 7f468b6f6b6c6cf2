package dev.tauon.nn.optim;

import dev.tauon.core.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything an optimiser carries from one step to the next, for checkpoints: how many steps it
 * has taken, its current learning rate, and its per-parameter buffers by name (such as
 * {@code "m.0.weight"} for Adam's first moment of parameter {@code 0.weight}).
 *
 * @param iterations   steps taken
 * @param learningRate the learning rate now
 * @param buffers      copies of the buffers, by name
 */
public record OptimizerState(long iterations, float learningRate, Map<String, Tensor> buffers) {
    /** Copies the buffers into an unmodifiable map in their order. */
    public OptimizerState {
        buffers = Collections.unmodifiableMap(new LinkedHashMap<>(buffers));
    }
}
