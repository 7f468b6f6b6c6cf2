package dev.tauon.nn.explain;

import dev.tauon.core.NoGrad;
import dev.tauon.core.Shapes;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Module;
import java.util.function.Supplier;

/** What every attribution method shares: the scores of the target classes, and their gradient. */
final class Scores {
    private Scores() {}

    /** The model's logits for {@code x}: the output before a trailing softmax, else the output. */
    static Tensor logits(Module model, Tensor x) {
        return model.endsInSoftmax() ? model.callLogits(x) : model.call(x);
    }

    /** The sum over the batch of each example's target logit, as a scalar to run backward from. */
    static Tensor targetSum(String op, Tensor logits, int[] targets) {
        return logits.mul(oneHot(op, logits.shape(), targets)).sum();
    }

    /** Each example's target logit, without a graph. */
    static float[] of(String op, Module model, Tensor x, int[] targets) {
        return inEval(model, () -> {
            try (NoGrad ignored = NoGrad.enter()) {
                Tensor out = logits(model, x);
                oneHot(op, out.shape(), targets);
                float[] s = new float[targets.length];
                int classes = out.dim(1);
                for (int n = 0; n < s.length; n++) {
                    s[n] = out.data()[n * classes + targets[n]];
                }
                return s;
            }
        });
    }

    /** d(target logit)/d(input) for every example of {@code x}, in evaluation mode. */
    static Tensor inputGradient(String op, Module model, Tensor x, int[] targets) {
        return inEval(model, () -> {
            Tensor input = Tensor.of(x.data().clone(), x.shape()).requiresGrad(true);
            targetSum(op, logits(model, input), targets).backward();
            return input.grad();
        });
    }

    /** Runs {@code body} with the model in evaluation mode, restoring its mode after. */
    static <T> T inEval(Module model, Supplier<T> body) {
        boolean was = model.isTraining();
        model.eval();
        try {
            return body.get();
        } finally {
            model.setTraining(was);
        }
    }

    private static Tensor oneHot(String op, int[] shape, int[] targets) {
        if (shape.length != 2) {
            throw new IllegalArgumentException(
                    op + ": the model's output " + Shapes.str(shape) + " must be [N, classes] scores");
        }
        if (targets.length != shape[0]) {
            throw new IllegalArgumentException(
                    op + ": " + targets.length + " target classes for a batch of " + shape[0]);
        }
        float[] h = new float[shape[0] * shape[1]];
        for (int n = 0; n < targets.length; n++) {
            if (targets[n] < 0 || targets[n] >= shape[1]) {
                throw new IllegalArgumentException(
                        op + ": target class " + targets[n] + " of example " + n + " is outside [0, " + shape[1] + ")");
            }
            h[n * shape[1] + targets[n]] = 1f;
        }
        return Tensor.of(h, shape);
    }
}
