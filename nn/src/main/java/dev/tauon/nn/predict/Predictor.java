package dev.tauon.nn.predict;

import dev.tauon.core.KernelPool;
import dev.tauon.core.NoGrad;
import dev.tauon.core.Shapes;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Module;
import dev.tauon.nn.io.Weights;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Predictions from a trained model, for servers: always in evaluation mode, without a graph,
 * safe to call from any number of threads at once, and never touching the model it was made from.
 *
 * <pre>{@code
 * Predictor predictor = Predictor.snapshot(model, Models::cifar10Cnn);  // Models::cifar10Cnn makes a new, unbuilt model
 * float[][] probabilities = predictor.predict(rows);                    // one flattened [3, 32, 32] image per row
 * TopK best = predictor.topK(row, 3);                                   // best.classes()[0] is the predicted class
 * }</pre>
 *
 * <h2>Its own copy of the model</h2>
 * A {@link Module} has one training flag, which Dropout (and normalisation layers) read on every
 * forward pass. Switching it to evaluation for a prediction, as {@code Trainer.predict} does, would
 * switch it under a trainer using the same model on another thread, and two predicting threads
 * would race to restore it. So a predictor never uses the model it is given: it makes a new instance
 * with the architecture's factory, copies the weights into it, switches it to evaluation once, and
 * shares it with nobody. (A module cannot copy itself: layers are arbitrary Java objects, so the
 * code that made the model makes the copy.) Passing the mode into every forward call would avoid
 * the copy, but would change every layer's signature; a copy costs the memory of one set of weights.
 *
 * <p>The copy holds the weights as they were when {@link #snapshot} ran; training the original
 * afterwards does not change the predictor (make a new one to serve the new weights). Take the
 * snapshot between optimiser steps (after {@code fit}, or from a training listener's
 * {@code onEpochEnd}): one taken while a step runs on another thread may mix weights of two steps.
 *
 * <h2>Threads</h2>
 * Every method may be called from many threads at once. A call only reads the copy: the forward
 * pass runs under {@link NoGrad} (whose scope is per thread) and writes only into new tensors, so
 * concurrent results are the same bits as one caller's. By default the kernels of a call use the
 * pool the calling thread uses (the global one unless it is inside a {@link KernelPool#call});
 * {@link #withKernelPool} gives the predictor a budget of its own: {@link KernelPool#callerOnly()}
 * keeps each request on its caller's thread, the usual choice when many requests run at once, and
 * {@code new KernelPool(n)} lends every request {@code n} threads (one request at a time; the
 * others run on their callers meanwhile).
 *
 * <h2>Inputs</h2>
 * A batch is a tensor {@code [N, inputShape...]}, or {@code float[]} rows of one example each,
 * flattened in row-major (NCHW) order. Wrong shapes, wrong row lengths, empty batches and NaN or
 * infinite values are refused with an {@link IllegalArgumentException} that names the row and what
 * was expected, before any computation.
 */
public final class Predictor {
    private final Module model;
    private final int[] inputShape;
    private final int[] outputShape;
    /** Whether the output is already probabilities (the model ends in a softmax), else logits. */
    private final boolean givesProbabilities;
    /** The budget for kernels, or null for whatever the calling thread uses. */
    private final KernelPool pool;

    private Predictor(Module ownCopy, KernelPool pool) {
        ownCopy.eval();
        this.model = ownCopy;
        this.inputShape = ownCopy.builtInputShape();
        this.outputShape = ownCopy.outputShape(inputShape);
        this.givesProbabilities = ownCopy.endsInSoftmax();
        this.pool = pool;
    }

    private Predictor(Predictor other, KernelPool pool) {
        this.model = other.model;
        this.inputShape = other.inputShape;
        this.outputShape = other.outputShape;
        this.givesProbabilities = other.givesProbabilities;
        this.pool = pool;
    }

    /**
     * A predictor holding a copy of {@code trained}'s current weights in a new instance made by
     * {@code architecture} (a method that creates the model, as the one that created {@code trained};
     * it may return it built or not). {@code trained} is only read: neither its weights nor its mode
     * change, and later training does not reach the predictor.
     *
     * @throws IllegalStateException if {@code trained} was never built
     * @throws IllegalArgumentException if the architecture's model has other parameter names or
     *     shapes, or shares a module with {@code trained}
     */
    public static Predictor snapshot(Module trained, Supplier<? extends Module> architecture) {
        Objects.requireNonNull(trained, "trained");
        Objects.requireNonNull(architecture, "architecture");
        return new Predictor(ModelCopy.of(trained, architecture), null);
    }

    /**
     * A predictor for weights saved with {@link Weights#save}:
     * a new model from {@code architecture}, built for {@code inputShape} (per example; omit it if
     * the architecture returns a built model), with {@code weights} loaded and checked as
     * {@link Weights#load} does.
     *
     * @throws IOException if the file cannot be read or does not match the model
     * @throws IllegalStateException if no input shape is given and the model comes unbuilt
     */
    public static Predictor load(Supplier<? extends Module> architecture, Path weights, int... inputShape)
            throws IOException {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(weights, "weights");
        Module model = ModelCopy.fresh("Predictor.load", architecture, inputShape);
        Weights.load(model, weights);
        return new Predictor(model, null);
    }

    /**
     * This predictor (the same copy of the model, shared) with its kernels running in {@code pool}.
     * The caller keeps ownership of the pool and closes it.
     */
    public Predictor withKernelPool(KernelPool pool) {
        return new Predictor(this, Objects.requireNonNull(pool, "pool"));
    }

    /** The shape of one example, without the batch dimension: {@code [3, 32, 32]} for CIFAR-10. */
    public int[] inputShape() {
        return inputShape.clone();
    }

    /** The shape of one example's output, without the batch dimension: {@code [10]} for ten classes. */
    public int[] outputShape() {
        return outputShape.clone();
    }

    /** The model's output for a batch {@code [N, inputShape...]}: probabilities for a softmax model. */
    public Tensor predict(Tensor batch) {
        Inputs.checkBatch(batch, inputShape);
        return forward(batch);
    }

    /** The model's output for each row (one flattened example per row), as one flattened row each. */
    public float[][] predict(float[][] rows) {
        return split(forward(Inputs.stack(rows, inputShape)));
    }

    /** The model's output for one example, flattened. */
    public float[] predict(float[] row) {
        return predict(new float[][] {row})[0];
    }

    /**
     * The {@code k} most probable classes of each example of {@code batch}. The output per example
     * must be a vector of class scores: probabilities when the model ends in a softmax, else logits,
     * which are turned into probabilities with a softmax.
     *
     * @throws IllegalArgumentException if {@code k} is not between 1 and the number of classes
     */
    public List<TopK> topK(Tensor batch, int k) {
        checkK(k);
        Inputs.checkBatch(batch, inputShape);
        return ranked(forward(batch), k);
    }

    /** {@link #topK(Tensor, int)} for flattened rows. */
    public List<TopK> topK(float[][] rows, int k) {
        checkK(k);
        return ranked(forward(Inputs.stack(rows, inputShape)), k);
    }

    /** {@link #topK(Tensor, int)} for one flattened example. */
    public TopK topK(float[] row, int k) {
        return topK(new float[][] {row}, k).get(0);
    }

    private Tensor forward(Tensor batch) {
        Supplier<Tensor> body = () -> {
            try (NoGrad noGraph = NoGrad.enter()) {
                return model.call(batch);
            }
        };
        return pool == null ? body.get() : pool.call(body);
    }

    private void checkK(int k) {
        if (outputShape.length != 1) {
            throw new IllegalArgumentException("Predictor.topK: the model's output per example is "
                    + Shapes.str(outputShape) + "; top-k needs one score per class, [classes]");
        }
        if (k < 1 || k > outputShape[0]) {
            throw new IllegalArgumentException(
                    "Predictor.topK: k must be between 1 and " + outputShape[0] + " (the number of classes), got " + k);
        }
    }

    private List<TopK> ranked(Tensor output, int k) {
        float[] p = (givesProbabilities ? output : output.softmax(1)).data();
        int n = output.dim(0);
        int classes = outputShape[0];
        List<TopK> result = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            result.add(TopK.select(p, i * classes, classes, k));
        }
        return result;
    }

    private float[][] split(Tensor output) {
        int n = output.dim(0);
        int size = Shapes.size(outputShape);
        float[] data = output.data();
        float[][] rows = new float[n][];
        for (int i = 0; i < n; i++) {
            rows[i] = Arrays.copyOfRange(data, i * size, (i + 1) * size);
        }
        return rows;
    }

    @Override
    public String toString() {
        return "Predictor(" + model.name() + ", input " + Inputs.batchShape(inputShape)
                + (pool == null ? "" : ", " + pool) + ")";
    }
}
