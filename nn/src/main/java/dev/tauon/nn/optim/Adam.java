package dev.tauon.nn.optim;

import dev.tauon.core.Tensor;
import dev.tauon.nn.Module;
import java.util.Map;

/**
 * Adam with Keras' defaults (learning rate 1e-3, beta1 0.9, beta2 0.999, epsilon 1e-7) and Keras'
 * formula, which folds the bias corrections into the step size and adds epsilon to the
 * uncorrected {@code sqrt(v)} (the "epsilon hat" form of the paper's section 2). At step t:
 * <pre>
 *   alpha = lr * sqrt(1 - beta2^t) / (1 - beta1^t)       (in double, then rounded to float)
 *   p -= p * weightDecay * lr                            (only with decoupled weight decay: AdamW)
 *   m += (g - m) * (1 - beta1)
 *   v += (g*g - v) * (1 - beta2)
 *   p -= alpha * m / (sqrt(v) + epsilon)
 * </pre>
 * PyTorch instead divides by {@code sqrt(v / (1 - beta2^t)) + epsilon}; the two differ only
 * through epsilon. The weight decay is PyTorch's AdamW decay ({@code p *= 1 - lr * weightDecay}).
 * {@code lr} and {@code weightDecay} are each parameter's, from its {@link ParameterGroup} if one
 * selects it.
 */
public final class Adam extends Optimizer {
    private float beta1 = 0.9f;
    private float beta2 = 0.999f;
    private float epsilon = 1e-7f;

    /** Adam with learning rate 1e-3. */
    public Adam(Module model) {
        this(model, 1e-3f);
    }

    /** Adam over every parameter of {@code model}, at {@code learningRate}. */
    public Adam(Module model, float learningRate) {
        super(model, learningRate);
    }

    /** Adam over the named {@code parameters}, at {@code learningRate}. */
    public Adam(Map<String, Tensor> parameters, float learningRate) {
        super(parameters, learningRate);
    }

    /** Sets the moment decay rates (defaults 0.9 and 0.999). Returns this. */
    public Adam betas(float b1, float b2) {
        float checked1 = fraction("beta1", b1);
        beta2 = fraction("beta2", b2);
        beta1 = checked1;
        return this;
    }

    /** Sets epsilon (default 1e-7, Keras'; PyTorch uses 1e-8). Returns this. */
    public Adam epsilon(float eps) {
        if (!(eps > 0)) {
            throw new IllegalArgumentException("Adam: epsilon must be positive, got " + eps);
        }
        epsilon = eps;
        return this;
    }

    /** Decoupled weight decay (AdamW), applied as {@code p -= p * wd * lr} before each update (default 0). Returns this. */
    public Adam weightDecay(float wd) {
        setWeightDecay(wd);
        return this;
    }

    @Override
    public Adam group(ParameterGroup group) {
        super.group(group);
        return this;
    }

    @Override
    protected void update(String name, float[] p, float[] g, long step, float lr, float weightDecay) {
        float alpha = (float) (lr * Math.sqrt(1 - Math.pow(beta2, step)) / (1 - Math.pow(beta1, step)));
        float decay = weightDecay * lr;
        float c1 = 1 - beta1;
        float c2 = 1 - beta2;
        float[] m = buffer("m", name, p.length);
        float[] v = buffer("v", name, p.length);
        for (int i = 0; i < p.length; i++) {
            if (decay != 0) {
                p[i] -= p[i] * decay;
            }
            float gi = g[i];
            m[i] += (gi - m[i]) * c1;
            v[i] += (gi * gi - v[i]) * c2;
            p[i] -= alpha * m[i] / ((float) Math.sqrt(v[i]) + epsilon);
        }
    }
}
