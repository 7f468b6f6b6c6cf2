package dev.tauon.nn.io;

import dev.tauon.core.Shapes;
import java.util.Arrays;

/**
 * An int8 tensor as a safetensors file holds it (dtype I8): the values row-major and the shape.
 * Quantised models keep their weights so; Tauon's {@code Tensor} is float only.
 *
 * @param data  the values, row-major; not copied
 * @param shape the dimensions; their product is {@code data.length}
 */
public record Int8Tensor(byte[] data, int[] shape) {
    /** @throws IllegalArgumentException if the shape has a negative dimension or does not match the data */
    public Int8Tensor {
        long count = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("Int8Tensor: negative dimension in shape " + Arrays.toString(shape));
            }
            count *= d;
        }
        if (count != data.length) {
            throw new IllegalArgumentException("Int8Tensor: shape " + Shapes.str(shape) + " holds " + count
                    + " values but the data has " + data.length);
        }
        shape = shape.clone();
    }

    /** A copy of the shape. */
    @Override
    public int[] shape() {
        return shape.clone();
    }
}
