package dev.tauon.nn.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Batch;
import dev.tauon.core.Generator;
import dev.tauon.core.Tensor;
import org.junit.jupiter.api.Test;

class LabelSmoothingTest {
    private static final int[] LABELS = {2, 0, 1, 2};

    /** log-softmax of row {@code i}, in double. */
    private static double[] logSoftmax(float[] z, int i, int classes) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < classes; k++) {
            max = Math.max(max, z[i * classes + k]);
        }
        double sum = 0;
        for (int k = 0; k < classes; k++) {
            sum += Math.exp(z[i * classes + k] - max);
        }
        double[] out = new double[classes];
        for (int k = 0; k < classes; k++) {
            out[k] = z[i * classes + k] - max - Math.log(sum);
        }
        return out;
    }

    @Test
    void lossIsTheCrossEntropyWithTargetsMovedTowardsUniform() {
        Tensor logits = Tensor.uniform(new Generator(3), -4f, 4f, 4, 3);
        float e = 0.1f;
        double expected = 0;
        for (int i = 0; i < 4; i++) {
            double[] logp = logSoftmax(logits.data(), i, 3);
            for (int k = 0; k < 3; k++) {
                double target = (k == LABELS[i] ? 1 - e : 0) + e / 3;
                expected -= target * logp[k];
            }
        }
        expected /= 4;
        double fromLabels = Loss.crossEntropy(e)
                .compute(logits, Batch.ofLabels(logits, LABELS))
                .item();
        assertEquals(expected, fromLabels, 1e-5);

        float[] oneHot = new float[12];
        for (int i = 0; i < 4; i++) {
            oneHot[i * 3 + LABELS[i]] = 1f;
        }
        double fromTargets = Loss.crossEntropy(e)
                .compute(logits, Batch.ofTargets(logits, Tensor.of(oneHot, 4, 3)))
                .item();
        assertEquals(fromLabels, fromTargets, 1e-6);
        double plain = Loss.crossEntropy()
                .compute(logits, Batch.ofLabels(logits, LABELS))
                .item();
        assertTrue(Math.abs(plain - fromLabels) > 1e-3, "smoothing changes the loss: " + plain + " vs " + fromLabels);
        assertEquals(
                plain,
                Loss.crossEntropy(0f)
                        .compute(logits, Batch.ofLabels(logits, LABELS))
                        .item(),
                0.0);
    }

    @Test
    void gradientPullsTheRightClassTowardsOneMinusEpsilonNotOne() {
        // the gradient of the mean loss with respect to the logits is (softmax - target) / N
        Tensor logits = Tensor.uniform(new Generator(4), -2f, 2f, 4, 3).requiresGrad(true);
        Loss.crossEntropy(0.2f).compute(logits, Batch.ofLabels(logits, LABELS)).backward();
        float[] g = logits.grad().data();
        for (int i = 0; i < 4; i++) {
            double[] logp = logSoftmax(logits.data(), i, 3);
            for (int k = 0; k < 3; k++) {
                double target = (k == LABELS[i] ? 0.8 : 0) + 0.2 / 3;
                assertEquals((Math.exp(logp[k]) - target) / 4, g[i * 3 + k], 1e-6, "row " + i + ", class " + k);
            }
        }
    }

    @Test
    void badSmoothingAndLabelsAreRefusedWithTheirValues() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Loss.crossEntropy(1f))
                .getMessage()
                .contains("1.0"));
        assertThrows(IllegalArgumentException.class, () -> Loss.crossEntropy(-0.1f));
        Tensor logits = Tensor.zeros(2, 3);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Loss.crossEntropy(0.1f).compute(logits, Batch.ofLabels(logits, new int[] {0, 3})));
        assertTrue(e.getMessage().contains("label 3 at row 1"), e.getMessage());
    }
}
