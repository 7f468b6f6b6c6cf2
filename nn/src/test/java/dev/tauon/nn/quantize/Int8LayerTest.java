package dev.tauon.nn.quantize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Generator;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Activation;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.layers.Conv2D;
import dev.tauon.nn.layers.Dense;
import dev.tauon.nn.layers.Flatten;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@link QuantizedModel#int8Layer} exposes is exactly what {@link QuantizedModel#predict} computes. */
class Int8LayerTest {

    @Test
    void aDenseLayersValuesReproduceItsOutputBitForBit() {
        Sequential model = new Sequential(new Flatten(), new Dense(5, Activation.LINEAR));
        model.build(new Generator(1), 2, 3);
        Tensor x = Tensor.randn(new Generator(2), 4, 2, 3).mul(3f);
        // calibrated on a smaller input, so that some of x is clamped at -127 and 127
        QuantizedModel q = QuantizedModel.quantize(model, List.of(x.mul(0.5f)), Calibrator.minMax());
        assertTrue(q.int8Layer(0).isEmpty(), "Flatten runs in float");
        Int8Layer d = q.int8Layer(1).orElseThrow();
        assertArrayEquals(new int[] {5, 6}, d.weight().shape(), "output channels first");
        float[] expected = new float[4 * 5];
        for (int n = 0; n < 4; n++) {
            for (int o = 0; o < 5; o++) {
                int sum = d.bias()[o];
                for (int i = 0; i < 6; i++) {
                    float v = (float) Math.rint(x.data()[n * 6 + i] / d.inputScale());
                    sum += (int) Math.max(-127, Math.min(127, v)) * d.weight().data()[o * 6 + i];
                }
                expected[n * 5 + o] = sum * d.outputScale()[o];
            }
        }
        assertArrayEquals(expected, q.predict(x).data());
        float[] w = model.layer(1).stateDict().get("weight").data();
        for (int o = 0; o < 5; o++) {
            assertEquals(d.inputScale() * d.weightScale()[o], d.outputScale()[o]);
            // the float weight is [inputs, units]; each int8 weight is it over its channel's scale, rounded
            assertEquals(
                    Math.rint(w[2 * 5 + o] / d.weightScale()[o]), d.weight().data()[o * 6 + 2], 0);
        }
    }

    @Test
    void aConvLayerKeepsItsWeightLayoutAndTheArraysAreCopies() {
        Sequential model = new Sequential(new Conv2D(4, 3).useBias(false));
        model.build(new Generator(3), 2, 5, 5);
        QuantizedModel q = QuantizedModel.quantize(
                model, List.of(Tensor.randn(new Generator(4), 2, 2, 5, 5)), Calibrator.minMax());
        Int8Layer c = q.int8Layer(0).orElseThrow();
        assertArrayEquals(new int[] {4, 2, 3, 3}, c.weight().shape());
        assertEquals(null, c.bias());
        c.weightScale()[0] = -1;
        assertTrue(q.int8Layer(0).orElseThrow().weightScale()[0] > 0);
        assertEquals(model, q.model());
    }
}
