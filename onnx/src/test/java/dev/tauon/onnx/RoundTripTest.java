package dev.tauon.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tauon.core.Generator;
import dev.tauon.core.NoGrad;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Module;
import dev.tauon.nn.Sequential;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Export, then import: the same outputs, bit for bit, for every layer and whole models. */
class RoundTripTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.tauon.onnx.LayerExportTest#layers")
    void everyLayerComesBackBitForBit(String name, Supplier<Module> layer, int[] shape) throws Exception {
        Module model = layer.get();
        model.build(new Generator(1), shape);
        LayerExportTest.randomiseBatchNorms(model, new Generator(2));
        assertSameBits(model, shape);
    }

    @Test
    void theSmallCnnComesBackBitForBit() throws Exception {
        Sequential model = ModelExportTest.smallCnn();
        model.build(new Generator(4), 3, 16, 16);
        LayerExportTest.randomiseBatchNorms(model, new Generator(5));
        ImportedGraph imported = assertSameBits(model, 3, 16, 16);
        assertEquals(model.parameterCount(), imported.parameterCount());
    }

    @Test
    void anImportedModelExportsAgainAndReadsFromAFile(@TempDir Path dir) throws Exception {
        Sequential model = ModelExportTest.mlp();
        model.build(new Generator(3), 1, 6, 6);
        Path file = dir.resolve("mlp.onnx");
        OnnxExport.write(model, file, 1, 6, 6);
        ImportedGraph imported = OnnxImport.read(file);
        assertSameBits(imported, 1, 6, 6);
        Parity.check(imported, 1, 6, 6);
        assertEquals(file.toFile().length(), Files.size(file));
    }

    /** Imports {@code model}'s export and checks both give the same bits on a random batch; returns the import. */
    static ImportedGraph assertSameBits(Module model, int... shape) throws Exception {
        model.eval();
        ImportedGraph imported = OnnxImport.fromBytes(OnnxExport.toBytes(model, shape), "export of " + model.name());
        int[] batch = new int[shape.length + 1];
        batch[0] = 4;
        System.arraycopy(shape, 0, batch, 1, shape.length);
        Tensor x = Tensor.randn(new Generator(11), batch);
        try (NoGrad ignored = NoGrad.enter()) {
            Tensor expected = model.forward(x);
            Tensor actual = imported.forward(x);
            assertArrayEquals(expected.shape(), actual.shape(), model.name());
            assertArrayEquals(bits(expected), bits(actual), model.name() + " imported as " + imported.steps());
        }
        return imported;
    }

    private static int[] bits(Tensor t) {
        float[] d = t.data();
        int[] b = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            b[i] = Float.floatToRawIntBits(d[i]);
        }
        return b;
    }
}
