package dev.tauon.nn.layers;

import dev.tauon.core.Tensor;

/**
 * Average pooling over NCHW images; the stride defaults to the pool size. Padding counts as zeros
 * in the average, PyTorch's default {@code count_include_pad=True}: every window divides by
 * {@code pool * pool}, so outputs at the border are pulled towards zero. (Keras' {@code 'same'}
 * padding instead averages only the real inputs; that is not offered.)
 */
public class AvgPool2D extends Pool2D {

    /** Average pooling over {@code pool x pool} windows with a stride of {@code pool}. */
    public AvgPool2D(int pool) {
        this(pool, pool);
    }

    /** Average pooling over {@code pool x pool} windows moving {@code stride} pixels at a time. */
    public AvgPool2D(int pool, int stride) {
        this(pool, stride, 0);
    }

    /** With {@code padding} rows and columns of zeros on every side, at most {@code pool / 2}. */
    public AvgPool2D(int pool, int stride, int padding) {
        super(pool, stride, padding);
    }

    @Override
    protected Tensor pool(Tensor x, int pool, int stride, int padding) {
        return x.avgPool2d(pool, stride, padding);
    }
}
