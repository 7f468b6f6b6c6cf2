package dev.tauon.examples;

import dev.tauon.core.Tensor;

/**
 * The reference article's worked example: a 2-3-1 network with sigmoid units and squared-error
 * loss, fixed weights, one input. It prints the forward pass, the gradients backpropagation gives,
 * and the prediction after a few gradient-descent steps, so each number can be followed by hand.
 */
public final class WorkedNetwork {
    private WorkedNetwork() {}

    /** Weights and input of the example; W1 is [input, hidden] for the row-vector convention x @ W1. */
    static final float[] X = {0.35f, 0.9f};

    static final float[] W1 = {0.1f, 0.4f, 0.3f, 0.8f, 0.6f, 0.2f};
    static final float[] B1 = {0.05f, -0.1f, 0.2f};
    static final float[] W2 = {0.3f, 0.9f, -0.4f};
    static final float[] B2 = {0.1f};
    static final float TARGET = 0.5f;

    public static void main(String[] args) {
        float[] losses = train(20, 1.0f, true);
        System.out.printf(
                "loss after %d steps: %.6f (from %.6f)%n", losses.length - 1, losses[losses.length - 1], losses[0]);
    }

    /** Runs {@code steps} steps of plain gradient descent; returns the loss before each step and after the last. */
    static float[] train(int steps, float learningRate, boolean print) {
        Tensor x = Tensor.of(X, 1, 2);
        Tensor w1 = Tensor.of(W1, 2, 3).requiresGrad(true);
        Tensor b1 = Tensor.of(B1, 3).requiresGrad(true);
        Tensor w2 = Tensor.of(W2, 3, 1).requiresGrad(true);
        Tensor b2 = Tensor.of(B2, 1).requiresGrad(true);
        Tensor[] params = {w1, b1, w2, b2};
        float[] losses = new float[steps + 1];
        for (int step = 0; step <= steps; step++) {
            Tensor hidden = x.matmul(w1).add(b1).sigmoid();
            Tensor out = hidden.matmul(w2).add(b2).sigmoid();
            Tensor loss = out.sub(TARGET).pow(2).mul(0.5f).sum();
            losses[step] = loss.item();
            if (step == steps) {
                if (print) {
                    System.out.printf("prediction after %d steps: %.6f (target %.2f)%n", steps, out.item(), TARGET);
                }
                break;
            }
            for (Tensor p : params) {
                p.zeroGrad();
            }
            loss.backward();
            if (step == 0 && print) {
                System.out.println("hidden  = " + hidden);
                System.out.println("output  = " + out);
                System.out.println("loss    = " + loss.item());
                System.out.println("dL/dW1  = " + w1.grad());
                System.out.println("dL/db1  = " + b1.grad());
                System.out.println("dL/dW2  = " + w2.grad());
                System.out.println("dL/db2  = " + b2.grad());
            }
            for (Tensor p : params) {
                float[] d = p.data();
                float[] g = p.grad().data();
                for (int i = 0; i < d.length; i++) {
                    d[i] -= learningRate * g[i];
                }
            }
        }
        return losses;
    }
}
