package dev.tauon.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Generator;
import dev.tauon.core.NoGrad;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Module;

/** Exports a model, runs the file in ONNX Runtime and compares its output with Tauon's. */
final class Parity {
    /** The largest relative error allowed, as the issue asks. */
    static final double TOLERANCE = 1e-5;

    private Parity() {}

    /** Tauon's evaluation-mode output for a random batch of 3, after checking ONNX Runtime agrees. */
    static Tensor check(Module model, int... exampleShape) throws Exception {
        int[] batch = new int[exampleShape.length + 1];
        batch[0] = 3;
        System.arraycopy(exampleShape, 0, batch, 1, exampleShape.length);
        Tensor x = Tensor.randn(new Generator(7), batch);
        model.eval();
        Tensor expected;
        try (NoGrad ignored = NoGrad.enter()) {
            expected = model.forward(x);
        }
        Tensor actual = OrtRun.run(OnnxExport.toBytes(model, exampleShape), x);
        assertArrayEquals(expected.shape(), actual.shape(), model.name() + ": output shape");
        double error = relativeError(actual.data(), expected.data());
        assertTrue(error <= TOLERANCE, model.name() + ": ONNX Runtime's output is off by " + error + " relative");
        return expected;
    }

    /**
     * The largest error of an element relative to the reference's size: {@code |a - b| / max(|b|, s)},
     * where {@code s}, one hundredth of the output's largest magnitude, keeps elements that are
     * nearly 0 after a cancellation (a residual sum) from dividing by almost nothing.
     */
    static double relativeError(float[] actual, float[] expected) {
        double largest = 0;
        for (float e : expected) {
            largest = Math.max(largest, Math.abs(e));
        }
        double floor = Math.max(largest * 1e-2, Float.MIN_NORMAL);
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs((double) actual[i] - expected[i]) / Math.max(Math.abs(expected[i]), floor);
            worst = Math.max(worst, Double.isNaN(err) ? Double.POSITIVE_INFINITY : err);
        }
        return worst;
    }
}
