package dev.tauon.nn.explain;

import dev.tauon.core.Tensor;
import dev.tauon.nn.ForwardHook;
import dev.tauon.nn.Module;
import java.util.Objects;

/**
 * Keeps a layer's output from the latest forward pass and, after a backward pass through it, the
 * gradient of that output, without the layer's or the model's code changing (a forward hook):
 * <pre>{@code
 * try (LayerCapture capture = LayerCapture.of(model.children().get("3"))) {
 *     model.call(x).sum().backward();
 *     Tensor a = capture.activation(), g = capture.gradient();
 * }
 * }</pre>
 * Closing it removes the hook.
 */
public final class LayerCapture implements AutoCloseable {
    private final Module layer;
    private final ForwardHook.Registration registration;
    private Tensor activation;

    private LayerCapture(Module layer) {
        this.layer = layer;
        this.registration = layer.addForwardHook(new ForwardHook() {
            @Override
            public Tensor afterForward(Module module, Tensor input, Tensor output) {
                activation = output.requiresGrad() ? output.retainGrad() : output;
                return output;
            }
        });
    }

    /** Starts capturing {@code layer}'s output at its next {@link Module#call}. */
    public static LayerCapture of(Module layer) {
        return new LayerCapture(Objects.requireNonNull(layer, "layer"));
    }

    /** The layer's output from the latest forward pass. */
    public Tensor activation() {
        if (activation == null) {
            throw new IllegalStateException("LayerCapture: " + layer.name() + " has not run since the capture began;"
                    + " is it a layer of the model that ran (containers run their children through call)?");
        }
        return activation;
    }

    /** The gradient of the latest output, once a backward pass has reached it. */
    public Tensor gradient() {
        Tensor g = activation().grad();
        if (g == null) {
            throw new IllegalStateException("LayerCapture: no gradient reached " + layer.name() + "'s output; run"
                    + " backward from a score that depends on it, with graph recording on");
        }
        return g;
    }

    @Override
    public void close() {
        registration.close();
    }
}
