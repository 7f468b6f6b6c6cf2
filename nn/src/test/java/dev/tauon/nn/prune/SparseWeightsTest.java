package dev.tauon.nn.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Generator;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Activation;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.io.SafeTensors;
import dev.tauon.nn.io.Weights;
import dev.tauon.nn.layers.Conv2D;
import dev.tauon.nn.layers.Dense;
import dev.tauon.nn.layers.Flatten;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparseWeightsTest {

    private static Sequential cnn(long seed) {
        Sequential m = new Sequential(new Conv2D(8, 3, Activation.RELU), new Flatten(), new Dense(10));
        m.build(new Generator(seed), 3, 8, 8);
        return m;
    }

    @Test
    void aSparseFileLoadsBackBitForBitAndIsSmaller(@TempDir Path dir) throws IOException {
        Sequential m = cnn(1);
        Pruning.attach(m).prune(0.9, PruningScope.GLOBAL);
        Path sparse = dir.resolve("sparse.safetensors");
        Path dense = dir.resolve("dense.safetensors");
        SparseWeights.save(m, sparse);
        Weights.save(m, dense);
        Sequential fresh = cnn(2);
        Pruning p = Pruning.attach(fresh);
        SparseWeights.load(fresh, sparse);
        assertEquals(0.9, p.sparsity(), 1e-3);
        for (Map.Entry<String, Tensor> e : m.stateDict().entrySet()) {
            assertArrayEquals(
                    e.getValue().data(), fresh.stateDict().get(e.getKey()).data(), e.getKey());
        }
        long sparseBytes = Files.size(sparse);
        long denseBytes = Files.size(dense);
        // weights: 216 + 3600 floats at 10% kept, masks at 1/24 float per weight
        assertTrue(sparseBytes < denseBytes / 3, sparseBytes + " vs " + denseBytes);
        assertTrue(SafeTensors.read(sparse).tensors().containsKey("2.weight.mask_bits"));
    }

    @Test
    void bitsPackTwentyFourToAFloat() throws IOException {
        float[] mask = new float[50];
        mask[0] = 1;
        mask[23] = 1;
        mask[24] = 1;
        mask[49] = 1;
        Tensor packed = SparseWeights.packBits(mask);
        assertArrayEquals(new float[] {1 + (1 << 23), 1, 2}, packed.data());
        assertArrayEquals(mask, SparseWeights.unpackBits(packed.data(), 50, Path.of("x"), "w"));
    }

    @Test
    void damagedAndForeignFilesAreRefusedNamingTheProblem(@TempDir Path dir) throws IOException {
        Sequential m = cnn(1);
        Pruning.attach(m).prune(0.5, PruningScope.LAYERWISE);
        Path dense = dir.resolve("dense.safetensors");
        Weights.save(m, dense);
        Sequential fresh = cnn(2);
        Pruning.attach(fresh);
        IOException foreign = assertThrows(IOException.class, () -> SparseWeights.load(fresh, dense));
        assertTrue(foreign.getMessage().contains("not a sparse weight file"), foreign.getMessage());

        Path sparse = dir.resolve("sparse.safetensors");
        SparseWeights.save(m, sparse);
        SafeTensors.Contents c = SafeTensors.read(sparse);
        LinkedHashMap<String, Tensor> broken = new LinkedHashMap<>(c.tensors());
        float[] bits = broken.get("0.weight.mask_bits").data().clone();
        bits[0] = 0.5f;
        broken.put("0.weight.mask_bits", Tensor.of(bits, bits.length));
        Map<String, String> meta = new LinkedHashMap<>(c.metadata());
        meta.keySet().removeIf(k -> k.startsWith(SafeTensors.CHECKSUM_PREFIX));
        Path bad = dir.resolve("bad.safetensors");
        SafeTensors.write(bad, broken, meta);
        IOException e = assertThrows(IOException.class, () -> SparseWeights.load(fresh, bad));
        assertTrue(e.getMessage().contains("0.weight.mask_bits[0] = \"0.5\" is not a whole number"), e.getMessage());

        broken.put("0.weight.mask_bits", c.tensors().get("0.weight.mask_bits"));
        broken.put("0.weight.kept", Tensor.of(new float[] {1f}, 1));
        SafeTensors.write(bad, broken, meta);
        IOException few = assertThrows(IOException.class, () -> SparseWeights.load(fresh, bad));
        assertTrue(
                few.getMessage().contains("0.weight.kept has 1 values, fewer than its mask keeps"), few.getMessage());
    }
}
