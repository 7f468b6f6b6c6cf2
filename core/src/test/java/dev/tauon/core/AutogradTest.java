package dev.tauon.core;

import static dev.tauon.core.Checks.assertValues;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AutogradTest {

    @Test
    void gradientsAccumulateUntilZeroed() {
        Tensor x = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true);
        x.mul(3f).sum().backward();
        assertValues(x.grad(), new int[] {2}, 3, 3);
        x.mul(x).sum().backward();
        assertValues(x.grad(), new int[] {2}, 5, 7);
        x.zeroGrad();
        assertNull(x.grad());
        x.sum().backward();
        assertValues(x.grad(), new int[] {2}, 1, 1);
    }

    @Test
    void elementwiseBackwardReusesOnlyGradientsNobodyKeeps() {
        // exp and relu write their input's gradient over their output's when that is dropped after
        // backward; a retained gradient, and a gradient still being summed from two consumers, must
        // come out as if every op had allocated its own.
        Tensor x = Tensor.of(new float[] {-1, 0.5f, 2}, 3).requiresGrad(true);
        Tensor h = x.mul(2f).retainGrad(); // -2, 1, 4
        Tensor r = h.relu(); // 0, 1, 4
        Tensor e = r.exp().retainGrad(); // 1, e, e^4
        Tensor y = e.mul(3f).add(r.relu().mul(r)); // 3 e^r + r^2 (r >= 0)
        y.sum().backward();
        float e1 = (float) Math.exp(1);
        float e4 = (float) Math.exp(4);
        assertValues(e.grad(), new int[] {3}, 3, 3, 3);
        // dy/dr = 3 e^r + 2r where r > 0; relu passes it where h > 0
        assertValues(h.grad(), new int[] {3}, 0, 3 * e1 + 2, 3 * e4 + 8);
        assertValues(x.grad(), new int[] {3}, 0, 2 * (3 * e1 + 2), 2 * (3 * e4 + 8));
        assertNull(r.grad(), "an intermediate without retainGrad keeps no gradient");
    }

    @Test
    void reusedTensorGetsTheSumOfItsGradients() {
        Tensor x = Tensor.of(new float[] {3}, 1).requiresGrad(true);
        Tensor y = x.mul(x).add(x).add(x.exp().log().mul(2f)); // x^2 + 3x
        y.sum().backward();
        assertValues(x.grad(), new int[] {1}, 9);
    }

    @Test
    void diamondGraphVisitsEachNodeOnce() {
        Tensor x = Tensor.of(new float[] {2}, 1).requiresGrad(true);
        Tensor h = x.mul(x); // 4, dh/dx = 2x
        Tensor y = h.add(h).mul(h); // 2h^2 -> dy/dh = 4h = 16
        y.backward(Tensor.ones(1));
        assertValues(x.grad(), new int[] {1}, 64);
    }

    @Test
    void noGradScopeRecordsNothing() {
        Tensor w = Tensor.ones(2).requiresGrad(true);
        Tensor y;
        try (NoGrad scope = NoGrad.enter()) {
            assertFalse(NoGrad.gradEnabled());
            try (NoGrad inner = NoGrad.enter()) {
                assertFalse(NoGrad.gradEnabled());
            }
            assertFalse(NoGrad.gradEnabled());
            y = w.mul(2f);
        }
        assertTrue(NoGrad.gradEnabled());
        assertFalse(y.requiresGrad());
        assertTrue(y.isLeaf());
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> y.sum().backward());
        assertTrue(e.getMessage().contains("no graph"), e.getMessage());
    }

    @Test
    void detachCutsTheGraphButSharesValues() {
        Tensor x = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true);
        Tensor d = x.mul(2f).detach();
        assertFalse(d.requiresGrad());
        assertValues(d, new int[] {2}, 2, 4);
        x.mul(d).sum().backward();
        assertValues(x.grad(), new int[] {2}, 2, 4);
    }

    @Test
    void onlyTensorsThatAskGetGradients() {
        Tensor x = Tensor.ones(2).requiresGrad(true);
        Tensor c = Tensor.full(5f, 2);
        x.mul(c).sum().backward();
        assertValues(x.grad(), new int[] {2}, 5, 5);
        assertNull(c.grad());
        assertThrows(IllegalStateException.class, () -> x.mul(c).requiresGrad(false));
    }

    @Test
    void intermediatesAreReleasedAndSecondBackwardIsAnError() {
        Tensor x = Tensor.ones(3).requiresGrad(true);
        Tensor h = x.mul(2f);
        Tensor kept = x.add(1f).retainGrad();
        Tensor loss = h.mul(kept).sum();
        loss.backward();
        assertNull(h.grad(), "an intermediate's gradient is dropped after backward");
        assertNotNull(kept.grad(), "retainGrad keeps it");
        assertValues(x.grad(), new int[] {3}, 6, 6, 6);
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("already released"), e.getMessage());
        // a fresh forward pass works again
        x.mul(2f).sum().backward();
        assertValues(x.grad(), new int[] {3}, 8, 8, 8);
    }

    @Test
    void backwardNeedsAScalarOrAGradient() {
        Tensor x = Tensor.ones(2).requiresGrad(true);
        Tensor y = x.mul(3f);
        assertThrows(IllegalArgumentException.class, y::backward);
        assertThrows(IllegalArgumentException.class, () -> y.backward(Tensor.ones(3)));
        y.backward(Tensor.of(new float[] {1, 2}, 2));
        assertValues(x.grad(), new int[] {2}, 3, 6);
    }

    @Test
    void aLeafCanBeTheRoot() {
        Tensor x = Tensor.scalar(4f).requiresGrad(true);
        x.backward();
        assertEquals(1f, x.grad().item());
    }

    @Test
    void deepChainDoesNotOverflowTheStack() {
        Tensor x = Tensor.scalar(0f).requiresGrad(true);
        Tensor y = x;
        for (int i = 0; i < 100_000; i++) {
            y = y.add(1f);
        }
        assertEquals(100_000f, y.item());
        y.backward();
        assertEquals(1f, x.grad().item());
    }

    @Test
    void viewGradientsReachTheBase() {
        Tensor x = Tensor.arange(6).requiresGrad(true);
        Tensor m = x.reshape(2, 3);
        m.mul(m).sum().backward();
        assertValues(x.grad(), new int[] {6}, 0, 2, 4, 6, 8, 10);
    }
}
