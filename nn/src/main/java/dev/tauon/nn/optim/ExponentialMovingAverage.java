package dev.tauon.nn.optim;

import dev.tauon.core.Shapes;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Module;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An exponential moving average of an optimiser's parameters, for evaluating with weights that
 * are smoother than the last step's. Made by {@link Optimizer#averageWeights(float)}, it is
 * updated at the end of every {@link Optimizer#step()}:
 * <pre>
 *   average = p                                      (the first step that sees p trainable)
 *   average += (p - average) * (1 - decay)           (every later step)
 * </pre>
 * which is PyTorch's {@code AveragedModel} with {@code get_ema_multi_avg_fn(decay)} and Keras'
 * {@code use_ema=True}: both take the weights after the first step as the first average.
 *
 * <p>The averages are buffers of the optimiser ({@code ema.<parameter>}), so they are in its
 * {@link Optimizer#state()} and a checkpoint saves and restores them with the rest: a resumed run
 * continues the average with the same bits. A parameter that has been frozen since the start has
 * no average (its average would be its value); one frozen later keeps being averaged, so the
 * average still converges to its frozen value.
 *
 * <p>Only parameters are averaged. Module state that is not a parameter (such as batch
 * normalisation's running statistics) is left as it is, so evaluation with the averaged weights
 * uses the live running statistics, as Keras does; PyTorch's {@code AveragedModel} keeps a copy of
 * them from when it was made unless {@code use_buffers=True}.
 *
 * <p>To evaluate with the averages, swap them in for a while:
 * <pre>{@code
 * try (var averaged = ema.swapIn()) {
 *     trainer.evaluate(testBatches);
 * }
 * }</pre>
 * While they are swapped in, the optimiser refuses to step, to give its state and to restore one.
 */
public final class ExponentialMovingAverage {
    /** The buffer kind of the averages in the optimiser's state. */
    static final String KIND = "ema";

    private final Optimizer optimizer;
    private final float decay;
    /** The trained weights while the averages are swapped in, else null. */
    private Map<String, float[]> trained;

    /** Swapped-in averages; closing swaps the trained weights back. */
    public interface SwappedIn extends AutoCloseable {
        /** Puts the trained weights back ({@link #swapOut()}). */
        @Override
        void close();
    }

    ExponentialMovingAverage(Optimizer optimizer, float decay) {
        this.optimizer = optimizer;
        this.decay = decay;
    }

    /** The decay: the weight the average keeps at each step. */
    public float decay() {
        return decay;
    }

    /** Called by the optimiser after each step. */
    void update(Map<String, Tensor> parameters) {
        float rate = 1 - decay;
        for (Map.Entry<String, Tensor> e : parameters.entrySet()) {
            float[] p = e.getValue().data();
            float[] average = optimizer.existingBuffer(KIND, e.getKey());
            if (average != null) {
                for (int i = 0; i < p.length; i++) {
                    average[i] += (p[i] - average[i]) * rate;
                }
            } else if (e.getValue().requiresGrad()) {
                System.arraycopy(p, 0, optimizer.buffer(KIND, e.getKey(), p.length), 0, p.length);
            }
        }
    }

    /**
     * Copies of the averaged weights by parameter name, every parameter included: one not averaged
     * yet (before the first step, or frozen since the start) gives its current value.
     */
    public Map<String, Tensor> averages() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        optimizer.parameters().forEach((name, p) -> {
            float[] average = optimizer.existingBuffer(KIND, name);
            out.put(name, Tensor.of(average == null ? p.data().clone() : average.clone(), p.shape()));
        });
        return out;
    }

    /**
     * Puts the averages into the parameters, keeping the trained weights aside until
     * {@link #swapOut()} or the returned handle's {@code close()} puts them back.
     *
     * @throws IllegalStateException if the averages are swapped in already
     */
    public SwappedIn swapIn() {
        if (trained != null) {
            throw new IllegalStateException("ExponentialMovingAverage: the averages are swapped in already");
        }
        Map<String, float[]> kept = new LinkedHashMap<>();
        optimizer.parameters().forEach((name, p) -> {
            float[] average = optimizer.existingBuffer(KIND, name);
            if (average != null) {
                kept.put(name, p.data().clone());
                System.arraycopy(average, 0, p.data(), 0, average.length);
            }
        });
        trained = kept;
        return this::swapOut;
    }

    /**
     * Puts back the trained weights that {@link #swapIn()} set aside; does nothing if the averages
     * are not swapped in, so closing a handle twice is harmless.
     */
    public void swapOut() {
        if (trained == null) {
            return;
        }
        Map<String, Tensor> params = optimizer.parameters();
        trained.forEach((name, w) -> System.arraycopy(w, 0, params.get(name).data(), 0, w.length));
        trained = null;
    }

    /** Whether the averages are in the parameters now. */
    public boolean isSwappedIn() {
        return trained != null;
    }

    /**
     * Copies the averages into {@code model}'s parameters, for good: into the trained model at the
     * end of training (Keras' {@code finalize_variable_values}), or into another instance of the
     * same architecture to evaluate or save. The model must have exactly the optimiser's parameter
     * names and shapes; if not, nothing is copied and the message names the first difference.
     */
    public void copyTo(Module model) {
        Map<String, Tensor> averages = averages();
        Map<String, Tensor> target = model.parameters();
        for (Map.Entry<String, Tensor> e : averages.entrySet()) {
            Tensor t = target.get(e.getKey());
            if (t == null || !Arrays.equals(t.shape(), e.getValue().shape())) {
                throw new IllegalArgumentException("ExponentialMovingAverage.copyTo: " + model.name()
                        + (t == null ? " has no parameter " : " has parameter ") + e.getKey()
                        + (t == null ? "" : " " + Shapes.str(t.shape())) + ", the average is "
                        + Shapes.str(e.getValue().shape()));
            }
        }
        for (String name : target.keySet()) {
            if (!averages.containsKey(name)) {
                throw new IllegalArgumentException("ExponentialMovingAverage.copyTo: " + model.name() + " parameter "
                        + name + " is not one of the optimizer's");
            }
        }
        Map<String, Tensor> own = optimizer.parameters();
        if (trained != null && target.entrySet().stream().anyMatch(e -> e.getValue() == own.get(e.getKey()))) {
            throw new IllegalStateException("ExponentialMovingAverage.copyTo: the averages are swapped into this"
                    + " model; swap them out first, or the swap-out would undo the copy");
        }
        averages.forEach(
                (name, a) -> System.arraycopy(a.data(), 0, target.get(name).data(), 0, a.size()));
    }
}
