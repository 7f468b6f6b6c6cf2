package dev.tauon.nn.optim;

import dev.tauon.core.Tensor;
import dev.tauon.nn.Module;

import java.util.Map;

/**
 * Stochastic gradient descent with optional momentum, Nesterov momentum and weight decay, with
 * PyTorch's formulas (for a constant learning rate Keras' momentum gives the same iterates):
 * <pre>
 *   g = grad + weightDecay * p                  (L2 weight decay, coupled to the gradient)
 *   buf = momentum * buf + g                    (buf starts at zero)
 *   p -= lr * (nesterov ? g + momentum * buf : buf)     (with momentum 0: p -= lr * g)
 * </pre>
 */
public final class SGD extends Optimizer {
    private float momentum;
    private boolean nesterov;
    private float weightDecay;

    public SGD(Module model, float learningRate) {
        super(model, learningRate);
    }

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

    /** L2 weight decay added to the gradient (default 0). Returns this. */
    public SGD weightDecay(float wd) {
        weightDecay = nonNegative("weight decay", wd);
        return this;
    }

    @Override
    protected void update(String name, float[] p, float[] g, long step) {
        if (nesterov && momentum == 0) {
            throw new IllegalStateException("SGD: Nesterov momentum needs momentum > 0");
        }
        float lr = learningRate();
        float[] buf = momentum == 0 ? null : buffer("momentum", name, p.length);
        for (int i = 0; i < p.length; i++) {
            float gi = g[i] + weightDecay * p[i];
            if (buf != null) {
                buf[i] = momentum * buf[i] + gi;
                gi = nesterov ? gi + momentum * buf[i] : buf[i];
            }
            p[i] -= lr * gi;
        }
    }
}
