package dev.tauon.core;

import static dev.tauon.core.Checks.assertRejects;
import static dev.tauon.core.Checks.assertValues;
import static dev.tauon.core.Checks.gradCheck;
import static dev.tauon.core.Checks.param;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** where and argmax. */
class SelectionOpsTest {
    private final Tensor a = Tensor.of(new float[] {1, 5, 3, 4, 2, 6}, 2, 3);

    @Test
    void whereSelectsWithBroadcasting() {
        Tensor mask = Tensor.of(new float[] {1, 0}, 2, 1);
        assertValues(Tensor.where(mask, a, Tensor.scalar(-1)), new int[] {2, 3}, 1, 5, 3, -1, -1, -1);
        Tensor columns = Tensor.of(new float[] {0, Float.NaN, -2}, 3); // NaN and any non-zero select a
        assertValues(Tensor.where(columns, a, a.neg()), new int[] {2, 3}, -1, 5, 3, -4, 2, 6);
        // selection, not arithmetic: an infinity on the side not taken does not leak in as NaN
        Tensor inf = Tensor.full(Float.POSITIVE_INFINITY, 2, 3);
        assertValues(Tensor.where(mask, a, inf).slice(0, 0, 1), new int[] {1, 3}, 1, 5, 3);
    }

    @Test
    void whereSendsEachGradientToTheSideTaken() {
        Tensor mask = Tensor.of(new float[] {1, 0, 1, 0, 0, 1}, 2, 3);
        Tensor x = param(1, 2, 3);
        Tensor row = param(2, 3);
        gradCheck(t -> Tensor.where(mask, t[0], t[1]), x, row);
        gradCheck(t -> Tensor.where(mask.slice(0, 0, 1), t[1], t[0].mul(t[0])), x, row);
        Tensor b = Tensor.zeros(3).requiresGrad(true);
        Tensor.where(mask, a, b).sum().backward();
        assertValues(b.grad(), new int[] {3}, 1, 2, 0); // the zeros of the mask, counted per column
    }

    @Test
    void argmaxGivesIndicesOutsideTheGraph() {
        assertValues(a.argmax(1), new int[] {2}, 1, 2);
        assertValues(a.argmax(0), new int[] {3}, 1, 0, 1);
        assertValues(a.argmax(-1), new int[] {2}, 1, 2);
        assertValues(Tensor.of(new float[] {2, 7, 7, 1}, 4).argmax(0), new int[0], 1); // first of ties
        assertValues(Tensor.of(new float[] {2, Float.NaN, 9, Float.NaN}, 4).argmax(0), new int[0], 1); // first NaN
        Tensor nchw = Tensor.arange(24).reshape(2, 3, 2, 2).mul(-1f);
        assertValues(nchw.argmax(1), new int[] {2, 2, 2}, 0, 0, 0, 0, 0, 0, 0, 0);
        assertValues(nchw.neg().argmax(1), new int[] {2, 2, 2}, 2, 2, 2, 2, 2, 2, 2, 2);
        Tensor p = param(3, 2, 3);
        Tensor idx = p.argmax(1);
        assertFalse(idx.requiresGrad());
        assertTrue(idx.isLeaf());
    }

    @Test
    void badShapesAreNamed() {
        assertRejects(() -> Tensor.where(Tensor.zeros(2), a, a), "where", "mask [2]", "a [2, 3]", "b [2, 3]");
        assertRejects(() -> Tensor.where(Tensor.zeros(2, 1), a, Tensor.zeros(2)), "where", "b [2]");
        assertRejects(() -> a.argmax(2), "argmax", "axis 2", "[2, 3]");
        assertRejects(() -> Tensor.zeros(2, 0).argmax(1), "argmax", "axis 1", "[2, 0]", "empty");
    }
}
