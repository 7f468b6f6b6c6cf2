package dev.tauon.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Function;
import org.junit.jupiter.api.function.Executable;

/** Assertions the op tests share. */
final class Checks {
    private Checks() {}

    static void assertValues(Tensor t, int[] shape, float... expected) {
        assertArrayEquals(shape, t.shape(), "shape");
        assertArrayEquals(expected, t.data(), 1e-5f, "values of " + t);
    }

    /** A tensor of random values in [-1, 1) that requires grad. */
    static Tensor param(long seed, int... shape) {
        return Tensor.uniform(new Generator(seed), -1f, 1f, shape).requiresGrad(true);
    }

    /**
     * A tensor of distinct values 0.1 apart in random order, requiring grad: for max and pooling,
     * whose gradient jumps where two values tie, so a finite-difference step must not reorder them.
     */
    static Tensor distinct(long seed, int... shape) {
        int n = Shapes.size(shape);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        new Generator(seed).shuffle(order);
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
            d[i] = 0.1f * order[i] - 0.05f * n;
        }
        return Tensor.wrap(d, shape).requiresGrad(true);
    }

    static void gradCheck(Function<Tensor[], Tensor> f, Tensor... inputs) {
        GradCheck.check(f, inputs);
    }

    /** The call throws IllegalArgumentException whose message contains every fragment. */
    static void assertRejects(Executable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' lacks '" + f + "'");
        }
    }
}
