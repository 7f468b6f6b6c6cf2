package dev.tauon.nn.layers;

import dev.tauon.core.Tensor;

/** The mean of each channel over the whole image: {@code [N, C, H, W] -> [N, C]}, Keras' GlobalAveragePooling2D. */
public class GlobalAvgPool2D extends GlobalPool2D {

    /** Pools to {@code [N, C]}. */
    public GlobalAvgPool2D() {
        this(false);
    }

    /** With {@code keepDims}, the output is {@code [N, C, 1, 1]}. */
    public GlobalAvgPool2D(boolean keepDims) {
        super(keepDims);
    }

    @Override
    protected Tensor pool(Tensor x) {
        return x.globalAvgPool2d();
    }
}
