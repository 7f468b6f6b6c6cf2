package dev.tauon.nn.layers;

import dev.tauon.core.Tensor;

/**
 * The maximum of each channel over the whole image: {@code [N, C, H, W] -> [N, C]}, Keras'
 * GlobalMaxPooling2D. The gradient goes to the first maximum in row-major order, and a NaN is the
 * maximum, as in {@link MaxPool2D}.
 */
public class GlobalMaxPool2D extends GlobalPool2D {

    /** Pools to {@code [N, C]}. */
    public GlobalMaxPool2D() {
        this(false);
    }

    /** With {@code keepDims}, the output is {@code [N, C, 1, 1]}. */
    public GlobalMaxPool2D(boolean keepDims) {
        super(keepDims);
    }

    @Override
    protected Tensor pool(Tensor x) {
        return x.globalMaxPool2d();
    }
}
