package dev.tauon.nn.layers;

import dev.tauon.core.Tensor;
import dev.tauon.nn.Module;

/**
 * {@code y = x * scale + offset} with constants, Keras' {@code Rescaling}: for pixel scaling inside a
 * model, or for the scaled logits of the airbench recipe (the last layer's output times 1/9, which
 * lets the head learn at the same rate as the rest of the network).
 */
public class Rescaling extends Module {
    private final float scale;
    private final float offset;

    /** Multiplies the input by {@code scale}. */
    public Rescaling(float scale) {
        this(scale, 0f);
    }

    /** Computes {@code x * scale + offset}, as Keras' Rescaling. */
    public Rescaling(float scale, float offset) {
        if (!Float.isFinite(scale) || !Float.isFinite(offset)) {
            throw new IllegalArgumentException(
                    "Rescaling: scale " + scale + " and offset " + offset + " must be finite");
        }
        this.scale = scale;
        this.offset = offset;
    }

    /** The factor inputs are multiplied by. */
    public float scale() {
        return scale;
    }

    /** What is added after scaling. */
    public float offset() {
        return offset;
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        return inputShape.clone();
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor scaled = x.mul(scale);
        return offset == 0f ? scaled : scaled.add(offset);
    }

    @Override
    public String name() {
        return "Rescaling(" + scale + (offset == 0f ? "" : ", " + offset) + ")";
    }
}
