package dev.tauon.nn.layers;

import dev.tauon.core.Tensor;
import dev.tauon.nn.Module;
import dev.tauon.nn.Summary;

/** Max pooling over NCHW images with no padding (Keras' {@code 'valid'}); the stride defaults to the pool size. */
public class MaxPool2D extends Module {
    private final int pool;
    private final int stride;

    public MaxPool2D(int pool) {
        this(pool, pool);
    }

    public MaxPool2D(int pool, int stride) {
        if (pool < 1 || stride < 1) {
            throw new IllegalArgumentException("MaxPool2D: pool " + pool + " and stride " + stride + " must be positive");
        }
        this.pool = pool;
        this.stride = stride;
    }

    @Override
    public int[] outputShape(int[] in) {
        if (in.length != 3 || in[1] < pool || in[2] < pool) {
            throw new IllegalArgumentException(name() + ": input " + Summary.tauonShape(in)
                    + " must be [N, C, H, W] with H and W at least " + pool);
        }
        return new int[] {in[0], (in[1] - pool) / stride + 1, (in[2] - pool) / stride + 1};
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.maxPool2d(pool, stride);
    }

    @Override
    public String name() {
        return "MaxPool2D(" + pool + (stride == pool ? "" : ", stride " + stride) + ")";
    }
}
