package dev.tauon.spark;

import dev.tauon.nn.Module;
import dev.tauon.nn.optim.Optimizer;
import java.io.Serializable;

/**
 * Makes the optimiser for a model, on the driver and, in the local-steps mode, on every executor:
 * {@code model -> new Adam(model, 1e-3f)}. It must set every hyperparameter, since only the
 * optimiser's state (step count, learning rate, buffers) travels between machines.
 */
@FunctionalInterface
public interface OptimizerFactory extends Serializable {
    /** A new optimiser over {@code model}'s parameters. */
    Optimizer create(Module model);
}
