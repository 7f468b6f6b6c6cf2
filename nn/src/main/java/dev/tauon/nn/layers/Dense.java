package dev.tauon.nn.layers;

import dev.tauon.core.Generator;
import dev.tauon.core.Shapes;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Activation;
import dev.tauon.nn.Functional;
import dev.tauon.nn.Summary;

/**
 * A fully connected layer: {@code activation(x @ weight + bias)} on {@code [N, features]} inputs.
 * The weight is {@code [features, units]} as in Keras (PyTorch stores the transpose), so the
 * forward pass needs no transpose. The number of input features comes from {@code build}.
 */
public class Dense extends KernelLayer {
    private final int units;

    /** A fully connected layer of {@code units} outputs, without activation. */
    public Dense(int units) {
        this(units, Activation.LINEAR);
    }

    /** A fully connected layer of {@code units} outputs followed by {@code activation}. */
    public Dense(int units, Activation activation) {
        super(activation);
        if (units < 1) {
            throw new IllegalArgumentException("Dense: units must be positive, got " + units);
        }
        this.units = units;
    }

    /** The number of outputs. */
    public int units() {
        return units;
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        if (inputShape.length != 1) {
            throw new IllegalArgumentException(name() + ": input " + Summary.tauonShape(inputShape)
                    + " must be [N, features]; put a Flatten before it");
        }
        if (inputShape[0] == 0) {
            // The weight would be [0, units]; the GEMM under it refuses a zero inner size, naming itself, not the
            // layer.
            throw new IllegalArgumentException(name() + ": input " + Summary.tauonShape(inputShape)
                    + " has no features; a Dense layer needs at least one");
        }
        return new int[] {units};
    }

    @Override
    protected void buildParameters(int[] inputShape, Generator init) {
        outputShape(inputShape); // checks the rank
        int features = inputShape[0];
        createParameters(init, new int[] {features, units}, features, units, units);
    }

    @Override
    protected Tensor affine(Tensor x) {
        if (x.rank() != 2 || x.dim(1) != weight().dim(0)) {
            throw new IllegalArgumentException(
                    name() + ": input " + Shapes.str(x.shape()) + " must be [N, " + weight().dim(0) + "]");
        }
        return Functional.dense(x, weight(), bias());
    }

    @Override
    public String name() {
        return "Dense(" + units + activationSuffix() + ")";
    }
}
