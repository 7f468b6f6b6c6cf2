package dev.tauon.nn.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Batch;
import dev.tauon.core.Generator;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Activation;
import dev.tauon.nn.Functional;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.layers.Dense;
import dev.tauon.nn.layers.Softmax;
import dev.tauon.nn.optim.SGD;
import dev.tauon.nn.train.FitOptions;
import dev.tauon.nn.train.Trainer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A model ending in softmax, trained with cross-entropy, gets softmax once and stays finite. */
class SoftmaxOutputTest {

    /** Weights scaled so the logits are in the hundreds: softmax then log would give log(0). */
    private static Sequential scaled(Sequential model) {
        model.build(new Generator(5), 4);
        for (Tensor p : model.parameters().values()) {
            float[] d = p.data();
            for (int i = 0; i < d.length; i++) {
                d[i] *= 300;
            }
        }
        return model;
    }

    private static void checkLossIsFromLogits(Sequential model) {
        Tensor x = Tensor.uniform(new Generator(6), -1f, 1f, 8, 4);
        int[] labels = {0, 1, 2, 0, 1, 2, 0, 1};
        Batch batch = Batch.ofLabels(x, labels);
        Tensor logits = model.forwardLogits(x);
        double expected = Functional.crossEntropy(logits, labels).item();
        Trainer trainer = new Trainer(model, Loss.crossEntropy(), new SGD(model, 1e-4f));
        double measured = trainer.evaluate(List.of(batch)).loss();
        assertEquals(expected, measured, 1e-4 * Math.abs(expected));
        assertTrue(
                Double.isFinite(measured) && measured > 10, "large logits give a large but finite loss: " + measured);
        double doubleSoftmax = Functional.crossEntropy(model.forward(x), labels).item();
        assertTrue(Math.abs(doubleSoftmax - measured) > 1, "softmax applied twice would give " + doubleSoftmax);

        trainer.fit(List.of(batch), 1, new FitOptions().progress(false));
        for (Tensor p : model.parameters().values()) {
            for (float v : p.data()) {
                assertTrue(Float.isFinite(v));
            }
        }
        Tensor probabilities = trainer.predict(x);
        assertEquals(1.0, probabilities.sum(1, false).toArray()[0], 1e-5, "predict returns probabilities");
    }

    @Test
    void softmaxLayerAtTheEnd() {
        checkLossIsFromLogits(scaled(new Sequential(new Dense(3), new Softmax())));
    }

    @Test
    void softmaxActivationOfTheLastDense() {
        checkLossIsFromLogits(scaled(new Sequential(new Dense(3, Activation.SOFTMAX))));
    }

    @Test
    void oneHotTargetsGiveTheSameLossAsLabels() {
        Tensor logits = Tensor.of(new float[] {2, -1, 0.5f, 0, 3, 1}, 2, 3);
        Tensor oneHot = Tensor.of(new float[] {0, 0, 1, 0, 1, 0}, 2, 3);
        double fromLabels = Loss.crossEntropy()
                .compute(logits, Batch.ofLabels(Tensor.zeros(2, 1), new int[] {2, 1}))
                .item();
        double fromTargets = Loss.crossEntropy()
                .compute(logits, Batch.ofTargets(Tensor.zeros(2, 1), oneHot))
                .item();
        assertEquals(fromLabels, fromTargets, 1e-6);
        // by hand: row 0: logsumexp(2, -1, 0.5) - 0.5; row 1: logsumexp(0, 3, 1) - 3
        double row0 = Math.log(Math.exp(2) + Math.exp(-1) + Math.exp(0.5)) - 0.5;
        double row1 = Math.log(Math.exp(0) + Math.exp(3) + Math.exp(1)) - 3;
        assertEquals((row0 + row1) / 2, fromLabels, 1e-6);
    }

    @Test
    void meanSquaredError() {
        Tensor out = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        Tensor target = Tensor.of(new float[] {1, 0, 3, 1}, 2, 2);
        assertEquals(
                (0 + 4 + 0 + 9) / 4.0,
                Loss.meanSquaredError()
                        .compute(out, Batch.ofTargets(out, target))
                        .item(),
                1e-6);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class,
                () -> Loss.meanSquaredError().compute(out, Batch.ofLabels(out, new int[] {0, 1})));
        assertTrue(e.getMessage().startsWith("MeanSquaredError: the batch has labels but no target tensor"));
    }
}
