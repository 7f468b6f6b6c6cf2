package dev.tauon.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The reference article's worked example: a 2-3-1 network with sigmoid units and squared-error
 * loss. One forward and backward pass must match the gradients derived by hand (backpropagation
 * written out in double precision, independently of the autograd code).
 */
class WorkedExampleTest {

    @Test
    void oneStepMatchesTheClosedFormGradients() {
        double[] x = {0.35, 0.9};
        double target = 0.5;
        double[][] w1 = {{0.1, 0.8}, {0.4, 0.6}, {0.3, 0.2}}; // [hidden, input]
        double[] b1 = {0.05, -0.1, 0.2};
        double[] w2 = {0.3, 0.9, -0.4};
        double b2 = 0.1;

        // by hand: h = s(W1 x + b1), y = s(w2.h + b2), L = (y - t)^2 / 2
        double[] h = new double[3];
        for (int j = 0; j < 3; j++) {
            h[j] = sigmoid(w1[j][0] * x[0] + w1[j][1] * x[1] + b1[j]);
        }
        double y = sigmoid(w2[0] * h[0] + w2[1] * h[1] + w2[2] * h[2] + b2);
        double loss = 0.5 * (y - target) * (y - target);
        double delta2 = (y - target) * y * (1 - y);
        double[] delta1 = new double[3];
        for (int j = 0; j < 3; j++) {
            delta1[j] = delta2 * w2[j] * h[j] * (1 - h[j]);
        }

        // the same network with tensors: row-vector convention, x [1,2] @ W1^T [2,3]
        Tensor tx = Tensor.of(new float[] {0.35f, 0.9f}, 1, 2);
        Tensor tw1 = Tensor.of(new float[] {0.1f, 0.4f, 0.3f, 0.8f, 0.6f, 0.2f}, 2, 3)
                .requiresGrad(true);
        Tensor tb1 = Tensor.of(new float[] {0.05f, -0.1f, 0.2f}, 3).requiresGrad(true);
        Tensor tw2 = Tensor.of(new float[] {0.3f, 0.9f, -0.4f}, 3, 1).requiresGrad(true);
        Tensor tb2 = Tensor.of(new float[] {0.1f}, 1).requiresGrad(true);
        Tensor hidden = tx.matmul(tw1).add(tb1).sigmoid();
        Tensor out = hidden.matmul(tw2).add(tb2).sigmoid();
        Tensor tloss = out.sub(Tensor.scalar((float) target)).pow(2f).mul(0.5f).sum();
        tloss.backward();

        assertEquals(loss, tloss.item(), 1e-6);
        assertEquals(y, out.item(), 1e-6);
        assertEquals(delta2, tb2.grad().item(), 1e-6);
        for (int j = 0; j < 3; j++) {
            assertEquals(delta2 * h[j], tw2.grad().get(j, 0), 1e-6, "dL/dw2[" + j + "]");
            assertEquals(delta1[j], tb1.grad().get(j), 1e-6, "dL/db1[" + j + "]");
            for (int i = 0; i < 2; i++) {
                assertEquals(delta1[j] * x[i], tw1.grad().get(i, j), 1e-6, "dL/dw1[" + j + "][" + i + "]");
            }
        }
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }
}
