package dev.tauon.core;

import static dev.tauon.core.Checks.assertRejects;
import static dev.tauon.core.Checks.assertValues;
import static dev.tauon.core.Checks.gradCheck;
import static dev.tauon.core.Checks.param;

import org.junit.jupiter.api.Test;

class SliceConcatPadTest {
    private final Tensor a = Tensor.arange(24).reshape(2, 3, 4);

    @Test
    void sliceCopiesARangeOfOneAxis() {
        assertValues(a.slice(1, 1, 3), new int[] {2, 2, 4}, 4, 5, 6, 7, 8, 9, 10, 11, 16, 17, 18, 19, 20, 21, 22, 23);
        assertValues(a.slice(-1, 1, 2), new int[] {2, 3, 1}, 1, 5, 9, 13, 17, 21);
        assertValues(a.slice(0, 1, 1), new int[] {0, 3, 4});
        assertValues(a.slice(0, 0, 2).sum(), new int[0], 276);
    }

    @Test
    void concatJoinsAlongAnExistingAxis() {
        Tensor x = Tensor.arange(6).reshape(2, 3);
        Tensor y = Tensor.of(new float[] {6, 7}, 2, 1);
        assertValues(Tensor.concat(1, x, y), new int[] {2, 4}, 0, 1, 2, 6, 3, 4, 5, 7);
        assertValues(Tensor.concat(-1, y, x, y), new int[] {2, 5}, 6, 0, 1, 2, 6, 7, 3, 4, 5, 7);
        assertValues(Tensor.concat(0, x, x), new int[] {4, 3}, 0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5);
        assertValues(Tensor.concat(0, Tensor.zeros(0, 3), x), new int[] {2, 3}, 0, 1, 2, 3, 4, 5);
    }

    @Test
    void stackJoinsAlongANewAxis() {
        Tensor x = Tensor.arange(6).reshape(2, 3);
        Tensor y = x.add(10f);
        assertValues(Tensor.stack(0, x, y), new int[] {2, 2, 3}, 0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15);
        assertValues(Tensor.stack(1, x, y), new int[] {2, 2, 3}, 0, 1, 2, 10, 11, 12, 3, 4, 5, 13, 14, 15);
        assertValues(Tensor.stack(-1, x, y), new int[] {2, 3, 2}, 0, 10, 1, 11, 2, 12, 3, 13, 4, 14, 5, 15);
        assertValues(Tensor.stack(0, Tensor.scalar(1), Tensor.scalar(2)), new int[] {2}, 1, 2);
    }

    @Test
    void zeroPaddingFollowsPyTorchOrder() {
        Tensor row = Tensor.of(new float[] {1, 2, 3}, 1, 3);
        assertValues(row.pad(PadMode.ZERO, 1, 2), new int[] {1, 6}, 0, 1, 2, 3, 0, 0);
        // (left, right, top, bottom): last axis first
        Tensor img = Tensor.of(new float[] {1, 2, 3, 4}, 1, 1, 2, 2);
        assertValues(img.pad(PadMode.ZERO, 0, 1, 2, 0), new int[] {1, 1, 4, 3}, 0, 0, 0, 0, 0, 0, 1, 2, 0, 3, 4, 0);
        assertValues(img.pad(PadMode.ZERO), new int[] {1, 1, 2, 2}, 1, 2, 3, 4);
    }

    @Test
    void reflectPaddingDoesNotRepeatTheEdge() {
        Tensor row = Tensor.of(new float[] {1, 2, 3}, 3);
        assertValues(row.pad(PadMode.REFLECT, 2, 2), new int[] {7}, 3, 2, 1, 2, 3, 2, 1);
        // torch.nn.functional.pad(torch.arange(9.).view(1, 1, 3, 3), (1, 1, 1, 1), mode='reflect')
        assertValues(
                Tensor.arange(9).reshape(1, 1, 3, 3).pad(PadMode.REFLECT, 1, 1, 1, 1),
                new int[] {1, 1, 5, 5},
                4,
                3,
                4,
                5,
                4,
                1,
                0,
                1,
                2,
                1,
                4,
                3,
                4,
                5,
                4,
                7,
                6,
                7,
                8,
                7,
                4,
                3,
                4,
                5,
                4);
        // each input element receives the gradient of every output that reads it
        Tensor x = Tensor.of(new float[] {1, 2, 3}, 3).requiresGrad(true);
        x.pad(PadMode.REFLECT, 2, 2).sum().backward();
        assertValues(x.grad(), new int[] {3}, 2, 3, 2);
    }

    @Test
    void gradients() {
        Tensor x = param(1, 2, 3, 4);
        gradCheck(t -> t[0].slice(1, 1, 3), x);
        gradCheck(t -> t[0].slice(2, 0, 1).mul(t[0].slice(2, 3, 4)), x);
        Tensor y = param(2, 2, 1, 4);
        gradCheck(t -> Tensor.concat(1, t[0], t[1], t[0]), x, y);
        gradCheck(t -> Tensor.stack(1, t[0], t[0].mul(t[0])), x);
        Tensor img = param(3, 2, 2, 3, 4);
        gradCheck(t -> t[0].pad(PadMode.ZERO, 1, 2, 2, 1), img);
        gradCheck(t -> t[0].pad(PadMode.REFLECT, 3, 2, 1, 2), img);
        gradCheck(t -> t[0].pad(PadMode.REFLECT, 1, 1, 2, 2, 1, 0), img);
    }

    @Test
    void badArgumentsAreNamed() {
        assertRejects(() -> a.slice(1, 2, 4), "slice", "[2, 4)", "axis 1", "[2, 3, 4]", "<= 3");
        assertRejects(() -> a.slice(1, 2, 1), "slice", "[2, 1)");
        assertRejects(() -> a.slice(1, -1, 1), "slice", "[-1, 1)");
        assertRejects(() -> a.slice(3, 0, 1), "slice", "axis 3", "[2, 3, 4]");
        assertRejects(() -> Tensor.concat(0), "concat", "no tensors");
        assertRejects(
                () -> Tensor.concat(1, a, Tensor.zeros(2, 3, 5)),
                "concat",
                "tensor 1 [2, 3, 5]",
                "tensor 0 [2, 3, 4]",
                "but 1");
        assertRejects(() -> Tensor.concat(0, a, Tensor.zeros(3, 4)), "concat", "tensor 1 [3, 4]");
        assertRejects(() -> Tensor.concat(0, Tensor.scalar(1)), "concat", "axis 0", "[]");
        assertRejects(() -> Tensor.stack(0), "stack", "no tensors");
        assertRejects(
                () -> Tensor.stack(0, a, Tensor.zeros(2, 3, 5)), "stack", "tensor 1 [2, 3, 5]", "tensor 0 [2, 3, 4]");
        assertRejects(() -> Tensor.stack(4, a), "stack", "axis 4", "[2, 3, 4]", "-4 to 3");
        assertRejects(() -> Tensor.stack(-5, a), "stack", "axis -5");
        assertRejects(() -> a.pad(PadMode.ZERO, 1, 1, 1), "pad", "[1, 1, 1]", "[2, 3, 4]", "pairs");
        assertRejects(() -> a.pad(PadMode.ZERO, 1, 1, 1, 1, 1, 1, 1, 1), "pad", "at most one per axis (3)");
        assertRejects(() -> a.pad(PadMode.ZERO, 1, -1), "pad", ">= 0", "slice");
        assertRejects(() -> a.pad(PadMode.REFLECT, 4, 0), "pad", "reflect", "axis 2", "size 4");
        assertRejects(() -> a.pad(PadMode.REFLECT, 0, 0, 0, 3), "pad", "reflect", "axis 1", "size 3");
    }
}
