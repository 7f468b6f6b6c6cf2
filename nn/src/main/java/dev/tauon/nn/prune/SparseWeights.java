package dev.tauon.nn.prune;

import dev.tauon.core.Tensor;
import dev.tauon.core.io.Excerpt;
import dev.tauon.nn.Module;
import dev.tauon.nn.io.SafeTensors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A pruned model's state in a safetensors file, each masked weight stored sparsely: its mask as
 * bits and only the weights the mask keeps. For a weight {@code w} with a {@code w_mask} beside it
 * (as {@link Pruning} leaves) the file holds {@code w.mask_bits}, the mask packed 24 bits to a
 * float (an integer below 2^24 is exact in F32, and Tauon's files are F32 only), and
 * {@code w.kept}, the kept values in order; every other entry is stored as it is. At a sparsity
 * {@code s} a weight of {@code n} floats takes {@code n/6 + 4n(1-s)} bytes instead of {@code 4n}.
 */
public final class SparseWeights {
    /** Metadata key naming the layout, with {@link #FORMAT} as its value. */
    public static final String FORMAT_KEY = "tauon.sparse";
    /** The layout written: masks as 24 bits per float, then the kept values. */
    public static final String FORMAT = "mask_bits24+kept";

    private static final String BITS = ".mask_bits";
    private static final String KEPT = ".kept";
    private static final int BITS_PER_FLOAT = 24;

    private SparseWeights() {}

    /** Writes {@code model}'s state dict to {@code file}, masked weights sparsely, atomically. */
    public static void save(Module model, Path file) throws IOException {
        Map<String, Tensor> state = model.stateDict();
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            String name = e.getKey();
            if (isMask(name) && state.containsKey(weightOf(name))) {
                continue; // written with its weight
            }
            Tensor mask = state.get(maskOf(name));
            if (mask == null) {
                out.put(name, e.getValue());
            } else {
                out.put(name + BITS, packBits(mask.data()));
                out.put(name + KEPT, kept(e.getValue().data(), mask.data()));
            }
        }
        SafeTensors.write(file, out, Map.of(FORMAT_KEY, FORMAT));
    }

    /**
     * Reads a file written by {@link #save} into {@code model}, which must have the same
     * architecture with pruning attached (so that it has the mask buffers). All or nothing, as
     * {@link Module#loadStateDict}.
     */
    public static void load(Module model, Path file) throws IOException {
        SafeTensors.Contents contents = SafeTensors.read(file);
        String format = contents.metadata().get(FORMAT_KEY);
        if (!FORMAT.equals(format)) {
            throw new IOException(file + ": not a sparse weight file (metadata " + FORMAT_KEY + " is "
                    + (format == null ? "missing" : Excerpt.of(format)) + ", expected " + FORMAT + ")");
        }
        Map<String, Tensor> stored = contents.tensors();
        Map<String, Tensor> own = model.stateDict();
        LinkedHashMap<String, Tensor> dense = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : own.entrySet()) {
            String name = e.getKey();
            int[] shape = e.getValue().shape();
            if (isMask(name) && own.containsKey(weightOf(name))) {
                Tensor bits = require(stored, weightOf(name) + BITS, file);
                dense.put(name, Tensor.of(unpackBits(bits.data(), e.getValue().size(), file, weightOf(name)), shape));
            } else if (own.containsKey(maskOf(name))) {
                float[] mask = unpackBits(
                        require(stored, name + BITS, file).data(), e.getValue().size(), file, name);
                dense.put(
                        name,
                        Tensor.of(scatter(require(stored, name + KEPT, file).data(), mask, file, name), shape));
            } else if (stored.containsKey(name)) {
                dense.put(name, stored.get(name));
            }
        }
        model.loadStateDict(dense);
    }

    private static Tensor require(Map<String, Tensor> stored, String name, Path file) throws IOException {
        Tensor t = stored.get(name);
        if (t == null) {
            throw new IOException(file + ": no entry " + Excerpt.of(name) + " for the model's pruned weight");
        }
        return t;
    }

    private static boolean isMask(String name) {
        return name.equals(Pruning.MASK) || name.endsWith("." + Pruning.MASK);
    }

    private static String weightOf(String maskName) {
        return maskName.substring(0, maskName.length() - Pruning.MASK.length()) + "weight";
    }

    private static String maskOf(String name) {
        if (!(name.equals("weight") || name.endsWith(".weight"))) {
            return "";
        }
        return name.substring(0, name.length() - "weight".length()) + Pruning.MASK;
    }

    static Tensor packBits(float[] mask) {
        float[] packed = new float[(mask.length + BITS_PER_FLOAT - 1) / BITS_PER_FLOAT];
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] != 0f) {
                int word = i / BITS_PER_FLOAT;
                packed[word] = (int) packed[word] | (1 << (i % BITS_PER_FLOAT));
            }
        }
        return Tensor.of(packed, packed.length);
    }

    static float[] unpackBits(float[] packed, int n, Path file, String name) throws IOException {
        if (packed.length != (n + BITS_PER_FLOAT - 1) / BITS_PER_FLOAT) {
            throw new IOException(file + ": " + name + BITS + " has " + packed.length + " words for a weight of " + n
                    + " values (expected " + (n + BITS_PER_FLOAT - 1) / BITS_PER_FLOAT + ")");
        }
        float[] mask = new float[n];
        for (int w = 0; w < packed.length; w++) {
            float v = packed[w];
            if (!(v >= 0 && v < (1 << BITS_PER_FLOAT) && v == Math.rint(v))) {
                throw new IOException(file + ": " + name + BITS + "[" + w + "] = " + Excerpt.of(Float.toString(v))
                        + " is not a whole number in [0, 2^24)");
            }
            int bits = (int) v;
            for (int b = 0; b < BITS_PER_FLOAT && w * BITS_PER_FLOAT + b < n; b++) {
                mask[w * BITS_PER_FLOAT + b] = (bits >>> b & 1) == 1 ? 1f : 0f;
            }
        }
        return mask;
    }

    private static Tensor kept(float[] weight, float[] mask) {
        int n = 0;
        for (float m : mask) {
            n += m != 0f ? 1 : 0;
        }
        float[] out = new float[n];
        int at = 0;
        for (int i = 0; i < weight.length; i++) {
            if (mask[i] != 0f) {
                out[at++] = weight[i];
            }
        }
        return Tensor.of(out, n);
    }

    private static float[] scatter(float[] kept, float[] mask, Path file, String name) throws IOException {
        float[] out = new float[mask.length];
        int at = 0;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] != 0f) {
                if (at == kept.length) {
                    throw new IOException(
                            file + ": " + name + KEPT + " has " + kept.length + " values, fewer than its mask keeps");
                }
                out[i] = kept[at++];
            }
        }
        if (at != kept.length) {
            throw new IOException(
                    file + ": " + name + KEPT + " has " + kept.length + " values, but its mask keeps " + at);
        }
        return out;
    }
}
