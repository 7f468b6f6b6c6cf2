package dev.tauon.nn.layers;

import dev.tauon.core.Tensor;
import dev.tauon.nn.Module;
import dev.tauon.nn.Summary;

/**
 * What GlobalAvgPool2D and GlobalMaxPool2D share: one value per channel of an NCHW image, giving
 * {@code [N, C]} as Keras' global pooling layers do, or {@code [N, C, 1, 1]} with {@code keepDims}
 * (Keras' {@code keepdims=True}, PyTorch's {@code AdaptiveAvgPool2d(1)}).
 */
public abstract class GlobalPool2D extends Module {
    private final boolean keepDims;

    /** A global pool that keeps the pooled axes (as {@code [N, C, 1, 1]}) when {@code keepDims}. */
    protected GlobalPool2D(boolean keepDims) {
        this.keepDims = keepDims;
    }

    /** Pools each channel's plane: {@code [N, C, H, W] -> [N, C]}. */
    protected abstract Tensor pool(Tensor x);

    /** Whether the output keeps the pooled axes, as {@code [N, C, 1, 1]}. */
    public boolean keepDims() {
        return keepDims;
    }

    @Override
    public int[] outputShape(int[] in) {
        if (in.length != 3 || in[1] < 1 || in[2] < 1) {
            throw new IllegalArgumentException(
                    name() + ": input " + Summary.tauonShape(in) + " must be [N, C, H, W] with H and W at least 1");
        }
        return keepDims ? new int[] {in[0], 1, 1} : new int[] {in[0]};
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor pooled = pool(x);
        return keepDims ? pooled.reshape(pooled.dim(0), pooled.dim(1), 1, 1) : pooled;
    }

    @Override
    public String name() {
        return getClass().getSimpleName() + (keepDims ? "(keepDims)" : "");
    }
}
