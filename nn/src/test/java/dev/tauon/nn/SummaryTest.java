package dev.tauon.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Generator;
import dev.tauon.core.Tensor;
import dev.tauon.nn.layers.BatchNorm2D;
import dev.tauon.nn.layers.Conv2D;
import dev.tauon.nn.layers.Dense;
import dev.tauon.nn.layers.Flatten;
import dev.tauon.nn.layers.ReLU;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTest {

    @Test
    void cifar10CnnHasKerasShapesAndParameterCount() {
        String expected = String.join(
                "\n",
                "Model: Sequential, input [N, 3, 32, 32] = (None, 32, 32, 3) in Keras' order",
                "________________________________________________________________________",
                " Layer                    Output shape (Keras)  Tensor shape     Param #",
                "========================================================================",
                " 0 Conv2D(32, 3x3, relu)  (None, 30, 30, 32)    [N, 32, 30, 30]      896",
                " 1 MaxPool2D(2)           (None, 15, 15, 32)    [N, 32, 15, 15]        0",
                " 2 Conv2D(64, 3x3, relu)  (None, 13, 13, 64)    [N, 64, 13, 13]   18,496",
                " 3 MaxPool2D(2)           (None, 6, 6, 64)      [N, 64, 6, 6]          0",
                " 4 Conv2D(64, 3x3, relu)  (None, 4, 4, 64)      [N, 64, 4, 4]     36,928",
                " 5 Flatten                (None, 1024)          [N, 1024]              0",
                " 6 Dense(64, relu)        (None, 64)            [N, 64]           65,600",
                " 7 Dense(10, softmax)     (None, 10)            [N, 10]              650",
                "========================================================================",
                "Total params: 122,570",
                "Trainable params: 122,570",
                "Non-trainable params: 0",
                "");
        Summary s = GuideExamplesTest.cifar10Cnn().summary(3, 32, 32);
        assertEquals(expected, s.toString());
        assertEquals(122_570, s.totalParameters());
    }

    @Test
    void shapesAreKnownBeforeBuildingAndParametersAreNamedInOrder() {
        Sequential model = GuideExamplesTest.cifar10Cnn();
        assertArrayEquals(new int[] {10}, model.outputShape(new int[] {3, 32, 32}));
        assertTrue(model.parameters().isEmpty(), "nothing is built by shape inference");
        model.build(new Generator(1), 3, 32, 32);
        assertEquals(
                List.of(
                        "0.weight",
                        "0.bias",
                        "2.weight",
                        "2.bias",
                        "4.weight",
                        "4.bias",
                        "6.weight",
                        "6.bias",
                        "7.weight",
                        "7.bias"),
                List.copyOf(model.parameters().keySet()));
        assertArrayEquals(
                new int[] {1024, 64}, model.parameters().get("6.weight").shape());
        assertEquals(122_570, model.parameterCount());
    }

    @Test
    void buildingIsDeterministicInTheSeed() {
        float[] a = GuideExamplesTest.cifar10Cnn()
                .build(new Generator(7), 3, 32, 32)
                .parameters()
                .get("6.weight")
                .toArray();
        float[] b = GuideExamplesTest.cifar10Cnn()
                .build(new Generator(7), 3, 32, 32)
                .parameters()
                .get("6.weight")
                .toArray();
        float[] c = GuideExamplesTest.cifar10Cnn()
                .build(new Generator(8), 3, 32, 32)
                .parameters()
                .get("6.weight")
                .toArray();
        assertArrayEquals(a, b);
        assertTrue(!Arrays.equals(a, c));
    }

    @Test
    void firstForwardBuildsFromTheBatchShape() {
        Sequential model = new Sequential(new Dense(4, Activation.RELU), new Dense(2));
        Tensor y = model.forward(Tensor.ones(5, 3));
        assertArrayEquals(new int[] {5, 2}, y.shape());
        assertArrayEquals(new int[] {3}, model.builtInputShape());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> model.build(4));
        assertTrue(e.getMessage().contains("already built for input [3]"), e.getMessage());
        // built with the default seed, so the same weights as an explicit build from it
        Sequential explicit = new Sequential(new Dense(4, Activation.RELU), new Dense(2))
                .build(new Generator(Module.DEFAULT_SEED), 3);
        for (String name : explicit.parameters().keySet()) {
            assertArrayEquals(
                    explicit.parameters().get(name).toArray(),
                    model.parameters().get(name).toArray(),
                    name);
        }
    }

    @Test
    void shapeErrorsNameTheLayer() {
        Sequential model = new Sequential(new Dense(8));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.build(3, 32, 32));
        assertEquals("Dense(8): input [N, 3, 32, 32] must be [N, features]; put a Flatten before it", e.getMessage());
    }

    @Test
    void customModuleSummaryListsChildren() {
        Module custom = new TwoTower();
        Summary s = custom.summary(6);
        assertEquals(3, s.rows().size());
        assertEquals("a Dense(4)", s.rows().get(0).layer());
        assertArrayEquals(new int[] {4}, s.rows().get(2).outputShape());
        assertEquals(2 * (6 * 4 + 4), s.totalParameters());
    }

    /** A PyTorch-style module: children built eagerly, forward written by hand. */
    static final class TwoTower extends Module {
        private final Dense a = registerModule("a", new Dense(4));
        private final Dense b = registerModule("b", new Dense(4));

        TwoTower() {
            Generator g = new Generator(3);
            a.build(g, 6);
            b.build(g, 6);
        }

        @Override
        public Tensor forward(Tensor x) {
            return a.forward(x).add(b.forward(x));
        }
    }

    @Test
    void buffersAndFrozenParametersAreNonTrainableAsInKeras() {
        Sequential model =
                new Sequential(new Conv2D(8, 3), new BatchNorm2D(), new ReLU(), new Flatten(), new Dense(10));
        model.build(new Generator(1), 3, 8, 8);
        ((Dense) model.layer(4)).bias().requiresGrad(false);
        String expected = String.join(
                "\n",
                "Model: Sequential, input [N, 3, 8, 8] = (None, 8, 8, 3) in Keras' order",
                "______________________________________________________________",
                " Layer             Output shape (Keras)  Tensor shape  Param #",
                "==============================================================",
                " 0 Conv2D(8, 3x3)  (None, 6, 6, 8)       [N, 8, 6, 6]      224",
                " 1 BatchNorm2D(8)  (None, 6, 6, 8)       [N, 8, 6, 6]       32",
                " 2 ReLU            (None, 6, 6, 8)       [N, 8, 6, 6]        0",
                " 3 Flatten         (None, 288)           [N, 288]            0",
                " 4 Dense(10)       (None, 10)            [N, 10]         2,890",
                "==============================================================",
                "Total params: 3,146",
                "Trainable params: 3,120",
                "Non-trainable params: 26",
                "");
        Summary s = model.summary(3, 8, 8);
        assertEquals(expected, s.toString());
        // Keras: Conv2D 224 trainable; BatchNormalization 16 trainable (gamma, beta) and 16 not (moving mean,
        // variance); Dense 2,880 trainable and its frozen bias 10 not.
        assertEquals(224 + 16 + 2_880, s.trainableParameters());
        assertEquals(16 + 10, s.nonTrainableParameters());
        assertEquals(3_146, s.totalParameters());
        assertEquals(224 + 16 + 2_890, model.parameterCount(), "parameters, frozen ones included, but not buffers");
    }
}
