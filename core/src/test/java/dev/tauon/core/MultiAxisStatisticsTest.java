package dev.tauon.core;

import static dev.tauon.core.Checks.assertRejects;
import static dev.tauon.core.Checks.assertValues;
import static dev.tauon.core.Checks.gradCheck;
import static dev.tauon.core.Checks.param;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** mean and variance over several axes, as batch and layer normalisation need them. */
class MultiAxisStatisticsTest {
    /** Element (i, j, k) is 12i + 4j + k. */
    private final Tensor a = Tensor.arange(24).reshape(2, 3, 4);

    @Test
    void meanOverSeveralAxes() {
        assertValues(a.mean(new int[] {0, 2}, false), new int[] {3}, 7.5f, 11.5f, 15.5f);
        assertValues(a.mean(new int[] {2, -3}, true), new int[] {1, 3, 1}, 7.5f, 11.5f, 15.5f);
        assertValues(a.mean(new int[] {0, 1, 2}, false), new int[0], 11.5f);
        assertArrayEquals(
                a.mean(1, false).toArray(), a.mean(new int[] {1}, false).toArray());
    }

    @Test
    void varianceWithAndWithoutCorrection() {
        // over i and k: var(12i) + var(k) = 36 + 1.25 for every j
        assertValues(a.variance(new int[] {0, 2}, false, 0), new int[] {3}, 37.25f, 37.25f, 37.25f);
        assertValues(
                a.variance(new int[] {0, 2}, true, 1),
                new int[] {1, 3, 1},
                37.25f * 8 / 7,
                37.25f * 8 / 7,
                37.25f * 8 / 7);
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        assertValues(x.variance(new int[] {1}, false, 0), new int[] {2}, 0.25f, 0.25f);
        assertValues(x.variance(new int[] {0, 1}, false, 1), new int[0], 5f / 3);
    }

    @Test
    void gradients() {
        Tensor x = param(1, 2, 3, 4);
        gradCheck(t -> t[0].mean(new int[] {0, 2}, false), x);
        gradCheck(t -> t[0].mean(new int[] {1}, true).mul(t[0]), x);
        gradCheck(t -> t[0].variance(new int[] {0, 2}, false, 0), x);
        gradCheck(t -> t[0].variance(new int[] {-1}, true, 1), x);
        // normalisation as batch norm does it, over N, H and W of NCHW
        Tensor img = param(2, 3, 2, 2, 2);
        gradCheck(
                t -> t[0].sub(t[0].mean(new int[] {0, 2, 3}, true))
                        .div(t[0].variance(new int[] {0, 2, 3}, true, 0)
                                .add(1e-5f)
                                .sqrt()),
                img);
    }

    @Test
    void badAxesAndCorrectionsAreNamed() {
        assertRejects(() -> a.mean(new int[0], false), "mean", "no axes", "[2, 3, 4]");
        assertRejects(() -> a.mean(new int[] {0, -3}, false), "mean", "[0, -3]", "axis 0", "twice");
        assertRejects(() -> a.mean(new int[] {3}, false), "mean", "axis 3", "[2, 3, 4]");
        assertRejects(
                () -> a.variance(new int[] {0}, false, 2),
                "variance",
                "correction 2",
                "2 elements",
                "[0]",
                "[2, 3, 4]");
        assertRejects(() -> a.variance(new int[] {0}, false, -1), "variance", "correction -1");
        assertRejects(() -> a.variance(new int[] {1, 1}, false, 0), "variance", "twice");
    }

    @Test
    void meanOfAnEmptyAxisIsNaNAsInPyTorch() {
        assertTrue(Float.isNaN(Tensor.zeros(2, 0).mean(new int[] {1}, false).toArray()[0]));
    }
}
