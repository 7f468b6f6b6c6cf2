package dev.tauon.core;

import static dev.tauon.core.Checks.assertRejects;
import static dev.tauon.core.Checks.assertValues;
import static dev.tauon.core.Checks.gradCheck;
import static dev.tauon.core.Checks.param;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class ElementwiseOpsTest {
    private final Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);

    @Test
    void arithmeticSameShape() {
        Tensor b = Tensor.of(new float[] {6, 5, 4, 3, 2, 1}, 2, 3);
        assertValues(a.add(b), new int[] {2, 3}, 7, 7, 7, 7, 7, 7);
        assertValues(a.sub(b), new int[] {2, 3}, -5, -3, -1, 1, 3, 5);
        assertValues(a.mul(b), new int[] {2, 3}, 6, 10, 12, 12, 10, 6);
        assertValues(a.div(b), new int[] {2, 3}, 1 / 6f, 2 / 5f, 3 / 4f, 4 / 3f, 5 / 2f, 6f);
    }

    @Test
    void broadcastingRowColumnAndScalarTensor() {
        Tensor row = Tensor.of(new float[] {10, 20, 30}, 3);
        assertValues(a.add(row), new int[] {2, 3}, 11, 22, 33, 14, 25, 36);
        Tensor col = Tensor.of(new float[] {1, 2}, 2, 1);
        assertValues(a.mul(col), new int[] {2, 3}, 1, 2, 3, 8, 10, 12);
        assertValues(col.sub(row), new int[] {2, 3}, -9, -19, -29, -8, -18, -28);
        assertValues(a.div(Tensor.scalar(2f)), new int[] {2, 3}, .5f, 1, 1.5f, 2, 2.5f, 3);
        Tensor x = Tensor.arange(4).reshape(4, 1, 1);
        Tensor y = Tensor.arange(3).reshape(1, 3, 1);
        Tensor z = x.add(y).add(Tensor.arange(2));
        assertValues(z.sum(0, false).sum(0, false), new int[] {2}, 30, 42);
    }

    @Test
    void scalarArithmetic() {
        assertValues(a.add(1f), new int[] {2, 3}, 2, 3, 4, 5, 6, 7);
        assertValues(a.sub(1f), new int[] {2, 3}, 0, 1, 2, 3, 4, 5);
        assertValues(a.mul(-2f), new int[] {2, 3}, -2, -4, -6, -8, -10, -12);
        assertValues(a.div(4f), new int[] {2, 3}, .25f, .5f, .75f, 1, 1.25f, 1.5f);
        assertValues(a.neg(), new int[] {2, 3}, -1, -2, -3, -4, -5, -6);
    }

    @Test
    void unaryFunctions() {
        Tensor x = Tensor.of(new float[] {-2, 0, 1.5f}, 3);
        assertValues(x.relu(), new int[] {3}, 0, 0, 1.5f);
        assertValues(x.exp(), new int[] {3}, (float) Math.exp(-2), 1, (float) Math.exp(1.5));
        assertValues(
                x.sigmoid(), new int[] {3}, (float) (1 / (1 + Math.exp(2))), .5f, (float) (1 / (1 + Math.exp(-1.5))));
        assertValues(x.tanh(), new int[] {3}, (float) Math.tanh(-2), 0, (float) Math.tanh(1.5));
        Tensor p = Tensor.of(new float[] {1, 4, 9}, 3);
        assertValues(p.sqrt(), new int[] {3}, 1, 2, 3);
        assertValues(p.log(), new int[] {3}, 0, (float) Math.log(4), (float) Math.log(9));
        assertValues(p.pow(1.5f), new int[] {3}, 1, 8, 27);
        // sigmoid stays finite far from zero
        assertValues(Tensor.of(new float[] {-1000, 1000}, 2).sigmoid(), new int[] {2}, 0, 1);
    }

    @Test
    void gradientsOfBinaryOpsWithBroadcasting() {
        Tensor x = param(1, 2, 3);
        Tensor row = param(2, 3);
        Tensor col = param(3, 2, 1);
        Tensor one = param(4, 1, 1);
        gradCheck(t -> t[0].add(t[1]), x, row);
        gradCheck(t -> t[0].sub(t[1]), x, col);
        gradCheck(t -> t[0].mul(t[1]), col, row);
        gradCheck(t -> t[0].mul(t[1]), x, one);
        Tensor away = Tensor.uniform(new Generator(5), 1f, 2f, 3).requiresGrad(true);
        gradCheck(t -> t[0].div(t[1]), x, away);
        gradCheck(t -> t[1].div(t[0]), away, col);
    }

    @Test
    void gradientsOfUnaryOps() {
        Tensor x = param(6, 1, 4);
        gradCheck(t -> t[0].add(3f).mul(-2f).sub(1f).div(3f).neg(), x);
        gradCheck(t -> t[0].exp(), x);
        gradCheck(t -> t[0].sigmoid(), x);
        gradCheck(t -> t[0].tanh(), x);
        gradCheck(
                t -> t[0].relu(),
                Tensor.of(new float[] {-0.7f, -0.2f, 0.3f, 0.9f}, 4).requiresGrad(true));
        Tensor pos = Tensor.uniform(new Generator(7), 0.5f, 2f, 5).requiresGrad(true);
        gradCheck(t -> t[0].log(), pos);
        gradCheck(t -> t[0].sqrt(), pos);
        gradCheck(t -> t[0].pow(3f), pos);
        gradCheck(t -> t[0].pow(-0.5f), pos);
    }

    /**
     * Unary ops run on the kernel threads over arrays this large; element by element, so one and two
     * threads give the same bits, forward and backward.
     */
    @Test
    void unaryOpsGiveTheSameBitsOnOneAndTwoThreads() {
        List<UnaryOperator<Tensor>> ops =
                List.of(Tensor::gelu, Tensor::exp, Tensor::tanh, Tensor::silu, t -> t.pow(3f));
        int before = Kernels.threads();
        try {
            for (int k = 0; k < ops.size(); k++) {
                float[][] results = new float[2][];
                float[][] grads = new float[2][];
                for (int threads = 1; threads <= 2; threads++) {
                    Kernels.setThreads(threads);
                    Tensor x = param(30 + k, 50_000);
                    Tensor y = ops.get(k).apply(x);
                    y.mul(Tensor.uniform(new Generator(40), -1, 1, 50_000))
                            .sum()
                            .backward();
                    results[threads - 1] = y.toArray();
                    grads[threads - 1] = x.grad().toArray();
                }
                assertArrayEquals(results[0], results[1], "op " + k + " forward");
                assertArrayEquals(grads[0], grads[1], "op " + k + " gradient");
            }
        } finally {
            Kernels.setThreads(before);
        }
    }

    @Test
    void powerZeroHasAZeroGradientEvenAtZero() {
        Tensor x = Tensor.of(new float[] {0f, -0f, 2f, -3f}, 4).requiresGrad(true);
        Tensor y = x.pow(0f);
        assertValues(y, new int[] {4}, 1, 1, 1, 1);
        y.sum().backward();
        assertValues(x.grad(), new int[] {4}, 0, 0, 0, 0);
    }

    @Test
    void incompatibleShapesNameTheOpAndShapes() {
        assertRejects(() -> a.add(Tensor.zeros(2)), "add", "[2, 3]", "[2]");
        assertRejects(() -> a.mul(Tensor.zeros(3, 3)), "mul", "[2, 3]", "[3, 3]");
        assertRejects(() -> a.sub(Tensor.zeros(4)), "sub");
        assertRejects(() -> a.div(Tensor.zeros(2, 2)), "div");
    }
}
