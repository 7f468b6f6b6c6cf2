package dev.tauon.nn.layers;

import dev.tauon.core.Tensor;

/**
 * Max pooling over NCHW images; the stride defaults to the pool size. Without padding this is
 * Keras' {@code 'valid'}; with it, PyTorch's {@code MaxPool2d(pool, stride, padding)}: the padding
 * acts as minus infinity, so it is never the maximum. The gradient goes to the first maximum of
 * each window, in row-major order; a NaN is the maximum, so it propagates.
 */
public class MaxPool2D extends Pool2D {

    /** Max pooling over {@code pool x pool} windows with a stride of {@code pool}. */
    public MaxPool2D(int pool) {
        this(pool, pool);
    }

    /** Max pooling over {@code pool x pool} windows moving {@code stride} pixels at a time. */
    public MaxPool2D(int pool, int stride) {
        this(pool, stride, 0);
    }

    /** With {@code padding} rows and columns on every side, at most {@code pool / 2}. */
    public MaxPool2D(int pool, int stride, int padding) {
        super(pool, stride, padding);
    }

    @Override
    protected Tensor pool(Tensor x, int pool, int stride, int padding) {
        return x.maxPool2d(pool, stride, padding);
    }
}
