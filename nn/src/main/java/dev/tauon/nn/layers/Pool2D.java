package dev.tauon.nn.layers;

import dev.tauon.core.Tensor;
import dev.tauon.nn.Module;
import dev.tauon.nn.Summary;

/**
 * What MaxPool2D and AvgPool2D share: a square window sliding over NCHW images with a stride
 * (Keras' default: the pool size) and an optional padding on every side, as PyTorch's
 * {@code padding}: at most half the window, output size {@code floor((H + 2 * padding - pool) / stride) + 1}.
 */
public abstract class Pool2D extends Module {
    private final int pool;
    private final int stride;
    private final int padding;

    /** Checks the geometry; errors name the layer's class, as {@link #name()} cannot before the fields are set. */
    protected Pool2D(int pool, int stride, int padding) {
        String kind = getClass().getSimpleName();
        if (pool < 1 || stride < 1) {
            throw new IllegalArgumentException(kind + ": pool " + pool + " and stride " + stride + " must be positive");
        }
        if (padding < 0 || padding > pool / 2) {
            throw new IllegalArgumentException(
                    kind + ": padding " + padding + " must be >= 0 and at most half the pool " + pool);
        }
        this.pool = pool;
        this.stride = stride;
        this.padding = padding;
    }

    /** The window's side. */
    public int pool() {
        return pool;
    }

    /** The step between windows. */
    public int stride() {
        return stride;
    }

    /** Rows and columns of padding on every side. */
    public int padding() {
        return padding;
    }

    /** Pools a batch with this layer's window, stride and padding. */
    protected abstract Tensor pool(Tensor x, int pool, int stride, int padding);

    @Override
    public int[] outputShape(int[] in) {
        int least = pool - 2 * padding;
        if (in.length != 3 || in[1] < least || in[2] < least) {
            throw new IllegalArgumentException(name() + ": input " + Summary.tauonShape(in)
                    + " must be [N, C, H, W] with H and W at least " + least);
        }
        return new int[] {in[0], (in[1] + 2 * padding - pool) / stride + 1, (in[2] + 2 * padding - pool) / stride + 1};
    }

    @Override
    public Tensor forward(Tensor x) {
        return pool(x, pool, stride, padding);
    }

    /** Like {@code MaxPool2D(3, stride 2, padding 1)}; the stride is left out when it is the pool size. */
    @Override
    public String name() {
        return getClass().getSimpleName() + "(" + pool + (stride == pool ? "" : ", stride " + stride)
                + (padding == 0 ? "" : ", padding " + padding) + ")";
    }
}
