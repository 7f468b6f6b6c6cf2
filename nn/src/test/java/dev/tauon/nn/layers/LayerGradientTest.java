package dev.tauon.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Generator;
import dev.tauon.core.GradCheck;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Activation;
import dev.tauon.nn.Module;
import dev.tauon.nn.Sequential;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Gradients through every layer, with respect to the input and every parameter. */
class LayerGradientTest {

    /** Checks d(out)/d(input) and d(out)/d(each parameter) of {@code layer} built for {@code shape}. */
    static void check(Module layer, int... shape) {
        layer.build(new Generator(11), shape);
        int[] batched = new int[shape.length + 1];
        batched[0] = 2;
        System.arraycopy(shape, 0, batched, 1, shape.length);
        Tensor x = Tensor.uniform(new Generator(5), -1f, 1f, batched).requiresGrad(true);
        List<Tensor> inputs = new ArrayList<>();
        inputs.add(x);
        inputs.addAll(layer.parameters().values());
        // A small step keeps the differences from straddling ReLU's kink at 0; float32 noise is still far below
        // tolerance.
        GradCheck.Result r =
                GradCheck.compare(in -> layer.forward(in[0]), 1e-3, 1e-2, 1e-2, inputs.toArray(new Tensor[0]));
        assertTrue(r.passed(), layer.name() + ": " + r.where());
        int[] out = layer.forward(x).shape();
        assertArrayEquals(
                layer.outputShape(shape),
                Arrays.copyOfRange(out, 1, out.length),
                layer.name() + ": outputShape must agree with forward");
    }

    @Test
    void dense() {
        for (Activation a : Activation.values()) {
            check(new Dense(3, a), 4);
        }
    }

    @Test
    void conv2dValidSameAndStrided() {
        check(new Conv2D(3, 3, Activation.RELU), 2, 5, 5);
        check(new Conv2D(2, 3).padding(Padding.SAME), 2, 4, 4);
        check(new Conv2D(2, 3, 3, Activation.TANH).stride(2), 1, 5, 5);
        assertArrayEquals(
                new int[] {2, 4, 4}, new Conv2D(2, 3).padding(Padding.SAME).outputShape(new int[] {2, 4, 4}));
        assertArrayEquals(
                new int[] {2, 3, 3},
                new Conv2D(2, 3).stride(2).padding(Padding.SAME).outputShape(new int[] {1, 5, 5}));
    }

    @Test
    void sameWithUnevenPaddingIsRefused() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new Conv2D(2, 2).padding(Padding.SAME).outputShape(new int[] {1, 4, 4}));
        assertEquals(
                true,
                e.getMessage().startsWith("Conv2D(2, 2x2, same): 'same' padding of height 4 needs 1 pixels"),
                e.getMessage());
    }

    @Test
    void poolingFlattenAndActivations() {
        check(new MaxPool2D(2), 2, 4, 4);
        check(new MaxPool2D(3, 2), 1, 5, 5);
        check(new MaxPool2D(3, 2, 1), 2, 5, 6);
        check(new AvgPool2D(2), 2, 4, 4);
        check(new AvgPool2D(3, 1, 1), 2, 4, 5);
        check(new GlobalAvgPool2D(), 3, 3, 4);
        check(new GlobalAvgPool2D(true), 2, 2, 3);
        check(new GlobalMaxPool2D(), 3, 3, 4);
        check(new GlobalMaxPool2D(true), 2, 2, 3);
        check(new Flatten(), 2, 3, 3);
        check(new ReLU(), 6);
        check(new Sigmoid(), 6);
        check(new Tanh(), 6);
        check(new Softmax(), 6);
    }

    @Test
    void wholeSequentialCnn() {
        check(
                new Sequential(
                        new Conv2D(2, 3, Activation.TANH),
                        new MaxPool2D(2),
                        new Flatten(),
                        new Dense(3, Activation.SOFTMAX)),
                1,
                6,
                6);
    }

    @Test
    void residualBlocks() {
        check(
                new Residual(new Sequential(
                        new Conv2D(2, 3, Activation.RELU).padding(Padding.SAME),
                        new Conv2D(2, 3).padding(Padding.SAME))),
                2,
                4,
                4);
        check(
                new Residual(
                        new Conv2D(3, 3, Activation.TANH).stride(2).padding(Padding.SAME), new Conv2D(3, 1).stride(2)),
                2,
                5,
                5);
        check(new Residual(new Dense(4, Activation.TANH)), 4);
    }

    @Test
    void dropoutGradientMasksLikeTheForward() {
        Dropout d = new Dropout(0.5f, 99);
        d.build(4);
        Generator g = d.generators().get("generator");
        long[] start = g.state();
        Tensor x = Tensor.uniform(new Generator(5), -1f, 1f, 3, 4).requiresGrad(true);
        GradCheck.check(
                in -> {
                    g.setState(start); // the same mask on every evaluation of the check
                    return d.forward(in[0]);
                },
                x);
    }

    @Test
    void dropoutOnlyInTraining() {
        Dropout d = new Dropout(0.5f, 1);
        Tensor x = Tensor.ones(200);
        Tensor trained = d.forward(x.reshape(1, 200));
        long zeros = 0;
        for (float v : trained.data()) {
            assertEquals(true, v == 0f || v == 2f, "kept values are scaled by 1/(1-rate)");
            zeros += v == 0f ? 1 : 0;
        }
        assertNotEquals(0, zeros);
        assertNotEquals(200, zeros);
        d.eval();
        Tensor evaluated = d.forward(x);
        assertSame(x, evaluated);
    }

    @Test
    void unbuiltLayerSaysSo() {
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> new Dense(3).forward(Tensor.ones(2, 4)));
        assertEquals(
                "Dense(3) is not built: call build(inputShape) on it or on its model before forward (input [2, 4])",
                e.getMessage());
    }
}
