package dev.tauon.core;

import static dev.tauon.core.Checks.assertRejects;
import static dev.tauon.core.Checks.assertValues;
import static dev.tauon.core.Checks.distinct;
import static dev.tauon.core.Checks.gradCheck;
import static dev.tauon.core.Checks.param;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ReductionOpsTest {
    private final Tensor a = Tensor.of(new float[] {1, 5, 3, 4, 2, 6}, 2, 3);

    @Test
    void sumAndMean() {
        assertValues(a.sum(), new int[0], 21);
        assertValues(a.mean(), new int[0], 3.5f);
        assertValues(a.sum(0, false), new int[] {3}, 5, 7, 9);
        assertValues(a.sum(1, true), new int[] {2, 1}, 9, 12);
        assertValues(a.sum(-1, false), new int[] {2}, 9, 12);
        assertValues(a.mean(0, true), new int[] {1, 3}, 2.5f, 3.5f, 4.5f);
        assertValues(a.mean(1, false), new int[] {2}, 3, 4);
    }

    @Test
    void maxTakesTheFirstOfTies() {
        assertValues(a.max(1, false), new int[] {2}, 5, 6);
        assertValues(a.max(0, true), new int[] {1, 3}, 4, 5, 6);
        Tensor ties = Tensor.of(new float[] {2, 2, 1}, 1, 3).requiresGrad(true);
        ties.max(1, false).sum().backward();
        assertValues(ties.grad(), new int[] {1, 3}, 1, 0, 0);
    }

    @Test
    void maxPropagatesNaNWhereverItSits() {
        for (float[] row : new float[][] {{1, Float.NaN, 3}, {Float.NaN, 1, 3}, {1, 3, Float.NaN}}) {
            Tensor x = Tensor.of(row.clone(), 1, 3).requiresGrad(true);
            Tensor m = x.max(1, false);
            assertTrue(Float.isNaN(m.item()), Arrays.toString(row) + " gave " + m.item());
            m.sum().backward();
            for (int i = 0; i < 3; i++) {
                assertEquals(Float.isNaN(row[i]) ? 1f : 0f, x.grad().data()[i], "gradient goes to the NaN");
            }
        }
        // the first NaN wins over a later one
        Tensor two = Tensor.of(new float[] {1, Float.NaN, Float.NaN}, 1, 3).requiresGrad(true);
        two.max(1, false).sum().backward();
        assertValues(two.grad(), new int[] {1, 3}, 0, 1, 0);
    }

    @Test
    void reductionsOfAnEmptyTensorRefuseResultsTooLargeForAnArray() {
        Tensor empty = Tensor.zeros(0, 65537, 65537);
        assertRejects(() -> empty.sum(0, false), "[0, 65537, 65537]", "more than 2^31-1");
        // the dimensions on each side fit an int, their product does not
        assertRejects(() -> Tensor.zeros(65537, 0, 65537).sum(1, false), "[65537, 65537]", "more than 2^31-1");
        assertValues(Tensor.zeros(0, 3).sum(0, false), new int[] {3}, 0, 0, 0);
    }

    @Test
    void gradients() {
        Tensor x = param(1, 2, 3, 4);
        gradCheck(t -> t[0].sum(), x);
        gradCheck(t -> t[0].mean(), x);
        for (int axis = 0; axis < 3; axis++) {
            int ax = axis;
            gradCheck(t -> t[0].sum(ax, false), x);
            gradCheck(t -> t[0].mean(ax, true), x);
            gradCheck(t -> t[0].max(ax, ax == 1), distinct(3, 2, 3, 4));
        }
        gradCheck(t -> t[0].sum(0, false), param(2, 1, 5));
    }

    @Test
    void badAxisIsNamed() {
        assertRejects(() -> a.sum(2, false), "sum", "axis 2", "[2, 3]");
        assertRejects(() -> a.max(-3, false), "max", "axis -3");
        assertRejects(() -> a.mean(5, true), "mean", "axis 5");
    }
}
