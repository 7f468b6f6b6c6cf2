package dev.tauon.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tauon.core.Generator;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Activation;
import dev.tauon.nn.Sequential;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code useBias(false)}: the layer has only its weight, computes the affine map without a bias, and trains. */
class NoBiasTest {

    @Test
    void convolutionWithoutBias() {
        Conv2D conv = (Conv2D) new Conv2D(4, 3).padding(Padding.SAME).useBias(false);
        conv.build(new Generator(3), 2, 5, 5);
        assertEquals(List.of("weight"), List.copyOf(conv.parameters().keySet()));
        assertNull(conv.bias());
        Tensor x = Tensor.uniform(new Generator(4), -1, 1, 2, 2, 5, 5);
        assertArrayEquals(
                x.conv2d(conv.weight(), null, 1, 1).toArray(), conv.forward(x).toArray());
        LayerGradientTest.check(conv, 2, 5, 5);
    }

    @Test
    void denseWithoutBias() {
        Dense dense = (Dense) new Dense(3, Activation.TANH).useBias(false);
        Sequential model = new Sequential(dense).build(new Generator(5), 4);
        assertEquals(12, model.parameterCount());
        Tensor x = Tensor.uniform(new Generator(6), -1, 1, 2, 4);
        assertArrayEquals(
                x.matmul(dense.weight()).tanh().toArray(), model.forward(x).toArray());
        LayerGradientTest.check(model, 4);
    }

    @Test
    void onlyBeforeBuild() {
        Dense dense = new Dense(3);
        dense.build(2);
        assertThrows(IllegalStateException.class, () -> dense.useBias(false));
    }
}
