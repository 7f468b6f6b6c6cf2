package dev.tauon.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.tauon.core.Generator;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Activation;
import org.junit.jupiter.api.Test;

/**
 * {@code Conv2D(..., Activation.RELU)} runs as one fused op (Tensor.conv2dRelu); it must be the
 * layer it replaces, a linear Conv2D followed by ReLU, to the bit in values and gradients.
 */
class Conv2DReluTest {

    @Test
    void fusedReluLayerIsConvThenRelu() {
        for (Padding padding : Padding.values()) {
            Conv2D fused = (Conv2D) new Conv2D(6, 3, Activation.RELU).padding(padding);
            Conv2D linear = (Conv2D) new Conv2D(6, 3).padding(padding);
            fused.build(new Generator(7), 3, 9, 8);
            linear.build(new Generator(7), 3, 9, 8);
            Tensor x1 = Tensor.uniform(new Generator(8), -1, 1, 4, 3, 9, 8).requiresGrad(true);
            Tensor x2 = Tensor.uniform(new Generator(8), -1, 1, 4, 3, 9, 8).requiresGrad(true);
            Tensor a = fused.forward(x1);
            Tensor b = linear.forward(x2).relu();
            assertArrayEquals(b.toArray(), a.toArray(), "forward, " + padding);
            Tensor weights = Tensor.uniform(new Generator(9), -1, 1, a.shape());
            a.mul(weights).sum().backward();
            b.mul(weights).sum().backward();
            assertArrayEquals(x2.grad().toArray(), x1.grad().toArray(), "input gradient, " + padding);
            assertArrayEquals(
                    linear.weight().grad().toArray(), fused.weight().grad().toArray(), "weight gradient");
            assertArrayEquals(
                    linear.bias().grad().toArray(), fused.bias().grad().toArray(), "bias gradient");
        }
        LayerGradientTest.check(new Conv2D(4, 3, Activation.RELU), 2, 5, 5);
    }
}
