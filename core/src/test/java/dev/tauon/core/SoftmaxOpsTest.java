package dev.tauon.core;

import static dev.tauon.core.Checks.assertRejects;
import static dev.tauon.core.Checks.assertValues;
import static dev.tauon.core.Checks.gradCheck;
import static dev.tauon.core.Checks.param;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SoftmaxOpsTest {

    @Test
    void softmaxAndLogSoftmaxValues() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 0, 0, 0}, 2, 3);
        double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
        assertValues(
                x.softmax(1),
                new int[] {2, 3},
                (float) (Math.exp(1) / z),
                (float) (Math.exp(2) / z),
                (float) (Math.exp(3) / z),
                1 / 3f,
                1 / 3f,
                1 / 3f);
        assertValues(
                x.logSoftmax(-1),
                new int[] {2, 3},
                (float) (1 - Math.log(z)),
                (float) (2 - Math.log(z)),
                (float) (3 - Math.log(z)),
                (float) -Math.log(3),
                (float) -Math.log(3),
                (float) -Math.log(3));
        // along the first axis: columns [1, 0], [2, 0], [3, 0]
        double e1 = Math.exp(1);
        assertValues(x.softmax(0).sum(0, false), new int[] {3}, 1, 1, 1);
        assertEquals((float) (e1 / (e1 + 1)), x.softmax(0).get(0, 0), 1e-6f);
    }

    @Test
    void largeLogitsStayFinite() {
        Tensor x = Tensor.of(new float[] {1000, 0, -1000}, 1, 3);
        assertValues(x.softmax(1), new int[] {1, 3}, 1, 0, 0);
        assertValues(x.logSoftmax(1), new int[] {1, 3}, 0, -1000, -2000);
        assertValues(x.crossEntropy(new int[] {1}), new int[0], 1000);
    }

    @Test
    void crossEntropyWithLabelsAndTargets() {
        Tensor logits = Tensor.of(new float[] {0, 0, 1, 2, 3, 4}, 2, 3);
        double z = Math.exp(2) + Math.exp(3) + Math.exp(4);
        float expected = (float) (((Math.log(2 + Math.E) - 1) + (Math.log(z) - 3)) / 2);
        assertValues(logits.crossEntropy(new int[] {2, 1}), new int[0], expected);
        Tensor oneHot = Tensor.of(new float[] {0, 0, 1, 0, 1, 0}, 2, 3);
        assertValues(logits.crossEntropy(oneHot), new int[0], expected);
    }

    @Test
    void gradients() {
        Tensor x = param(1, 3, 4);
        gradCheck(t -> t[0].softmax(1), x);
        gradCheck(t -> t[0].softmax(0), x);
        gradCheck(t -> t[0].logSoftmax(-1), x);
        gradCheck(t -> t[0].logSoftmax(1), param(2, 2, 3, 2));
        gradCheck(t -> t[0].crossEntropy(new int[] {3, 0, 1}), x);
        gradCheck(t -> t[0].crossEntropy(new int[] {0}), param(3, 1, 1));
        Tensor soft = Tensor.uniform(new Generator(4), 0f, 1f, 3, 4).requiresGrad(true);
        gradCheck(t -> t[0].crossEntropy(t[1]), x, soft);
    }

    @Test
    void badInputsAreNamed() {
        Tensor logits = Tensor.zeros(2, 3);
        assertRejects(() -> logits.crossEntropy(new int[] {0, 3}), "crossEntropy", "label 3", "row 1", "[2, 3]");
        assertRejects(() -> logits.crossEntropy(new int[] {0}), "crossEntropy", "[2, 3]", "1 labels");
        assertRejects(() -> Tensor.zeros(2).crossEntropy(new int[] {0, 0}), "crossEntropy", "[2]");
        assertRejects(() -> logits.crossEntropy(Tensor.zeros(2, 2)), "crossEntropy", "[2, 3]", "[2, 2]");
        assertRejects(() -> logits.softmax(2), "softmax", "axis 2");
    }
}
