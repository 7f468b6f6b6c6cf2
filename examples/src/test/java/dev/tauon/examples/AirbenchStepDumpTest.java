package dev.tauon.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Batch;
import dev.tauon.core.Generator;
import dev.tauon.core.NoGrad;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.io.Weights;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AirbenchStepDumpTest {

    @Test
    void writesTheStartTheBatchEachStepAndTheEvaluationLogits(@TempDir Path dir) throws Exception {
        Tensor whitening = Tensor.randn(new Generator(2), 8, 3, 32, 32);
        int[] labels = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1};
        Batch batch = Batch.ofLabels(Tensor.randn(new Generator(3), 12, 3, 32, 32), labels);
        List<Float> losses = AirbenchStepDump.dump(whitening, batch, 2, dir);
        assertEquals(2, losses.size());
        assertTrue(losses.stream().allMatch(Float::isFinite), losses.toString());

        byte[] init = Files.readAllBytes(dir.resolve("init.safetensors"));
        byte[] after1 = Files.readAllBytes(dir.resolve("after1.safetensors"));
        byte[] after2 = Files.readAllBytes(dir.resolve("after2.safetensors"));
        assertFalse(Arrays.equals(init, after1), "a step changes the weights");
        assertFalse(Arrays.equals(after1, after2));
        assertEquals(12 * 3 * 32 * 32 * 4, Files.size(dir.resolve("x.f32")));
        ByteBuffer y = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("y.i32"))).order(ByteOrder.LITTLE_ENDIAN);
        for (int label : labels) {
            assertEquals(label, y.getInt());
        }
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".tmp")), "no temporary file left");
        }

        // The written logits are the final weights' evaluation-mode output on the batch.
        Sequential reloaded = AirbenchModel.create(1, 10, whitening);
        Weights.load(reloaded, dir.resolve("after2.safetensors"));
        float[] expected;
        try (NoGrad ignored = NoGrad.enter()) {
            expected = reloaded.eval().forward(batch.inputs()).data();
        }
        ByteBuffer logits = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("eval_logits.f32")))
                .order(ByteOrder.LITTLE_ENDIAN);
        float[] written = new float[expected.length];
        logits.asFloatBuffer().get(written);
        assertArrayEquals(expected, written);
    }
}
