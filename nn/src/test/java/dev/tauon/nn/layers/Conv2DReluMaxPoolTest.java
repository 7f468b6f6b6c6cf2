package dev.tauon.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tauon.core.Generator;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Activation;
import dev.tauon.nn.ForwardHook;
import dev.tauon.nn.Module;
import dev.tauon.nn.Sequential;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * In a {@code Sequential}, {@code Conv2D(..., RELU)} followed by {@code MaxPool2D(2)} runs as one
 * op ({@code Tensor.conv2dReluMaxPool}); it must be the two layers, to the bit in values and in
 * every gradient, and a forward hook on either layer must still see the layer's own output.
 */
class Conv2DReluMaxPoolTest {

    private static Sequential model(int seed) {
        return new Sequential(
                        new Conv2D(8, 3, Activation.RELU),
                        new MaxPool2D(2),
                        new Conv2D(6, 3, Activation.RELU).padding(Padding.SAME),
                        new MaxPool2D(2),
                        new Flatten(),
                        new Dense(5, Activation.SOFTMAX))
                .build(new Generator(seed), 3, 15, 15);
    }

    /** The layers one by one, through their own {@code call}s: what the model computed before the fusion. */
    private static Tensor layerByLayer(Sequential model, Tensor x) {
        for (int i = 0; i < model.layers().size() - 1; i++) {
            x = model.layer(i).call(x);
        }
        return model.layer(model.layers().size() - 1).callLogits(x);
    }

    @Test
    void sequentialGivesTheBitsOfTheLayersOneByOne() {
        Sequential fused = model(3);
        Sequential separate = model(3);
        Tensor x1 = Tensor.uniform(new Generator(4), -1, 1, 4, 3, 15, 15).requiresGrad(true);
        Tensor x2 = Tensor.uniform(new Generator(4), -1, 1, 4, 3, 15, 15).requiresGrad(true);
        Tensor a = fused.forwardLogits(x1);
        Tensor b = layerByLayer(separate, x2);
        assertArrayEquals(b.toArray(), a.toArray(), "logits");
        assertArrayEquals(separate.forward(x2).toArray(), fused.forward(x1).toArray(), "probabilities");
        Tensor weights = Tensor.uniform(new Generator(5), -1, 1, a.shape());
        a.mul(weights).sum().backward();
        b.mul(weights).sum().backward();
        assertArrayEquals(x2.grad().toArray(), x1.grad().toArray(), "input gradient");
        var expected = separate.parameters();
        fused.parameters()
                .forEach((name, p) -> assertArrayEquals(
                        expected.get(name).grad().toArray(), p.grad().toArray(), "gradient of " + name));
    }

    @Test
    void aHookedLayerStillSeesItsOwnOutput() {
        Sequential model = model(6);
        List<String> seen = new ArrayList<>();
        ForwardHook recorder = new ForwardHook() {
            @Override
            public Tensor afterForward(Module module, Tensor input, Tensor output) {
                seen.add(module.name() + " " + java.util.Arrays.toString(output.shape()));
                return output;
            }
        };
        Tensor x = Tensor.uniform(new Generator(7), -1, 1, 2, 3, 15, 15);
        Tensor before = model.forward(x);
        try (var r = model.layer(0).addForwardHook(recorder);
                var q = model.layer(3).addForwardHook(recorder)) {
            Tensor hooked = model.forward(x);
            assertArrayEquals(before.toArray(), hooked.toArray(), "the same output with the pairs run apart");
        }
        assertEquals(List.of("Conv2D(8, 3x3, relu) [2, 8, 13, 13]", "MaxPool2D(2) [2, 6, 3, 3]"), seen);
    }

    /** A subclass may change what forward does, so its pair with a pool is not fused. */
    @Test
    void subclassesAreNotFused() {
        Conv2D doubled = new Conv2D(4, 3, Activation.RELU) {
            @Override
            public Tensor forward(Tensor x) {
                return super.forward(x).mul(Tensor.scalar(2f));
            }
        };
        Sequential model = new Sequential(doubled, new MaxPool2D(2)).build(new Generator(8), 2, 8, 8);
        Tensor x = Tensor.uniform(new Generator(9), -1, 1, 2, 2, 8, 8);
        Tensor expected = doubled.forward(x).maxPool2d(2, 2);
        assertArrayEquals(expected.toArray(), model.forward(x).toArray());
    }
}
