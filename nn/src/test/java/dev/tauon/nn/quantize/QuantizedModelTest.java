package dev.tauon.nn.quantize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Batch;
import dev.tauon.core.Kernels;
import dev.tauon.core.NoGrad;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Module;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.layers.Dense;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Small models trained on synthetic data keep their test accuracy within one point in int8 (on 512
 * test examples: a handful of changed predictions), and their outputs stay close to the float ones.
 */
class QuantizedModelTest {
    private static final double ACCURACY_BOUND = 0.01;

    static Tensor floatPredict(Module model, Tensor x) {
        model.eval();
        try (NoGrad ignored = NoGrad.enter()) {
            return model.forward(x);
        }
    }

    @Test
    void aTrainedMlpKeepsItsAccuracy() {
        Sequential mlp = SyntheticTasks.trained(SyntheticTasks.mlp(1), SyntheticTasks.clouds(2, 16, 64), 4);
        List<Batch> test = SyntheticTasks.clouds(3, 8, 64);
        QuantizedModel q = QuantizedModel.quantize(
                mlp, SyntheticTasks.inputs(SyntheticTasks.clouds(4, 4, 64)), Calibrator.minMax());
        assertEquals(List.of(0, 1), q.quantizedLayers());
        double floatAccuracy = SyntheticTasks.accuracy(x -> floatPredict(mlp, x), test);
        double int8Accuracy = SyntheticTasks.accuracy(q::predict, test);
        assertTrue(floatAccuracy > 0.8, "float accuracy " + floatAccuracy);
        assertTrue(Math.abs(floatAccuracy - int8Accuracy) <= ACCURACY_BOUND, floatAccuracy + " vs " + int8Accuracy);
        assertClose(
                floatPredict(mlp, test.get(0).inputs()), q.predict(test.get(0).inputs()), 0.05f);
    }

    @Test
    void aTrainedTinyCnnKeepsItsAccuracyWithEitherCalibrator() {
        Sequential cnn = SyntheticTasks.trained(SyntheticTasks.tinyCnn(5), SyntheticTasks.blobs(6, 16, 64), 3);
        List<Batch> test = SyntheticTasks.blobs(7, 8, 64);
        List<Tensor> calibration = SyntheticTasks.inputs(SyntheticTasks.blobs(8, 4, 64));
        double floatAccuracy = SyntheticTasks.accuracy(x -> floatPredict(cnn, x), test);
        assertTrue(floatAccuracy > 0.9, "float accuracy " + floatAccuracy);
        for (Calibrator c : new Calibrator[] {Calibrator.minMax(), Calibrator.percentile(99.99)}) {
            QuantizedModel q = QuantizedModel.quantize(cnn, calibration, c);
            assertEquals(List.of(0, 2, 4), q.quantizedLayers());
            double int8Accuracy = SyntheticTasks.accuracy(q::predict, test);
            assertTrue(
                    Math.abs(floatAccuracy - int8Accuracy) <= ACCURACY_BOUND,
                    c + ": " + floatAccuracy + " vs " + int8Accuracy);
            assertClose(
                    floatPredict(cnn, test.get(0).inputs()),
                    q.predict(test.get(0).inputs()),
                    0.05f);
        }
    }

    @Test
    void layersInsidePlainSequentialBlocksAreQuantisedToo() {
        Sequential cnn = SyntheticTasks.trained(SyntheticTasks.blockCnn(11), SyntheticTasks.blobs(12, 16, 64), 3);
        List<Batch> test = SyntheticTasks.blobs(13, 8, 64);
        QuantizedModel q = QuantizedModel.quantize(
                cnn, SyntheticTasks.inputs(SyntheticTasks.blobs(14, 4, 64)), Calibrator.percentile(99.99));
        assertEquals(
                List.of("0", "1", "2.0", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "3", "4", "5", "6", "7"),
                q.layerPaths());
        assertEquals(List.of(0, 2, 6, 11), q.quantizedLayers(), "the stem, both convs of the block, the head");
        assertSame(((Sequential) cnn.layer(2)).layer(4), q.layers().get(6));
        double floatAccuracy = SyntheticTasks.accuracy(x -> floatPredict(cnn, x), test);
        double int8Accuracy = SyntheticTasks.accuracy(q::predict, test);
        assertTrue(floatAccuracy > 0.9, "float accuracy " + floatAccuracy);
        assertTrue(Math.abs(floatAccuracy - int8Accuracy) <= ACCURACY_BOUND, floatAccuracy + " vs " + int8Accuracy);
        assertClose(
                floatPredict(cnn, test.get(0).inputs()), q.predict(test.get(0).inputs()), 0.05f);
        assertTrue(q.toString().contains("int8 Conv2D(8, 3x3"), q.toString());
    }

    @Test
    void oneAndTwoThreadsGiveTheSameBits() {
        Sequential cnn = SyntheticTasks.tinyCnn(9);
        List<Batch> data = SyntheticTasks.blobs(10, 2, 32);
        QuantizedModel q = QuantizedModel.quantize(cnn, SyntheticTasks.inputs(data), Calibrator.percentile(99));
        int old = Kernels.threads();
        try {
            Kernels.setThreads(1);
            float[] one = q.predict(data.get(1).inputs()).data();
            Kernels.setThreads(2);
            assertArrayEquals(one, q.predict(data.get(1).inputs()).data());
        } finally {
            Kernels.setThreads(old);
        }
    }

    @Test
    void thePercentileCalibratorClampsOutliersAndMinMaxDoesNot() {
        long[] histogram = new long[Calibrator.BINS];
        histogram[99] = 9_999;
        histogram[Calibrator.BINS - 1] = 1;
        assertEquals(100f * 8 / Calibrator.BINS, Calibrator.percentile(99.99).range(8f, histogram));
        assertEquals(8f, Calibrator.percentile(100).range(8f, histogram));
        assertEquals(8f, Calibrator.minMax().range(8f, null));
        assertEquals("percentile 99.99", Calibrator.percentile(99.99).toString());
        assertEquals(
                "Calibrator.percentile: percent must be in (0, 100], was 0.0",
                assertThrows(IllegalArgumentException.class, () -> Calibrator.percentile(0))
                        .getMessage());
    }

    @Test
    void calibrationNeedsInputsAndABuiltModel() {
        Sequential cnn = SyntheticTasks.tinyCnn(11);
        assertEquals(
                "QuantizedModel.quantize: no calibration inputs",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> QuantizedModel.quantize(cnn, List.of(), Calibrator.minMax()))
                        .getMessage());
        Sequential unbuilt = new Sequential(new Dense(3));
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> QuantizedModel.quantize(unbuilt, List.of(), Calibrator.minMax()))
                .getMessage()
                .contains("not built"));
    }

    static void assertClose(Tensor expected, Tensor actual, float tolerance) {
        assertArrayEquals(expected.shape(), actual.shape());
        for (int i = 0; i < expected.size(); i++) {
            float e = expected.data()[i];
            float a = actual.data()[i];
            assertTrue(Math.abs(e - a) <= tolerance, "at " + i + ": " + e + " vs " + a);
        }
    }
}
