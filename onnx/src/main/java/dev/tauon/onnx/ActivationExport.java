package dev.tauon.onnx;

import static dev.tauon.onnx.OnnxAttribute.ofFloat;
import static dev.tauon.onnx.OnnxAttribute.ofInt;

import dev.tauon.nn.Activation;
import java.util.List;

/**
 * Activations as ONNX nodes. Opset 17 has no Gelu, so GELU is written as its formula, the exact
 * form with Erf, the approximation with Tanh, as {@code torch.onnx.export} writes it; SiLU is
 * {@code x * Sigmoid(x)}. The importer recognises these patterns and turns them back into the layer.
 */
final class ActivationExport {
    /** {@code sqrt(2)}, the divisor in the exact GELU. */
    static final float SQRT_2 = (float) Math.sqrt(2);
    /** {@code sqrt(2 / pi)}, the tanh approximation's factor. */
    static final float SQRT_2_OVER_PI = (float) Math.sqrt(2 / Math.PI);
    /** The cubic term's coefficient in the tanh approximation. */
    static final float GELU_CUBIC = 0.044715f;

    private ActivationExport() {}

    static String apply(Activation activation, String x, String path, ExportGraph g) {
        switch (activation) {
            case LINEAR:
                return x;
            case RELU:
                return g.node(path, "Relu", List.of(x));
            case SIGMOID:
                return g.node(path, "Sigmoid", List.of(x));
            case TANH:
                return g.node(path, "Tanh", List.of(x));
            case SOFTMAX:
                return g.node(path, "Softmax", List.of(x), ofInt("axis", 1));
            case LEAKY_RELU:
                return leakyRelu(Activation.LEAKY_RELU_SLOPE, x, path, g);
            case SILU:
                return g.node(path, "Mul", List.of(x, g.node(path, "Sigmoid", List.of(x))));
            case GELU:
                return geluExact(x, path, g);
            case GELU_TANH:
                return geluTanh(x, path, g);
            default:
                throw new IllegalArgumentException(path + ": activation " + activation + " has no ONNX form");
        }
    }

    static String leakyRelu(float slope, String x, String path, ExportGraph g) {
        return g.node(path, "LeakyRelu", List.of(x), ofFloat("alpha", slope));
    }

    /** {@code x * (erf(x / sqrt 2) + 1) * 0.5}. */
    private static String geluExact(String x, String path, ExportGraph g) {
        String scaled = g.node(path, "Div", List.of(x, g.scalar(path + ".sqrt2", SQRT_2)));
        String erf = g.node(path, "Erf", List.of(scaled));
        String cdf2 = g.node(path, "Add", List.of(erf, g.scalar(path + ".one", 1f)));
        String times = g.node(path, "Mul", List.of(x, cdf2));
        return g.node(path, "Mul", List.of(times, g.scalar(path + ".half", 0.5f)));
    }

    /** {@code x * (tanh(sqrt(2 / pi) * (x + 0.044715 * x^3)) + 1) * 0.5}. */
    private static String geluTanh(String x, String path, ExportGraph g) {
        String cube = g.node(path, "Mul", List.of(g.node(path, "Mul", List.of(x, x)), x));
        String inner = g.node(
                path, "Add", List.of(x, g.node(path, "Mul", List.of(cube, g.scalar(path + ".cubic", GELU_CUBIC)))));
        String t = g.node(
                path,
                "Tanh",
                List.of(g.node(path, "Mul", List.of(inner, g.scalar(path + ".sqrt2OverPi", SQRT_2_OVER_PI)))));
        String times = g.node(path, "Mul", List.of(x, g.node(path, "Add", List.of(t, g.scalar(path + ".one", 1f)))));
        return g.node(path, "Mul", List.of(times, g.scalar(path + ".half", 0.5f)));
    }
}
