package dev.tauon.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tauon.core.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradientClippingTest {

    /** Parameters a (2 values), b (1 value) and c (no gradient), with gradients a: (3, 0), b: (4): joint norm 5. */
    private static List<Tensor> parameters() {
        Tensor a = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true);
        Tensor b = Tensor.of(new float[] {5}, 1).requiresGrad(true);
        Tensor c = Tensor.of(new float[] {7}, 1).requiresGrad(true);
        a.mul(Tensor.of(new float[] {3, 0}, 2)).sum().add(b.mul(4f).sum()).backward();
        return List.of(a, b, c);
    }

    @Test
    void aNormAboveTheLimitScalesEveryGradientByLimitOverNorm() {
        List<Tensor> p = parameters();
        assertEquals(5f, GradientClipping.clipGlobalNorm(p, 1f));
        float scale = (float) (1 / (5 + 1e-6)); // PyTorch's max_norm / (norm + 1e-6)
        assertArrayEquals(new float[] {3 * scale, 0}, p.get(0).grad().data());
        assertArrayEquals(new float[] {4 * scale}, p.get(1).grad().data());
        assertNull(p.get(2).grad(), "a parameter without a gradient is skipped");
        assertEquals(1.0, GradientClipping.clipGlobalNorm(p, 1f), 1e-6, "the norm is now the limit");
    }

    @Test
    void aNormAtOrBelowTheLimitLeavesTheGradientsAlone() {
        List<Tensor> p = parameters();
        assertEquals(5f, GradientClipping.clipGlobalNorm(p, 5f));
        assertEquals(5f, GradientClipping.clipGlobalNorm(p, 10f));
        assertArrayEquals(new float[] {3, 0}, p.get(0).grad().data());
        assertArrayEquals(new float[] {4}, p.get(1).grad().data());
    }

    @Test
    void theNormIsSummedInDoubleOverAllEntries() {
        // one gradient of 1 and 10,000 of 1e-3: a float sum would round each 1e-6 square added to 1, off by 0.5% in all
        Tensor big = Tensor.of(new float[] {1}, 1).requiresGrad(true);
        Tensor small = Tensor.zeros(10_000).requiresGrad(true);
        big.sum().add(small.mul(1e-3f).sum()).backward();
        double expected = Math.sqrt(1 + 10_000 * (double) 1e-3f * 1e-3f);
        assertEquals((float) expected, GradientClipping.clipGlobalNorm(List.of(big, small), 100f));
    }

    @Test
    void aNonFiniteNormIsReportedAndChangesNothing() {
        Tensor a = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true);
        a.mul(Tensor.of(new float[] {Float.POSITIVE_INFINITY, 1}, 2)).sum().backward();
        assertEquals(Float.POSITIVE_INFINITY, GradientClipping.clipGlobalNorm(List.of(a), 1f));
        assertArrayEquals(new float[] {Float.POSITIVE_INFINITY, 1}, a.grad().data());
    }

    @Test
    void theLimitMustBePositiveAndFinite() {
        assertThrows(IllegalArgumentException.class, () -> GradientClipping.clipGlobalNorm(parameters(), 0f));
        assertThrows(IllegalArgumentException.class, () -> GradientClipping.clipGlobalNorm(parameters(), Float.NaN));
        assertThrows(
                IllegalArgumentException.class,
                () -> GradientClipping.clipGlobalNorm(parameters(), Float.POSITIVE_INFINITY));
    }
}
