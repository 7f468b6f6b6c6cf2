package dev.tauon.core.internal.kernel;

import dev.tauon.core.Generator;
import dev.tauon.core.Tensor;
import java.util.Arrays;

/**
 * A few plain gradient-descent steps of a small CNN (convolution, ReLU, max pooling, a dense layer,
 * softmax cross-entropy) built from the public tensor API, reduced to a hash of the bits of every
 * loss and final weight. Two JVMs with different SIMD providers must print the same hash.
 */
final class TrainingChecksum {

    private TrainingChecksum() {}

    static String compute() {
        Generator gen = new Generator(7);
        Tensor x = Tensor.uniform(gen, 0f, 1f, 8, 3, 12, 12);
        int[] labels = {0, 1, 2, 3, 4, 5, 6, 7};
        Tensor w1 = Tensor.uniform(gen, -0.3f, 0.3f, 16, 3, 3, 3).requiresGrad(true);
        Tensor b1 = Tensor.uniform(gen, -0.1f, 0.1f, 16).requiresGrad(true);
        Tensor w2 = Tensor.uniform(gen, -0.1f, 0.1f, 16 * 5 * 5, 10).requiresGrad(true);
        Tensor[] params = {w1, b1, w2};
        int hash = 1;
        for (int step = 0; step < 3; step++) {
            for (Tensor p : params) {
                p.zeroGrad();
            }
            Tensor loss = x.conv2d(w1, b1, 1, 0)
                    .relu()
                    .maxPool2d(2, 2)
                    .reshape(8, 16 * 5 * 5)
                    .matmul(w2)
                    .crossEntropy(labels);
            loss.backward();
            hash = 31 * hash + Float.floatToRawIntBits(loss.item());
            for (Tensor p : params) {
                float[] d = p.data();
                float[] g = p.grad().data();
                for (int i = 0; i < d.length; i++) {
                    d[i] -= 0.5f * g[i];
                }
            }
        }
        for (Tensor p : params) {
            hash = 31 * hash + Arrays.hashCode(p.data());
        }
        return Integer.toHexString(hash);
    }
}
