package dev.tauon.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tauon.core.Batch;
import dev.tauon.core.Generator;
import dev.tauon.core.Tensor;
import dev.tauon.nn.layers.AvgPool2D;
import dev.tauon.nn.layers.BatchNorm1D;
import dev.tauon.nn.layers.BatchNorm2D;
import dev.tauon.nn.layers.Conv2D;
import dev.tauon.nn.layers.Dense;
import dev.tauon.nn.layers.Dropout;
import dev.tauon.nn.layers.Flatten;
import dev.tauon.nn.layers.GELU;
import dev.tauon.nn.layers.GlobalAvgPool2D;
import dev.tauon.nn.layers.GlobalMaxPool2D;
import dev.tauon.nn.layers.Identity;
import dev.tauon.nn.layers.LeakyReLU;
import dev.tauon.nn.layers.MaxPool2D;
import dev.tauon.nn.layers.ReLU;
import dev.tauon.nn.layers.Rescaling;
import dev.tauon.nn.layers.Residual;
import dev.tauon.nn.layers.SiLU;
import dev.tauon.nn.layers.Sigmoid;
import dev.tauon.nn.layers.Softmax;
import dev.tauon.nn.layers.Tanh;
import dev.tauon.nn.layers.ZeroPadding2D;
import dev.tauon.nn.losses.Loss;
import dev.tauon.nn.optim.Adam;
import dev.tauon.nn.optim.SGD;
import dev.tauon.nn.train.FitOptions;
import dev.tauon.nn.train.NonFiniteLossException;
import dev.tauon.nn.train.Trainer;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The limits table of docs/reliability.md, row by row: sizes beyond an int, dimensions of zero,
 * NaN and infinite inputs to every layer, and options out of range each give the documented error
 * or the documented result.
 */
class LimitsTest {
    /**
     * A layer, the shape of one example, and what a NaN, a +Inf and a -Inf in one input element
     * become in its training-mode output: {nan, inf} counts for each, over 2 examples.
     */
    private record Row(String name, Supplier<Module> layer, int[] example, int[] nonFinite) {}

    private static final List<Row> LAYERS = List.of(
            new Row("Dense", () -> new Dense(4), new int[] {6}, new int[] {4, 0, 0, 4, 0, 4}),
            new Row("Conv2D", () -> new Conv2D(2, 3), new int[] {2, 5, 5}, new int[] {4, 0, 0, 4, 0, 4}),
            new Row("MaxPool2D", () -> new MaxPool2D(2), new int[] {2, 4, 4}, new int[] {1, 0, 0, 1, 0, 0}),
            new Row("AvgPool2D", () -> new AvgPool2D(2), new int[] {2, 4, 4}, new int[] {1, 0, 0, 1, 0, 1}),
            new Row("GlobalAvgPool2D", GlobalAvgPool2D::new, new int[] {2, 4, 4}, new int[] {1, 0, 0, 1, 0, 1}),
            new Row("GlobalMaxPool2D", GlobalMaxPool2D::new, new int[] {2, 4, 4}, new int[] {1, 0, 0, 1, 0, 0}),
            new Row("BatchNorm1D", BatchNorm1D::new, new int[] {6}, new int[] {2, 0, 2, 0, 2, 0}),
            new Row("BatchNorm2D", BatchNorm2D::new, new int[] {2, 4, 4}, new int[] {32, 0, 32, 0, 32, 0}),
            new Row("Flatten", Flatten::new, new int[] {2, 4, 4}, new int[] {1, 0, 0, 1, 0, 1}),
            new Row("ReLU", ReLU::new, new int[] {6}, new int[] {1, 0, 0, 1, 0, 0}),
            new Row("LeakyReLU", LeakyReLU::new, new int[] {6}, new int[] {1, 0, 0, 1, 0, 1}),
            new Row("GELU", GELU::new, new int[] {6}, new int[] {1, 0, 0, 1, 1, 0}),
            new Row("SiLU", SiLU::new, new int[] {6}, new int[] {1, 0, 0, 1, 1, 0}),
            new Row("Sigmoid", Sigmoid::new, new int[] {6}, new int[] {1, 0, 0, 0, 0, 0}),
            new Row("Tanh", Tanh::new, new int[] {6}, new int[] {1, 0, 0, 0, 0, 0}),
            new Row("Softmax", Softmax::new, new int[] {6}, new int[] {6, 0, 6, 0, 0, 0}),
            new Row("Rescaling", () -> new Rescaling(2f), new int[] {6}, new int[] {1, 0, 0, 1, 0, 1}),
            new Row("ZeroPadding2D", () -> new ZeroPadding2D(1), new int[] {2, 4, 4}, new int[] {1, 0, 0, 1, 0, 1}),
            new Row("Identity", Identity::new, new int[] {6}, new int[] {1, 0, 0, 1, 0, 1}),
            new Row("Residual(Dense)", () -> new Residual(new Dense(6)), new int[] {6}, new int[] {6, 0, 1, 5, 1, 5}));

    private static Module built(Row row) {
        Module m = row.layer().get();
        m.build(new Generator(1), row.example());
        return m;
    }

    private static Tensor input(int n, int[] example, float special) {
        int[] shape = new int[example.length + 1];
        shape[0] = n;
        System.arraycopy(example, 0, shape, 1, example.length);
        Tensor x = Tensor.zeros(shape);
        float[] v = x.data();
        for (int i = 0; i < v.length; i++) {
            v[i] = (i % 7) * 0.1f - 0.3f;
        }
        if (v.length > 1) {
            v[1] = special;
        }
        return x;
    }

    @Test
    void nanAndInfinityGoWhereTheTableSays() {
        float[] specials = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        for (Row row : LAYERS) {
            int[] counts = new int[6];
            for (int s = 0; s < 3; s++) {
                float[] out =
                        built(row).forward(input(2, row.example(), specials[s])).data();
                for (float v : out) {
                    counts[2 * s] += Float.isNaN(v) ? 1 : 0;
                    counts[2 * s + 1] += Float.isInfinite(v) ? 1 : 0;
                }
            }
            assertArrayEquals(row.nonFinite(), counts, row.name() + ": {nan, inf} for NaN, +Inf, -Inf");
        }
        // Dropout in evaluation passes values through; in training a dropped infinity is inf * 0 = NaN (as in PyTorch).
        Module dropout = new Dropout(0.5f).build(new Generator(1), 6);
        dropout.eval();
        assertEquals(
                Float.POSITIVE_INFINITY,
                dropout.forward(input(2, new int[] {6}, Float.POSITIVE_INFINITY))
                        .data()[1]);
    }

    @Test
    void anEmptyBatchGivesAnEmptyOutputExceptWhereBatchStatisticsAreNeeded() {
        for (Row row : LAYERS) {
            Module m = built(row);
            int[] expected = m.outputShape(row.example());
            for (boolean training : new boolean[] {true, false}) {
                if (training) {
                    m.train();
                } else {
                    m.eval();
                }
                if (training && row.name().startsWith("BatchNorm")) {
                    Module bn = m;
                    assertMessage(
                            () -> bn.forward(input(0, row.example(), 0)), "expected more than 1 value per channel");
                    continue;
                }
                Tensor out = m.forward(input(0, row.example(), 0));
                assertEquals(0, out.dim(0), row.name());
                assertArrayEquals(expected, Arrays.copyOfRange(out.shape(), 1, out.rank()), row.name());
            }
        }
    }

    @Test
    void zeroFeaturesOrPixelsAreRefusedByLayersThatNeedThem() {
        assertMessage(() -> new Dense(4).build(new Generator(1), 0), "Dense(4): input [N, 0] has no features");
        assertMessage(() -> new BatchNorm1D().build(new Generator(1), 0), "input [N, 0] has no channels");
        assertMessage(() -> new BatchNorm2D().build(new Generator(1), 0, 4, 4), "input [N, 0, 4, 4] has no channels");
        assertMessage(
                () -> new Conv2D(2, 3).build(new Generator(1), 2, 5, 0).forward(Tensor.zeros(2, 2, 5, 0)),
                "is smaller than the kernel 3x3");
        assertMessage(
                () -> new MaxPool2D(2).build(new Generator(1), 2, 4, 0).forward(Tensor.zeros(2, 2, 4, 0)),
                "kernel 2x2 is larger than the input 4x0");
        assertMessage(
                () -> new GlobalAvgPool2D().build(new Generator(1), 2, 4, 0).forward(Tensor.zeros(2, 2, 4, 0)),
                "H and W at least 1");
        // Elementwise layers and Flatten pass an empty example through.
        Tensor out = new ReLU().build(new Generator(1), 0).forward(Tensor.zeros(2, 0));
        assertArrayEquals(new int[] {2, 0}, out.shape());
    }

    @Test
    void sizesBeyondAnIntAreRefusedBeforeAllocating() {
        assertMessage(() -> Tensor.zeros(65_536, 65_536), "shape [65536, 65536]: more than 2^31-1 elements");
        assertMessage(() -> Tensor.zeros(4).reshape(65_536, 65_536), "more than 2^31-1 elements");
        assertMessage(
                () -> Tensor.zeros(65_536, 1).matmul(Tensor.zeros(1, 65_536)),
                "the result [65536, 65536] would hold more than 2^31-1 elements");
        assertMessage(() -> Tensor.zeros(2, -1), "negative dimension -1");
        assertArrayEquals(new int[] {0, 3}, Tensor.zeros(0, 3).shape());
    }

    @Test
    void optionsOutOfRangeAreRefusedWithTheirNames() {
        Module m = new Sequential(new Dense(3)).build(new Generator(1), 4);
        for (float lr : new float[] {-1f, Float.NaN, Float.POSITIVE_INFINITY}) {
            assertMessage(() -> new SGD(m, lr), "SGD: learning rate must be finite and >= 0, got " + lr);
            assertMessage(() -> new Adam(m, lr), "Adam: learning rate must be finite and >= 0, got " + lr);
        }
        assertMessage(() -> new SGD(m, 0.1f).momentum(1f), "SGD: momentum must be in [0, 1), got 1.0");
        assertMessage(() -> new SGD(m, 0.1f).weightDecay(-1f), "SGD: weight decay must be finite and >= 0, got -1.0");
        assertMessage(() -> new Dropout(1f), "Dropout: rate must be in [0, 1), got 1.0");
        assertMessage(() -> new Dropout(Float.NaN), "Dropout: rate must be in [0, 1), got NaN");
        assertMessage(() -> new Dense(0), "Dense: units must be positive, got 0");
        assertMessage(() -> new Conv2D(2, 0), "Conv2D: filters 2 and kernel 0x0 must be positive");
        assertMessage(() -> new MaxPool2D(0), "MaxPool2D: pool 0 and stride 0 must be positive");
        assertMessage(() -> new LeakyReLU(Float.NaN), "LeakyReLU: slope NaN must be finite");
        assertMessage(() -> new Rescaling(Float.NaN), "Rescaling: scale NaN and offset 0.0 must be finite");
        assertMessage(
                () -> new ZeroPadding2D(-1),
                "ZeroPadding2D: padding (top -1, bottom -1, left -1, right -1) must be >= 0");
        assertMessage(() -> Loss.crossEntropy(1.5f), "CrossEntropy: label smoothing must be in [0, 1), got 1.5");
    }

    @Test
    void trainingOnANanInputStopsWithTheBatchNamed() {
        Sequential model = new Sequential(new Dense(3, Activation.SOFTMAX)).build(new Generator(1), 4);
        Tensor x = input(2, new int[] {4}, Float.NaN);
        Batch batch = Batch.ofLabels(x, new int[] {0, 1});
        NonFiniteLossException e = assertThrows(
                NonFiniteLossException.class,
                () -> new Trainer(model, Loss.crossEntropy(), new SGD(model, 0.1f))
                        .fit(List.of(batch), 1, new FitOptions().progress(false)));
        assertEquals(
                "loss is NaN at epoch 1, batch 1 (both from 1); training stopped. Lower the learning rate or"
                        + " check the inputs for NaN",
                e.getMessage());
    }

    private static void assertMessage(Executable call, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        if (!e.getMessage().contains(part)) {
            assertEquals(part, e.getMessage());
        }
    }
}
