package dev.tauon.core;

import static dev.tauon.core.Checks.assertRejects;
import static dev.tauon.core.Checks.assertValues;
import static dev.tauon.core.Checks.gradCheck;
import static dev.tauon.core.Checks.param;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class ShapeOpsTest {

    @Test
    void reshapeAndFlattenAreViews() {
        Tensor a = Tensor.arange(24).reshape(2, 3, 4);
        Tensor r = a.reshape(4, -1);
        assertValues(r.reshape(-1).reshape(6, 4).sum(1, false), new int[] {6}, 6, 22, 38, 54, 70, 86);
        assertSame(a.data(), r.data());
        assertSame(a.data(), a.flatten().data());
        assertValues(a.flatten(1).sum(1, false), new int[] {2}, 66, 210);
        assertValues(Tensor.zeros(2, 3, 4, 5).flatten(2), new int[] {2, 3, 20}, new float[120]);
        assertValues(Tensor.zeros(1, 1).flatten(0), new int[] {1}, 0);
    }

    @Test
    void permuteAndTransposeCopyInTheNewOrder() {
        Tensor a = Tensor.arange(6).reshape(2, 3);
        assertValues(a.transpose(0, 1), new int[] {3, 2}, 0, 3, 1, 4, 2, 5);
        Tensor b = Tensor.arange(24).reshape(2, 3, 4);
        Tensor p = b.permute(2, 0, 1);
        assertValues(p.reshape(-1).reshape(4, 6).sum(1, false), new int[] {4}, 60, 66, 72, 78);
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 4; k++) {
                    org.junit.jupiter.api.Assertions.assertEquals(b.get(i, j, k), p.get(k, i, j));
                }
            }
        }
    }

    @Test
    void gradients() {
        Tensor x = param(1, 2, 3, 4);
        gradCheck(t -> t[0].reshape(4, 6), x);
        gradCheck(t -> t[0].flatten(1), x);
        gradCheck(t -> t[0].permute(1, 2, 0), x);
        gradCheck(t -> t[0].transpose(0, 2), x);
        gradCheck(t -> t[0].transpose(-1, -2).reshape(2, -1).mul(t[0].reshape(2, 12)), x);
    }

    @Test
    void badShapesAreNamed() {
        Tensor a = Tensor.zeros(2, 3);
        assertRejects(() -> a.reshape(4, 2), "reshape", "[2, 3]", "[4, 2]");
        assertRejects(() -> a.reshape(-1, -1), "reshape", "only one");
        assertRejects(() -> a.reshape(4, -1), "reshape");
        assertRejects(() -> a.permute(0, 0), "permute", "[2, 3]");
        assertRejects(() -> a.permute(1), "permute");
        assertRejects(() -> a.transpose(0, 2), "transpose", "axis 2");
    }
}
