package dev.tauon.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tauon.core.Tensor;
import dev.tauon.nn.Sequential;
import org.junit.jupiter.api.Test;

class RescalingTest {

    @Test
    void scalesAndShiftsWithoutParameters() {
        Rescaling r = new Rescaling(1f / 255, -0.5f);
        Tensor y = r.forward(Tensor.of(new float[] {0, 255, 51}, 1, 3));
        assertArrayEquals(new float[] {-0.5f, 0.5f, 51f / 255 - 0.5f}, y.toArray(), 1e-7f);
        assertEquals(0, new Sequential(new Flatten(), r).build(3, 2, 2).parameterCount());
        assertArrayEquals(new int[] {3, 4, 4}, r.outputShape(new int[] {3, 4, 4}));
        assertEquals("Rescaling(0.11111111)", new Rescaling(1f / 9).name());
    }

    @Test
    void gradientsFlowThrough() {
        LayerGradientTest.check(new Rescaling(-3f, 2f), 2, 3);
    }

    @Test
    void nonFiniteConstantsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Rescaling(Float.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Rescaling(1f, Float.POSITIVE_INFINITY));
    }
}
