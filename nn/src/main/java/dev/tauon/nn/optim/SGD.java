package dev.tauon.nn.optim;

import dev.tauon.core.Tensor;
import dev.tauon.nn.Module;
import java.util.Map;

/**
 * Stochastic gradient descent with optional momentum, Nesterov momentum and weight decay, with
 * PyTorch's formulas (for a constant learning rate Keras' momentum gives the same iterates). With
 * L2 weight decay ({@link #weightDecay}, PyTorch's {@code weight_decay}) the decay joins the
 * gradient and so the momentum; with decoupled weight decay ({@link #decoupledWeightDecay}, the
 * form AdamW applies) it shrinks the weights directly:
 * <pre>
 *   p -= p * (lr * weightDecay)                 (decoupled only)
 *   g = grad + weightDecay * p                  (L2 only)
 *   buf = momentum * buf + g                    (buf starts at zero)
 *   p -= lr * (nesterov ? g + momentum * buf : buf)     (with momentum 0: p -= lr * g)
 * </pre>
 * {@code lr} and {@code weightDecay} are each parameter's, from its {@link ParameterGroup} if one
 * selects it.
 */
public final class SGD extends Optimizer {
    private float momentum;
    private boolean nesterov;
    private boolean decoupled;

    /** Plain SGD over every parameter of {@code model}, at {@code learningRate}. */
    public SGD(Module model, float learningRate) {
        super(model, learningRate);
    }

    /** Plain SGD over the named {@code parameters}, at {@code learningRate}. */
    public SGD(Map<String, Tensor> parameters, float learningRate) {
        super(parameters, learningRate);
    }

    /** Momentum in [0, 1) (default 0). Returns this. */
    public SGD momentum(float m) {
        momentum = fraction("momentum", m);
        return this;
    }

    /** Nesterov momentum (needs a momentum above 0). Returns this. */
    public SGD nesterov(boolean on) {
        nesterov = on;
        return this;
    }

    /** L2 weight decay, added to the gradient (default 0): PyTorch's {@code weight_decay}. Returns this. */
    public SGD weightDecay(float wd) {
        setWeightDecay(wd);
        decoupled = false;
        return this;
    }

    /**
     * Decoupled weight decay: each step first multiplies the weights by {@code 1 - lr * wd}, apart
     * from the gradient and the momentum, as AdamW does. Replaces any L2 weight decay; groups'
     * weight decays take this form too. Returns this.
     */
    public SGD decoupledWeightDecay(float wd) {
        setWeightDecay(wd);
        decoupled = true;
        return this;
    }

    /** Whether weight decay is decoupled ({@link #decoupledWeightDecay}) rather than L2. */
    public boolean decoupled() {
        return decoupled;
    }

    @Override
    public SGD group(ParameterGroup group) {
        super.group(group);
        return this;
    }

    @Override
    protected void update(String name, float[] p, float[] g, long step, float lr, float weightDecay) {
        if (nesterov && momentum == 0) {
            throw new IllegalStateException("SGD: Nesterov momentum needs momentum > 0");
        }
        float l2 = decoupled ? 0f : weightDecay;
        float shrink = decoupled ? lr * weightDecay : 0f;
        float[] buf = momentum == 0 ? null : buffer("momentum", name, p.length);
        for (int i = 0; i < p.length; i++) {
            if (shrink != 0) {
                p[i] -= p[i] * shrink;
            }
            float gi = g[i] + l2 * p[i];
            if (buf != null) {
                buf[i] = momentum * buf[i] + gi;
                gi = nesterov ? gi + momentum * buf[i] : buf[i];
            }
            p[i] -= lr * gi;
        }
    }
}
