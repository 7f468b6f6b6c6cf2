package dev.tauon.core.internal.kernel;

import dev.tauon.core.Generator;
import dev.tauon.core.PadMode;
import dev.tauon.core.Tensor;
import java.util.Arrays;

/**
 * Forward and backward through every op of the modern-CNN set (activations, padding, slicing,
 * joining, selection, statistics) on random inputs, reduced to a hash of the bits of the outputs
 * and gradients. Two JVMs with different SIMD providers must print the same hash.
 */
final class OpsChecksum {

    private OpsChecksum() {}

    static String compute() {
        Generator gen = new Generator(11);
        Tensor x = Tensor.uniform(gen, -3f, 3f, 2, 3, 6, 6).requiresGrad(true);
        Tensor w = Tensor.uniform(gen, -0.3f, 0.3f, 4, 6, 3, 3).requiresGrad(true);
        Tensor padded = x.pad(PadMode.REFLECT, 1, 1, 1, 1);
        Tensor branches = Tensor.concat(1, padded.gelu(), padded.geluTanh().abs());
        Tensor conv = branches.conv2d(w, null, 1, 0).pad(PadMode.ZERO, 1, 0, 0, 1);
        Tensor mixed = Tensor.where(
                conv.clamp(-1f, 1f), conv.silu(), conv.leakyRelu(0.1f).relu());
        Tensor normalised = mixed.sub(mixed.mean(new int[] {0, 2, 3}, true))
                .div(mixed.variance(new int[] {0, 2, 3}, true, 0).add(1e-5f).sqrt());
        Tensor out = Tensor.stack(0, normalised.slice(2, 1, 5).erf(), normalised.slice(2, 2, 6));
        out.mul(out).sum().backward();
        // An RGB layer whose weight gradient takes the row-dot path (rows of 19: a masked vector;
        // 5 filters: a block of four and one left over), then an unpadded 8-channel layer.
        Tensor rgb = Tensor.uniform(gen, -1f, 1f, 2, 3, 20, 21).requiresGrad(true);
        Tensor rgbW = Tensor.uniform(gen, -0.3f, 0.3f, 5, 3, 3, 3).requiresGrad(true);
        Tensor rgbB = Tensor.uniform(gen, -0.1f, 0.1f, 5).requiresGrad(true);
        Tensor wideW = Tensor.uniform(gen, -0.3f, 0.3f, 6, 8, 3, 3).requiresGrad(true);
        Tensor first =
                rgb.conv2d(rgbW, rgbB, 1, 0).slice(1, 0, 4).slice(2, 0, 14).slice(3, 0, 15);
        Tensor wide = Tensor.concat(1, first, first.silu()).conv2d(wideW, null, 1, 0);
        wide.mul(wide).sum().backward();
        int hash = 1;
        for (Tensor t : new Tensor[] {out, out.argmax(1), x.grad(), w.grad(), rgbW.grad(), rgbB.grad(), rgb.grad()}) {
            hash = 31 * hash + Arrays.hashCode(t.data());
        }
        return Integer.toHexString(hash);
    }
}
