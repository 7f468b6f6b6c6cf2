package dev.tauon.nn.predict;

import static dev.tauon.nn.predict.SmallModels.INPUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tauon.core.Tensor;
import dev.tauon.nn.Activation;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.layers.Conv2D;
import dev.tauon.nn.layers.Dense;
import dev.tauon.nn.layers.Dropout;
import dev.tauon.nn.layers.Flatten;
import dev.tauon.nn.layers.MaxPool2D;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class PredictorBadInputTest {
    private final Sequential trained = SmallModels.trainedCnn(1);
    private final Predictor predictor = Predictor.snapshot(trained, SmallModels::cnn);

    private static void refused(String message, Executable call) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, call).getMessage());
    }

    @Test
    void aBatchOfTheWrongShapeNamesExpectedAndGot() {
        refused(
                "Predictor: input has shape [2, 16, 16, 3], expected [N, 3, 16, 16]",
                () -> predictor.predict(Tensor.zeros(2, 16, 16, 3)));
        refused(
                "Predictor: input has shape [3, 16, 16], expected [N, 3, 16, 16] (one example without its batch"
                        + " dimension: reshape it to [1, ...] or pass it as a float[] row)",
                () -> predictor.predict(Tensor.zeros(3, 16, 16)));
        refused("Predictor: input [0, 3, 16, 16] has no examples", () -> predictor.topK(Tensor.zeros(0, 3, 16, 16), 1));
        refused("Predictor: the input batch is null", () -> predictor.predict((Tensor) null));
    }

    @Test
    void rowsOfTheWrongLengthNameTheRow() {
        float[][] rows = {new float[768], new float[767]};
        refused(
                "Predictor: row 1 of 2 has 767 values, expected 768 (one [3, 16, 16] example, flattened in"
                        + " row-major NCHW order)",
                () -> predictor.predict(rows));
        refused("Predictor: row 0 of 1 is null", () -> predictor.predict((float[]) null));
        refused("Predictor: no rows to predict", () -> predictor.topK(new float[0][], 2));
        refused("Predictor: the rows are null", () -> predictor.predict((float[][]) null));
    }

    @Test
    void nanAndInfiniteInputsNameTheRowAndElement() {
        Tensor batch = SmallModels.images(1, 3);
        batch.data()[2 * 768 + 256 + 16 * 5 + 7] = Float.NaN; // example 2, channel 1, row 5, column 7
        refused(
                "Predictor: example 2 of 3 has NaN at index [1, 5, 7] of its [3, 16, 16] values (element 343 in"
                        + " row-major order); inputs must be finite",
                () -> predictor.predict(batch));

        float[][] rows = SmallModels.rows(SmallModels.images(1, 2));
        rows[1][0] = Float.NEGATIVE_INFINITY;
        refused(
                "Predictor: row 1 of 2 has -Infinity at index [0, 0, 0] of its [3, 16, 16] values (element 0 in"
                        + " row-major order); inputs must be finite",
                () -> predictor.topK(rows, 3));
    }

    @Test
    void kOutOfRangeOrAnOutputThatIsNotClassScores() {
        Tensor x = SmallModels.images(1, 1);
        refused(
                "Predictor.topK: k must be between 1 and 10 (the number of classes), got 0",
                () -> predictor.topK(x, 0));
        refused(
                "Predictor.topK: k must be between 1 and 10 (the number of classes), got 11",
                () -> predictor.topK(new float[768], 11));

        Sequential featureMaps = new Sequential(new Conv2D(4, 3)).build(INPUT);
        Predictor maps = Predictor.snapshot(featureMaps, () -> new Sequential(new Conv2D(4, 3)));
        refused(
                "Predictor.topK: the model's output per example is [4, 14, 14]; top-k needs one score per class,"
                        + " [classes]",
                () -> maps.topK(x, 1));
    }

    @Test
    void aModelThatWasNeverBuiltIsRefused() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> Predictor.snapshot(SmallModels.cnn(), SmallModels::cnn));
        assertEquals(
                "Predictor.snapshot: Sequential is not built; build it (model.build(inputShape)) or train it"
                        + " first, so that it has weights and an input shape",
                e.getMessage());

        e = assertThrows(IllegalStateException.class, () -> Predictor.load(SmallModels::cnn, Path.of("unused")));
        assertEquals(
                "Predictor.load: Sequential from the architecture supplier is not built and no input shape"
                        + " was given; build it in the supplier or pass the input shape",
                e.getMessage());
    }

    @Test
    void anArchitectureThatDoesNotMatchIsRefused() {
        refused(
                "Predictor.snapshot: the architecture does not match the trained model: 4.weight is [392, 20] in the"
                        + " architecture, [392, 10] in the trained model",
                () -> Predictor.snapshot(
                        trained,
                        () -> new Sequential(
                                new Conv2D(8, 3, Activation.RELU),
                                new MaxPool2D(2),
                                new Flatten(),
                                new Dropout(0.5f),
                                new Dense(20))));
        refused(
                "Predictor.snapshot: the architecture does not match the trained model: its state is"
                        + " [1.weight, 1.bias], the trained model's is [0.weight, 0.bias, 4.weight, 4.bias]",
                () -> Predictor.snapshot(trained, () -> new Sequential(new Flatten(), new Dense(10))));
        refused(
                "Predictor.snapshot: Sequential from the architecture supplier is built for input [3, 8, 8],"
                        + " expected [3, 16, 16]",
                () -> Predictor.snapshot(trained, () -> SmallModels.cnn().build(3, 8, 8)));
        refused(
                "Predictor.snapshot: the architecture supplier returned null",
                () -> Predictor.snapshot(trained, () -> null));
    }

    @Test
    void anArchitectureThatSharesAModuleWithTheTrainedModelIsRefused() {
        refused(
                "Predictor.snapshot: the architecture supplier's model shares the whole model with the trained model;"
                        + " it must make new layers on every call",
                () -> Predictor.snapshot(trained, () -> trained));
        Dropout shared = new Dropout(0.5f, 1);
        Sequential withShared = new Sequential(new Flatten(), shared, new Dense(2)).build(4);
        refused(
                "Predictor.snapshot: the architecture supplier's model shares module 1 (Dropout(0.5)) with the"
                        + " trained model; it must make new layers on every call",
                () -> Predictor.snapshot(withShared, () -> new Sequential(new Flatten(), shared, new Dense(2))));
    }
}
