package dev.tauon.core;

import static dev.tauon.core.Checks.assertRejects;
import static dev.tauon.core.Checks.assertValues;
import static dev.tauon.core.Checks.gradCheck;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The element-wise functions made with ElementwiseOps.unary: values, gradients, kinks and bad arguments. */
class ActivationFunctionsTest {
    private final Tensor x = Tensor.of(new float[] {-3, -1, -0.5f, 0, 0.5f, 1, 3}, 7);
    /** Inputs at least 0.05 away from every kink, so central differences with step 0.01 are exact there. */
    private final Tensor smooth = Tensor.of(new float[] {-2.5f, -1.3f, -0.6f, -0.1f, 0.2f, 0.6f, 1.2f, 2.7f}, 2, 4);

    private Tensor param() {
        return smooth.copy().requiresGrad(true);
    }

    @Test
    void valuesAgainstMpmath() {
        assertValues(
                x.gelu(),
                new int[] {7},
                -0.0040496940948902835f,
                -0.15865525393145705f,
                -0.15426876936299344f,
                0,
                0.34573123063700656f,
                0.8413447460685429f,
                2.99595030590511f);
        assertValues(
                x.geluTanh(),
                new int[] {7},
                -0.003637392081773019f,
                -0.1588080093917233f,
                -0.15428599017485609f,
                0,
                0.34571400982514394f,
                0.8411919906082767f,
                2.996362607918227f);
        assertValues(
                x.silu(),
                new int[] {7},
                -0.14227761953270035f,
                -0.2689414213699951f,
                -0.18877033439907273f,
                0,
                0.3112296656009273f,
                0.7310585786300049f,
                2.8577223804672998f);
        assertValues(x.abs(), new int[] {7}, 3, 1, 0.5f, 0, 0.5f, 1, 3);
        assertValues(x.clamp(-1, 0.5f), new int[] {7}, -1, -1, -0.5f, 0, 0.5f, 0.5f, 0.5f);
        assertValues(x.leakyRelu(0.1f), new int[] {7}, -0.3f, -0.1f, -0.05f, 0, 0.5f, 1, 3);
    }

    @Test
    void geluIsRelativelyAccurateInItsLeftTail() {
        // x * Phi(x) from 1 + erf(x / sqrt 2) would cancel to 0 here; PyTorch's float32 gives 0 below about -5.5
        float[] y = Tensor.of(new float[] {-8, -12}, 2).gelu().toArray();
        assertEquals(-4.976768459417427e-15, y[0], 1e-6 * 4.976768459417427e-15);
        assertEquals(-2.1317785344932147e-32, y[1], 1e-6 * 2.1317785344932147e-32);
    }

    /**
     * A gradient check 20 times tighter than the default: these functions are computed in double
     * and rounded once, so the float noise in the differences is far below 1e-3, and a slip in a
     * small term of a derivative (GELU-tanh's cubic, say) is not lost in the tolerance.
     */
    private static void tightGradCheck(Function<Tensor[], Tensor> f, Tensor x) {
        GradCheck.Result r = GradCheck.compare(f, 1e-2, 1e-3, 1e-3, x);
        assertTrue(r.passed(), r.where());
    }

    @Test
    void gradients() {
        tightGradCheck(t -> t[0].gelu(), param());
        tightGradCheck(t -> t[0].geluTanh(), param());
        tightGradCheck(t -> t[0].silu(), param());
        tightGradCheck(t -> t[0].erf(), param());
        gradCheck(t -> t[0].abs(), param());
        gradCheck(t -> t[0].clamp(-1, 0.5f), param());
        gradCheck(t -> t[0].leakyRelu(0.2f), param());
        gradCheck(t -> t[0].leakyRelu(-1.5f), param());
        // far tails: the gradient rules stay finite and right where the functions saturate
        Tensor tails = Tensor.of(new float[] {-9, -6, 6, 9}, 4).requiresGrad(true);
        tightGradCheck(t -> t[0].gelu(), tails);
        tightGradCheck(t -> t[0].geluTanh(), tails);
        tightGradCheck(t -> t[0].silu(), tails);
        tightGradCheck(t -> t[0].erf(), tails);
    }

    @Test
    void gradientsAtKinksFollowPyTorch() {
        Tensor at = Tensor.of(new float[] {0, -1, 0.5f, 2}, 4).requiresGrad(true);
        at.abs().sum().backward();
        assertValues(at.grad(), new int[] {4}, 0, -1, 1, 1); // sign(0) = 0
        at.zeroGrad();
        at.clamp(-1, 0.5f).sum().backward();
        assertValues(at.grad(), new int[] {4}, 1, 1, 1, 0); // both bounds pass the gradient
        at.zeroGrad();
        at.leakyRelu(0.1f).sum().backward();
        assertValues(at.grad(), new int[] {4}, 0.1f, 0.1f, 1, 1); // 0 takes the slope
        at.zeroGrad();
        at.relu().sum().backward();
        assertValues(at.grad(), new int[] {4}, 0, 0, 1, 1);
    }

    @Test
    void nanStaysNaN() {
        Tensor nan = Tensor.of(new float[] {Float.NaN}, 1);
        for (Tensor y : new Tensor[] {
            nan.abs(), nan.clamp(-1, 1), nan.erf(), nan.gelu(), nan.geluTanh(), nan.silu(), nan.leakyRelu(0.01f)
        }) {
            assertTrue(Float.isNaN(y.item()), y.toString());
        }
    }

    @Test
    void badArgumentsAreNamed() {
        assertRejects(() -> x.clamp(1, -1), "clamp", "min 1.0", "max -1.0", "[7]");
        assertRejects(() -> x.clamp(Float.NaN, 1), "clamp", "NaN");
        assertRejects(() -> x.leakyRelu(Float.NaN), "leakyRelu", "NaN", "[7]");
        assertRejects(() -> x.leakyRelu(Float.POSITIVE_INFINITY), "leakyRelu", "Infinity");
    }
}
