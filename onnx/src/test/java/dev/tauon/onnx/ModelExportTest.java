package dev.tauon.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Generator;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Activation;
import dev.tauon.nn.Module;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.layers.BatchNorm2D;
import dev.tauon.nn.layers.Conv2D;
import dev.tauon.nn.layers.Dense;
import dev.tauon.nn.layers.Dropout;
import dev.tauon.nn.layers.Flatten;
import dev.tauon.nn.layers.GlobalAvgPool2D;
import dev.tauon.nn.layers.MaxPool2D;
import dev.tauon.nn.layers.Padding;
import dev.tauon.nn.layers.ReLU;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole models exported, run in ONNX Runtime, and compared with Tauon; and what export refuses. */
class ModelExportTest {

    static Sequential mlp() {
        return new Sequential(
                new Flatten(),
                new Dense(32, Activation.RELU),
                new Dropout(0.2f),
                new Dense(16, Activation.TANH),
                new Dense(10, Activation.SOFTMAX));
    }

    static Sequential smallCnn() {
        return new Sequential(
                new Conv2D(8, 3).padding(Padding.SAME).useBias(false),
                new BatchNorm2D(),
                new ReLU(),
                new MaxPool2D(2),
                new Conv2D(16, 3, Activation.RELU).padding(Padding.SAME),
                new MaxPool2D(2),
                new GlobalAvgPool2D(),
                new Dense(10));
    }

    @Test
    void mlpAgrees() throws Exception {
        Sequential model = mlp();
        model.build(new Generator(3), 1, 8, 8);
        Parity.check(model, 1, 8, 8);
    }

    @Test
    void smallCnnAgrees() throws Exception {
        Sequential model = smallCnn();
        model.build(new Generator(4), 3, 16, 16);
        LayerExportTest.randomiseBatchNorms(model, new Generator(5));
        Parity.check(model, 3, 16, 16);
    }

    @Test
    void theBatchDimensionIsDynamic() throws Exception {
        Sequential model = mlp();
        model.build(new Generator(3), 1, 4, 4);
        model.eval();
        byte[] onnx = OnnxExport.toBytes(model, 1, 4, 4);
        for (int n : new int[] {1, 5}) {
            Tensor x = Tensor.randn(new Generator(n), n, 1, 4, 4);
            Tensor y = OrtRun.run(onnx, x);
            assertArrayEquals(new int[] {n, 10}, y.shape());
            assertTrue(Parity.relativeError(y.data(), model.forward(x).data()) <= Parity.TOLERANCE);
        }
    }

    @Test
    void writesTheFileAtomically(@TempDir Path dir) throws Exception {
        Sequential model = mlp();
        model.build(new Generator(3), 1, 4, 4);
        Path file = dir.resolve("model.onnx");
        OnnxExport.write(model, file, 1, 4, 4);
        assertArrayEquals(OnnxExport.toBytes(model, 1, 4, 4), Files.readAllBytes(file));
        try (var listing = Files.list(dir)) {
            assertEquals(1, listing.count(), "no temporary file is left behind");
        }
    }

    @Test
    void aCustomModuleIsRefusedByName() {
        Module custom = new Module() {
            @Override
            public Tensor forward(Tensor x) {
                return x.mul(x);
            }
        };
        Sequential model = new Sequential(new Flatten(), custom);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> OnnxExport.toBytes(model, 2, 2));
        assertTrue(
                e.getMessage().contains("layer 1 ") && e.getMessage().contains("has no ONNX exporter"), e.getMessage());
    }

    @Test
    void anUnbuiltModelIsRefused() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> OnnxExport.toBytes(new Sequential(new Flatten(), new Dense(3)), 4));
        assertTrue(e.getMessage().contains("Dense(3) is not built"), e.getMessage());
    }
}
