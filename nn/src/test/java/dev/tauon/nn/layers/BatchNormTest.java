package dev.tauon.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Batch;
import dev.tauon.core.Generator;
import dev.tauon.core.GradCheck;
import dev.tauon.core.NoGrad;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.losses.Loss;
import dev.tauon.nn.optim.SGD;
import dev.tauon.nn.train.FitOptions;
import dev.tauon.nn.train.Trainer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** BatchNorm1D and BatchNorm2D: gradients in training mode, running statistics by hand, modes, options, errors. */
class BatchNormTest {

    /**
     * Checks the gradient of a training-mode forward with respect to the input and every parameter
     * that requires grad, with the scale and shift set to values other than 1 and 0 so they matter.
     */
    private static void checkGradients(BatchNorm bn, int... batchShape) {
        int[] example = Arrays.copyOfRange(batchShape, 1, batchShape.length);
        bn.build(example);
        Generator g = new Generator(17);
        List<Tensor> inputs = new ArrayList<>();
        inputs.add(Tensor.uniform(g, -2f, 2f, batchShape).requiresGrad(true));
        for (Tensor p : bn.parameters().values()) {
            System.arraycopy(Tensor.uniform(g, 0.5f, 1.5f, p.shape()).data(), 0, p.data(), 0, p.size());
            inputs.add(p);
        }
        assertTrue(bn.isTraining());
        GradCheck.Result r =
                GradCheck.compare(in -> bn.forward(in[0]), 1e-3, 1e-2, 1e-2, inputs.toArray(new Tensor[0]));
        assertTrue(r.passed(), bn.name() + " on " + Arrays.toString(batchShape) + ": " + r.where());
    }

    @Test
    void gradientsInTrainingModeIncludingBatchOneAndSizeOneImages() {
        checkGradients(new BatchNorm2D(), 2, 3, 1, 1); // two values per channel, the fewest allowed
        checkGradients(new BatchNorm2D(), 1, 2, 3, 4); // a batch of one: statistics over the pixels
        checkGradients(new BatchNorm2D(), 3, 2, 2, 2);
        checkGradients(new BatchNorm2D(), 2, 1, 1, 3); // one channel, one row
        checkGradients(new BatchNorm1D(), 4, 3);
        checkGradients(new BatchNorm1D(), 2, 1);
        checkGradients(new BatchNorm1D(), 2, 2, 3);
        checkGradients(new BatchNorm1D(), 1, 2, 3);
        checkGradients(new BatchNorm2D().scale(false), 2, 2, 2, 2);
        checkGradients(new BatchNorm2D().shift(false), 2, 2, 2, 2);
        checkGradients(new BatchNorm2D().scale(false).shift(false), 2, 2, 2, 2);
        checkGradients(new BatchNorm2D().freezeScale().epsilon(1e-3f), 2, 2, 2, 2);
    }

    /** The training-mode output and running statistics of channel {@code c} of {@code x}, computed in double. */
    private record Reference(double mean, double biasedVariance, double unbiasedVariance) {
        static Reference of(float[] values) {
            double mean = 0;
            for (float v : values) {
                mean += v;
            }
            mean /= values.length;
            double ss = 0;
            for (float v : values) {
                ss += (v - mean) * (v - mean);
            }
            return new Reference(mean, ss / values.length, ss / (values.length - 1));
        }
    }

    /** The values of channel {@code c} of an NCHW (or NC, NCL) tensor. */
    private static float[] channel(Tensor x, int c) {
        int n = x.dim(0);
        int channels = x.dim(1);
        int inner = x.size() / (n * channels);
        float[] out = new float[n * inner];
        for (int i = 0; i < n; i++) {
            System.arraycopy(x.data(), (i * channels + c) * inner, out, i * inner, inner);
        }
        return out;
    }

    @Test
    void runningStatisticsFollowPyTorchsFormulaOverThreeSteps() {
        float momentum = 0.3f;
        BatchNorm2D bn = (BatchNorm2D) new BatchNorm2D().momentum(momentum);
        bn.build(2, 1, 3);
        double[] mean = {0, 0};
        double[] var = {1, 1};
        Generator g = new Generator(4);
        for (int step = 1; step <= 3; step++) {
            Tensor x = Tensor.uniform(g, -1f + step, 2f * step, 2, 2, 1, 3);
            Tensor y = bn.forward(x);
            for (int c = 0; c < 2; c++) {
                Reference r = Reference.of(channel(x, c));
                mean[c] = (1 - momentum) * mean[c] + momentum * r.mean();
                var[c] = (1 - momentum) * var[c] + momentum * r.unbiasedVariance();
                float[] xc = channel(x, c);
                float[] yc = channel(y, c);
                for (int i = 0; i < xc.length; i++) {
                    double expected = (xc[i] - r.mean()) / Math.sqrt(r.biasedVariance() + 1e-5);
                    assertEquals(expected, yc[i], 1e-5, "step " + step + " channel " + c + " output " + i);
                }
            }
            for (int c = 0; c < 2; c++) {
                assertEquals(
                        mean[c],
                        bn.runningMean().data()[c],
                        1e-6 * Math.max(1, Math.abs(mean[c])),
                        "step " + step + " running mean " + c);
                assertEquals(
                        var[c],
                        bn.runningVar().data()[c],
                        1e-6 * Math.max(1, var[c]),
                        "step " + step + " running variance " + c);
            }
        }
        assertTrue(var[0] != 1 && mean[1] > 1, "the statistics moved");
    }

    @Test
    void runningStatisticsOfFeaturesAndDefaultMomentum() {
        BatchNorm1D bn = new BatchNorm1D();
        Tensor x = Tensor.of(new float[] {1, 10, 2, 20, 3, 30, 6, 40}, 4, 2);
        bn.forward(x);
        // feature 0: mean 3, unbiased variance (4 + 1 + 0 + 9) / 3; feature 1: mean 25, (225 + 25 + 25 + 225) / 3
        assertArrayEquals(
                new float[] {0.9f * 0 + 0.1f * 3, 0.9f * 0 + 0.1f * 25},
                bn.runningMean().data(),
                1e-6f);
        assertArrayEquals(
                new float[] {0.9f + 0.1f * 14f / 3, 0.9f + 0.1f * 500f / 3},
                bn.runningVar().data(),
                1e-5f);
        assertEquals(BatchNorm.DEFAULT_MOMENTUM, bn.momentum());
        assertEquals(1e-5f, bn.epsilon());
    }

    @Test
    void evaluationUsesTheRunningStatisticsAndUpdatesNothing() {
        BatchNorm2D bn = new BatchNorm2D();
        Generator g = new Generator(8);
        for (int i = 0; i < 3; i++) {
            bn.forward(Tensor.uniform(g, 1f, 3f, 4, 2, 2, 2));
        }
        float[] gamma = {1.5f, -0.5f};
        float[] beta = {0.25f, 2f};
        System.arraycopy(gamma, 0, bn.weight().data(), 0, 2);
        System.arraycopy(beta, 0, bn.bias().data(), 0, 2);
        float[] mean = bn.runningMean().toArray();
        float[] var = bn.runningVar().toArray();

        bn.eval();
        Tensor x = Tensor.uniform(g, -1f, 1f, 1, 2, 1, 1); // one value per channel is fine in evaluation
        Tensor y = bn.forward(x);
        for (int c = 0; c < 2; c++) {
            double expected = (x.data()[c] - mean[c]) / Math.sqrt(var[c] + 1e-5) * gamma[c] + beta[c];
            assertEquals(expected, y.data()[c], 1e-5, "channel " + c);
        }
        assertArrayEquals(mean, bn.runningMean().data(), "no update in evaluation mode");
        assertArrayEquals(var, bn.runningVar().data());
        try (NoGrad ignored = NoGrad.enter()) {
            assertArrayEquals(y.data(), bn.forward(x).data(), "the same with no graph");
        }

        bn.train();
        Tensor batch = Tensor.uniform(g, -1f, 1f, 2, 2, 1, 1);
        Tensor trained = bn.forward(batch);
        assertFalse(Arrays.equals(mean, bn.runningMean().data()), "training mode updates again");
        // two values per channel normalise to -1 and +1 (up to epsilon), then scale and shift
        for (int c = 0; c < 2; c++) {
            assertEquals(Math.abs(gamma[c]), Math.abs(trained.data()[c] - beta[c]), 1e-3);
        }
    }

    @Test
    void runningStatisticsAlsoUpdateWithoutAGraphInTrainingMode() {
        BatchNorm1D bn = new BatchNorm1D();
        try (NoGrad ignored = NoGrad.enter()) {
            bn.forward(Tensor.of(new float[] {0, 2}, 2, 1));
        }
        assertArrayEquals(new float[] {0.1f}, bn.runningMean().data(), "as PyTorch under torch.no_grad()");
        assertNull(bn.runningMean().grad());
        assertFalse(bn.runningMean().requiresGrad());
    }

    @Test
    void oneValuePerChannelInTrainingIsRefused() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new BatchNorm2D().forward(Tensor.ones(1, 3, 1, 1)));
        assertEquals(
                "BatchNorm2D(3): expected more than 1 value per channel when training, got input [1, 3, 1, 1],"
                        + " whose batch variance is 0; train with a larger batch (or larger images), or call eval() to use the"
                        + " running statistics",
                e.getMessage());
        BatchNorm1D features = new BatchNorm1D();
        e = assertThrows(IllegalArgumentException.class, () -> features.forward(Tensor.ones(1, 4)));
        assertTrue(
                e.getMessage().startsWith("BatchNorm1D(4): expected more than 1 value per channel when training"),
                e.getMessage());
        assertArrayEquals(new float[] {0, 0, 0, 0}, features.runningMean().data(), "nothing updated");
        features.eval();
        assertArrayEquals(
                new float[] {0, 0, 0, 0}, features.forward(Tensor.zeros(1, 4)).data(), 1e-6f);
    }

    @Test
    void wrongRanksAndChannelCountsNameTheLayerAndShapes() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new Sequential(new BatchNorm2D()).build(16));
        assertEquals("BatchNorm2D: input [N, 16] must be [N, C, H, W]; for features use BatchNorm1D", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new BatchNorm1D().build(3, 4, 4));
        assertEquals(
                "BatchNorm1D: input [N, 3, 4, 4] must be [N, features] or [N, channels, length];"
                        + " for images use BatchNorm2D",
                e.getMessage());

        BatchNorm2D built = new BatchNorm2D();
        built.build(8, 4, 4);
        e = assertThrows(IllegalArgumentException.class, () -> built.forward(Tensor.ones(2, 3, 4, 4)));
        assertEquals("BatchNorm2D(8): input [2, 3, 4, 4] must be [N, 8, H, W]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> built.forward(Tensor.ones(2, 8)));
        assertEquals("BatchNorm2D(8): input [2, 8] must be [N, 8, H, W]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> built.outputShape(new int[] {3, 4, 4}));
        assertEquals("BatchNorm2D(8): input [N, 3, 4, 4] must be [N, 8, H, W]", e.getMessage());
        assertArrayEquals(
                new int[] {2, 8, 6, 5}, built.forward(Tensor.ones(2, 8, 6, 5)).shape(), "any image size");

        BatchNorm1D features = new BatchNorm1D();
        features.build(5);
        e = assertThrows(IllegalArgumentException.class, () -> features.forward(Tensor.ones(2, 5, 3)));
        assertEquals("BatchNorm1D(5): input [2, 5, 3] must be [N, 5]", e.getMessage());
        BatchNorm1D sequences = new BatchNorm1D();
        sequences.build(5, 3);
        e = assertThrows(IllegalArgumentException.class, () -> sequences.forward(Tensor.ones(2, 4, 3)));
        assertEquals("BatchNorm1D(5): input [2, 4, 3] must be [N, 5, L]", e.getMessage());
    }

    @Test
    void optionsAreCheckedAndNamed() {
        assertEquals(
                "BatchNorm2D(momentum 0.01, epsilon 0.001)",
                new BatchNorm2D().momentum(0.01f).epsilon(1e-3f).name());
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new BatchNorm1D().momentum(1.5f));
        assertEquals("BatchNorm1D: momentum must be in [0, 1], got 1.5", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new BatchNorm1D().epsilon(0f));
        assertEquals("BatchNorm1D: epsilon must be a finite number above 0, got 0.0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm1D().epsilon(Float.NaN));
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm1D().momentum(Float.NaN));

        BatchNorm2D built = new BatchNorm2D();
        built.build(2, 3, 3);
        IllegalStateException late = assertThrows(IllegalStateException.class, () -> built.scale(false));
        assertEquals("BatchNorm2D(2): scale must be set before the layer is built", late.getMessage());
    }

    @Test
    void scaleAndShiftCanBeTurnedOffOrFrozen() {
        BatchNorm2D none = (BatchNorm2D) new BatchNorm2D().scale(false).shift(false);
        none.build(3, 2, 2);
        assertEquals(
                List.of("running_mean", "running_var"),
                List.copyOf(none.stateDict().keySet()));
        assertTrue(none.parameters().isEmpty());
        assertEquals("BatchNorm2D(3, no scale, no shift)", none.name());

        BatchNorm2D frozen = (BatchNorm2D) new BatchNorm2D().freezeShift();
        frozen.build(3, 2, 2);
        assertEquals(
                List.of("weight", "bias", "running_mean", "running_var"),
                List.copyOf(frozen.stateDict().keySet()));
        assertFalse(frozen.bias().requiresGrad());
        assertTrue(frozen.weight().requiresGrad());
        frozen.forward(Tensor.uniform(new Generator(1), -1f, 1f, 2, 3, 2, 2))
                .sum()
                .backward();
        assertNotNull(frozen.weight().grad());
        assertNull(frozen.bias().grad(), "a frozen parameter gets no gradient");
        assertEquals("BatchNorm2D(3, frozen shift)", frozen.name());
        frozen.freezeScale();
        assertFalse(frozen.weight().requiresGrad(), "freezing after build freezes the built parameter");
        assertEquals("BatchNorm2D(3, frozen scale, frozen shift)", frozen.name());
    }

    @Test
    void buildsFromTheFirstBatchAndKeepsItsShapeInSequential() {
        Sequential model = new Sequential(
                new Conv2D(4, 3).padding(Padding.SAME),
                new BatchNorm2D(),
                new ReLU(),
                new Flatten(),
                new Dense(6),
                new BatchNorm1D());
        assertArrayEquals(new int[] {6}, model.outputShape(new int[] {2, 5, 5}));
        Tensor y = model.forward(Tensor.uniform(new Generator(3), -1f, 1f, 3, 2, 5, 5));
        assertArrayEquals(new int[] {3, 6}, y.shape());
        assertEquals(
                List.of(
                        "0.weight",
                        "0.bias",
                        "1.weight",
                        "1.bias",
                        "1.running_mean",
                        "1.running_var",
                        "4.weight",
                        "4.bias",
                        "5.weight",
                        "5.bias",
                        "5.running_mean",
                        "5.running_var"),
                List.copyOf(model.stateDict().keySet()));
        assertEquals(
                List.of("1.running_mean", "1.running_var", "5.running_mean", "5.running_var"),
                List.copyOf(model.buffers().keySet()));
        // Training-mode output of the last layer: each feature has mean 0 and (biased) variance 1 over the batch.
        for (int f = 0; f < 6; f++) {
            Reference r = Reference.of(channel(y, f));
            assertEquals(0, r.mean(), 1e-5);
            assertEquals(1, r.biasedVariance(), 1e-3);
        }
    }

    @Test
    void trainerEvaluationAndPredictionLeaveTheStatisticsAlone() {
        Sequential model = new Sequential(new Flatten(), new Dense(4), new BatchNorm1D(), new Dense(3));
        model.build(new Generator(2), 2, 2);
        Trainer trainer = new Trainer(model, Loss.crossEntropy(), new SGD(model, 0.1f));
        List<Batch> batches =
                List.of(Batch.ofLabels(Tensor.uniform(new Generator(6), -1f, 1f, 3, 2, 2), new int[] {0, 1, 2}));
        trainer.fit(batches, 1, new FitOptions().progress(false));
        Map<String, Tensor> buffers = model.buffers();
        float[] mean = buffers.get("2.running_mean").toArray();
        float[] var = buffers.get("2.running_var").toArray();
        assertFalse(Arrays.equals(new float[4], mean), "fit trained in training mode");
        trainer.evaluate(batches);
        trainer.predict(Tensor.ones(1, 2, 2)); // a batch of one is fine outside training
        assertArrayEquals(mean, buffers.get("2.running_mean").data());
        assertArrayEquals(var, buffers.get("2.running_var").data());
        assertTrue(model.isTraining(), "the mode it was in");
    }
}
