package dev.tauon.nn.losses;

import dev.tauon.core.Batch;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Functional;

/** Mean squared error over every element of the output against the batch's target tensor. */
public final class MeanSquaredError implements Loss {
    @Override
    public Tensor compute(Tensor output, Batch batch) {
        if (batch.targets() == null) {
            throw new IllegalArgumentException("MeanSquaredError: the batch has labels but no target tensor;"
                    + " make the batch with Batch.ofTargets");
        }
        return Functional.mse(output, batch.targets());
    }

    @Override
    public String toString() {
        return "MeanSquaredError";
    }
}
