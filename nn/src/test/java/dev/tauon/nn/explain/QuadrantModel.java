package dev.tauon.nn.explain;

import dev.tauon.core.Generator;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Activation;
import dev.tauon.nn.Module;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.layers.Conv2D;
import dev.tauon.nn.layers.Dense;
import dev.tauon.nn.layers.GlobalAvgPool2D;

/**
 * A hand-built model whose answer is known: it looks at the top-left quadrant of an 8x8 image only.
 * {@code conv1} (1x1, weights 1 and 2, ReLU) feeds a fixed mask keeping the quadrant, then
 * {@code conv2} (1x1, the identity), a global average and a Dense layer whose class-0 score is the
 * sum of both channels: score0 = 3/64 * (sum of the positive pixels in the quadrant).
 */
final class QuadrantModel {
    final Conv2D conv1 = new Conv2D(2, 1, Activation.RELU);
    final Conv2D conv2 = new Conv2D(2, 1);
    final Sequential model = new Sequential(conv1, new TopLeftOnly(), conv2, new GlobalAvgPool2D(), new Dense(2));

    QuadrantModel() {
        model.build(new Generator(1), 1, 8, 8);
        set(conv1.weight(), 1, 2);
        set(conv1.bias(), 0, 0);
        set(conv2.weight(), 1, 0, 0, 1);
        set(conv2.bias(), 0, 0);
        Dense dense = (Dense) model.children().get("4");
        set(dense.weight(), 1, -1, 1, 1); // [features][units]: class 0 = f0 + f1, class 1 = f1 - f0
        set(dense.bias(), 0, 0);
    }

    private static void set(Tensor t, float... values) {
        System.arraycopy(values, 0, t.data(), 0, values.length);
    }

    /** {@code n} images of pixels in [0.1, 1). */
    static Tensor images(int n) {
        return Tensor.uniform(new Generator(7), 0.1f, 1f, n, 1, 8, 8);
    }

    static boolean inQuadrant(int i, int j) {
        return i < 4 && j < 4;
    }

    /** Keeps the top-left quadrant of every channel, zeroes the rest. */
    static final class TopLeftOnly extends Module {
        @Override
        public Tensor forward(Tensor x) {
            int h = x.dim(2);
            int w = x.dim(3);
            float[] m = new float[h * w];
            for (int i = 0; i < h / 2; i++) {
                for (int j = 0; j < w / 2; j++) {
                    m[i * w + j] = 1f;
                }
            }
            return x.mul(Tensor.of(m, 1, 1, h, w));
        }

        @Override
        public int[] outputShape(int[] inputShape) {
            return inputShape.clone();
        }
    }
}
