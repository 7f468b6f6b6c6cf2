package dev.tauon.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.NoGrad;
import dev.tauon.core.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * A small CNN exported by {@code torch.onnx.export} (docs/crosscheck/pytorch_onnx_export.py wrote
 * the fixture: the model, an input and PyTorch's output) imports and gives PyTorch's output.
 */
class PyTorchImportTest {

    @Test
    void matchesPyTorchsOutput() throws Exception {
        ImportedGraph model = OnnxImport.fromBytes(resource("pytorch_cnn.onnx"), "pytorch_cnn.onnx");
        Tensor x = Tensor.of(floats(resource("pytorch_cnn_input.bin")), 2, 3, 12, 12);
        float[] expected = floats(resource("pytorch_cnn_output.bin"));
        Tensor y;
        try (NoGrad ignored = NoGrad.enter()) {
            y = model.forward(x);
        }
        assertArrayEquals(new int[] {2, 10}, y.shape());
        double error = Parity.relativeError(y.data(), expected);
        assertTrue(error <= Parity.TOLERANCE, "off by " + error + " relative; steps " + model.steps());
        assertTrue(
                model.steps().stream().anyMatch(s -> s.name().equals("GELU")), "GELU is recognised: " + model.steps());
        assertTrue(
                model.steps().stream().anyMatch(s -> s.name().equals("SiLU")), "SiLU is recognised: " + model.steps());

        Tensor again = OrtRun.run(OnnxExport.toBytes(model, 3, 12, 12), x);
        assertTrue(Parity.relativeError(again.data(), expected) <= Parity.TOLERANCE, "exported again, in ONNX Runtime");
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = PyTorchImportTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing test resource " + name);
            }
            return in.readAllBytes();
        }
    }

    private static float[] floats(byte[] bytes) {
        float[] f = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
        return f;
    }
}
