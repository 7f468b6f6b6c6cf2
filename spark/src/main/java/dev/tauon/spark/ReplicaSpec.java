package dev.tauon.spark;

import dev.tauon.nn.Module;
import dev.tauon.nn.losses.Loss;
import java.io.Serializable;
import java.util.Objects;

/**
 * How every machine builds its copy of the training setup: the model (built, or built by the
 * trainer for the data's example shape), the loss and the optimiser. Each is code, shipped as a
 * serialisable lambda; the weights come separately, as float arrays.
 *
 * @param model     makes the model; each call must give the same architecture
 * @param loss      makes the loss (mean over a batch, as every Tauon loss)
 * @param optimizer makes the optimiser over a model
 */
public record ReplicaSpec(
        SerializableSupplier<Module> model, SerializableSupplier<Loss> loss, OptimizerFactory optimizer)
        implements Serializable {
    public ReplicaSpec {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(optimizer, "optimizer");
    }
}
