package dev.tauon.core;

import static dev.tauon.core.Checks.assertRejects;
import static dev.tauon.core.Checks.assertValues;
import static dev.tauon.core.Checks.gradCheck;
import static dev.tauon.core.Checks.param;

import org.junit.jupiter.api.Test;

class MatmulOpsTest {

    @Test
    void twoDimensional() {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor b = Tensor.of(new float[] {7, 8, 9, 10, 11, 12}, 3, 2);
        assertValues(a.matmul(b), new int[] {2, 2}, 58, 64, 139, 154);
        assertValues(
                Tensor.of(new float[] {2}, 1, 1).matmul(Tensor.of(new float[] {3, 4}, 1, 2)), new int[] {1, 2}, 6, 8);
    }

    @Test
    void batched() {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4, /* second */ 0, 1, 1, 0}, 2, 2, 2);
        Tensor b = Tensor.of(new float[] {5, 6, 7, 8, /* second */ 5, 6, 7, 8}, 2, 2, 2);
        assertValues(a.matmul(b), new int[] {2, 2, 2}, 19, 22, 43, 50, 7, 8, 5, 6);
    }

    @Test
    void gradients() {
        gradCheck(t -> t[0].matmul(t[1]), param(1, 3, 4), param(2, 4, 5));
        gradCheck(t -> t[0].matmul(t[1]), param(3, 1, 1), param(4, 1, 3));
        gradCheck(t -> t[0].matmul(t[1]), param(5, 2, 3, 4), param(6, 2, 4, 2));
        gradCheck(t -> t[0].matmul(t[0].transpose(0, 1)), param(7, 3, 2));
    }

    @Test
    void badShapesAreNamed() {
        assertRejects(
                () -> Tensor.zeros(64, 1024).matmul(Tensor.zeros(512, 64)),
                "matmul: [64, 1024] @ [512, 64]: inner dimensions 1024 and 512 differ");
        assertRejects(() -> Tensor.zeros(2, 3, 4).matmul(Tensor.zeros(3, 4, 5)), "matmul", "batch sizes 2 and 3");
        assertRejects(() -> Tensor.zeros(3).matmul(Tensor.zeros(3, 1)), "matmul", "[3] @ [3, 1]");
        // 50000 x 50000 results overflow an int; refused before anything is allocated
        assertRejects(
                () -> Tensor.zeros(50000, 1).matmul(Tensor.zeros(1, 50000)),
                "matmul: [50000, 1] @ [1, 50000]: the result [50000, 50000] would hold more than 2^31-1 elements");
        assertRejects(() -> Tensor.zeros(3, 40000, 1).matmul(Tensor.zeros(3, 1, 40000)), "matmul", "[3, 40000, 40000]");
    }
}
