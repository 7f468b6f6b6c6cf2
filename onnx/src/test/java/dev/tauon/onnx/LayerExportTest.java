package dev.tauon.onnx;

import dev.tauon.core.Generator;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Activation;
import dev.tauon.nn.Module;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.layers.ActivationLayer;
import dev.tauon.nn.layers.AvgPool2D;
import dev.tauon.nn.layers.BatchNorm;
import dev.tauon.nn.layers.BatchNorm1D;
import dev.tauon.nn.layers.BatchNorm2D;
import dev.tauon.nn.layers.Concatenate;
import dev.tauon.nn.layers.Conv2D;
import dev.tauon.nn.layers.Dense;
import dev.tauon.nn.layers.Dropout;
import dev.tauon.nn.layers.Flatten;
import dev.tauon.nn.layers.GELU;
import dev.tauon.nn.layers.GlobalAvgPool2D;
import dev.tauon.nn.layers.GlobalMaxPool2D;
import dev.tauon.nn.layers.Identity;
import dev.tauon.nn.layers.LeakyReLU;
import dev.tauon.nn.layers.MaxPool2D;
import dev.tauon.nn.layers.Padding;
import dev.tauon.nn.layers.ReLU;
import dev.tauon.nn.layers.Rescaling;
import dev.tauon.nn.layers.Residual;
import dev.tauon.nn.layers.SiLU;
import dev.tauon.nn.layers.Sigmoid;
import dev.tauon.nn.layers.Softmax;
import dev.tauon.nn.layers.Tanh;
import dev.tauon.nn.layers.ZeroPadding2D;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every built-in layer, exported alone (or in the smallest model it needs), gives ONNX Runtime's output Tauon's. */
class LayerExportTest {

    static Stream<Arguments> layers() {
        return Stream.of(
                layer("Dense", () -> new Dense(4), 5),
                layer("Dense relu, no bias", () -> new Dense(4, Activation.RELU).useBias(false), 5),
                layer("Dense gelu", () -> new Dense(4, Activation.GELU), 5),
                layer("Conv2D valid", () -> new Conv2D(4, 3), 2, 6, 6),
                layer(
                        "Conv2D same stride 2",
                        () -> new Conv2D(4, 3, Activation.RELU)
                                .padding(Padding.SAME)
                                .stride(2),
                        2,
                        7,
                        7),
                layer(
                        "Conv2D 1x3 same, no bias",
                        () -> new Conv2D(3, 1, 3, Activation.TANH)
                                .padding(Padding.SAME)
                                .useBias(false),
                        2,
                        5,
                        4),
                layer("MaxPool2D", () -> new MaxPool2D(2), 2, 6, 6),
                layer("MaxPool2D padded", () -> new MaxPool2D(3, 2, 1), 2, 7, 6),
                layer("AvgPool2D", () -> new AvgPool2D(2), 2, 6, 6),
                layer("AvgPool2D padded", () -> new AvgPool2D(3, 2, 1), 2, 7, 6),
                layer("GlobalAvgPool2D", GlobalAvgPool2D::new, 3, 4, 5),
                layer("GlobalAvgPool2D keepDims", () -> new GlobalAvgPool2D(true), 3, 4, 5),
                layer("GlobalMaxPool2D", GlobalMaxPool2D::new, 3, 4, 5),
                layer("GlobalMaxPool2D keepDims", () -> new GlobalMaxPool2D(true), 3, 4, 5),
                layer("BatchNorm1D features", () -> new BatchNorm1D(), 6),
                layer("BatchNorm1D sequences", () -> new BatchNorm1D().epsilon(1e-3f), 3, 5),
                layer("BatchNorm2D", () -> new BatchNorm2D(), 3, 4, 4),
                layer(
                        "BatchNorm2D no scale, no shift",
                        () -> new BatchNorm2D().scale(false).shift(false),
                        3,
                        4,
                        4),
                layer("Flatten", Flatten::new, 2, 3, 4),
                layer("Dropout", () -> new Dropout(0.5f), 5),
                layer("Identity", Identity::new, 2, 3),
                layer("ReLU", ReLU::new, 2, 3, 3),
                layer("Sigmoid", Sigmoid::new, 7),
                layer("Tanh", Tanh::new, 7),
                layer("Softmax features", Softmax::new, 7),
                layer("Softmax channels", Softmax::new, 4, 3, 3),
                layer("SiLU", SiLU::new, 7),
                layer("GELU", GELU::new, 7),
                layer("GELU tanh", () -> new GELU(true), 7),
                layer("LeakyReLU", () -> new LeakyReLU(0.2f), 7),
                layer("ActivationLayer leaky_relu", () -> new ActivationLayer(Activation.LEAKY_RELU), 7),
                layer("Rescaling", () -> new Rescaling(1 / 255f), 2, 3, 3),
                layer("Rescaling with offset", () -> new Rescaling(2f, -1f), 2, 3, 3),
                layer("ZeroPadding2D", () -> new ZeroPadding2D(1, 2, 0, 3), 2, 3, 3),
                layer(
                        "Residual",
                        () -> new Residual(new Sequential(
                                new Conv2D(2, 3, Activation.RELU).padding(Padding.SAME), new BatchNorm2D())),
                        2,
                        5,
                        5),
                layer(
                        "Residual with projection",
                        () -> new Residual(
                                new Conv2D(4, 3).padding(Padding.SAME).stride(2), new Conv2D(4, 1).stride(2)),
                        2,
                        7,
                        7),
                layer(
                        "Concatenate",
                        () -> new Concatenate(
                                new Conv2D(3, 3).padding(Padding.SAME), new Identity(), new MaxPool2D(3, 1, 1)),
                        2,
                        5,
                        5),
                layer(
                        "Sequential in Sequential",
                        () -> new Sequential(
                                new Sequential(new Flatten(), new Dense(3)), new Dropout(0.1f), new Softmax()),
                        2,
                        2));
    }

    private static Arguments layer(String name, Supplier<Module> layer, int... shape) {
        return Arguments.of(name, layer, shape);
    }

    /** Gives every BatchNorm running statistics other than 0 and 1, and a weight and bias other than 1 and 0. */
    static void randomiseBatchNorms(Module m, Generator g) {
        if (m instanceof BatchNorm) {
            BatchNorm bn = (BatchNorm) m;
            randomise(bn.runningMean(), -1, 1, g);
            randomise(bn.runningVar(), 0.2f, 3, g);
            randomise(bn.weight(), 0.5f, 2, g);
            randomise(bn.bias(), -1, 1, g);
        }
        m.children().values().forEach(c -> randomiseBatchNorms(c, g));
    }

    private static void randomise(Tensor t, float lo, float hi, Generator g) {
        if (t != null) {
            float[] d = t.data();
            for (int i = 0; i < d.length; i++) {
                d[i] = lo + (hi - lo) * g.nextFloat();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void onnxRuntimeAgreesWithTauon(String name, Supplier<Module> layer, int[] shape) throws Exception {
        Module model = layer.get();
        model.build(new Generator(1), shape);
        randomiseBatchNorms(model, new Generator(2));
        Parity.check(model, shape);
    }
}
