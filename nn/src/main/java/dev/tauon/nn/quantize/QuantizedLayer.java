package dev.tauon.nn.quantize;

import dev.tauon.core.Shapes;
import dev.tauon.core.Tensor;
import dev.tauon.core.internal.kernel.ConvShape;
import dev.tauon.core.internal.kernel.Int8Conv2d;
import dev.tauon.core.internal.kernel.Int8Dense;
import dev.tauon.core.internal.kernel.Int8Gemm;
import dev.tauon.core.internal.kernel.Int8Quantize;
import dev.tauon.core.internal.kernel.Int8Weights;
import dev.tauon.nn.Activation;
import dev.tauon.nn.io.Int8Tensor;
import dev.tauon.nn.layers.Conv2D;
import dev.tauon.nn.layers.Dense;
import dev.tauon.nn.layers.KernelLayer;

/**
 * A Dense or Conv2D layer in int8: symmetric weights with one scale per output channel
 * ({@code max|w| / 127}), a symmetric input scale from calibration, the bias in {@code int} at the
 * products' scale ({@code inputScale * weightScale}), and one float rescale per output; the layer's
 * activation then runs in float. Weights are kept as one row per output channel, padded with zeros
 * to {@link Int8Gemm#paddedLength}, and prepared once for the kernels ({@link Int8Weights}), which
 * also apply a ReLU activation while rescaling.
 */
final class QuantizedLayer {
    private final KernelLayer layer;
    private final byte[] rows;
    private final int k;
    private final int ldw;
    private final int outputs;
    private final float[] weightScale;
    private final float inputScale;
    private final float[] bias;
    /** The bias in the products' units, as the kernels add it to the int sums; null without a bias. */
    private final int[] intBias;
    /** inputScale * weightScale[o]: what one unit of output o's int sum is worth. */
    private final float[] outputScale;
    /** The rows prepared once for the kernels. */
    private final Int8Weights prepared;

    private QuantizedLayer(KernelLayer layer, byte[] rows, float[] weightScale, float inputScale, float[] bias) {
        this.layer = layer;
        this.outputs = outputs(layer);
        this.k = layer.weight().size() / outputs;
        this.ldw = Int8Gemm.paddedLength(k);
        if (k > Int8Gemm.MAX_K) {
            throw new IllegalArgumentException(layer.name() + ": " + k + " inputs per output are more than int8"
                    + " quantisation supports (" + Int8Gemm.MAX_K + ", above which an int sum could overflow)");
        }
        this.rows = rows;
        this.weightScale = weightScale;
        this.inputScale = inputScale;
        this.bias = bias;
        this.outputScale = new float[outputs];
        int limit = Int8Gemm.biasLimit(k);
        this.intBias = bias == null ? null : new int[outputs];
        for (int o = 0; o < outputs; o++) {
            outputScale[o] = inputScale * weightScale[o];
            if (bias != null) {
                // clamped where the int sum could overflow: such a bias outweighs any sum of products anyway
                double q = Math.rint(bias[o] / (double) outputScale[o]);
                intBias[o] = (int) Math.max(-limit, Math.min(limit, q));
            }
        }
        this.prepared =
                Int8Weights.of(rows, ldw, outputs, k, intBias, outputScale, layer.activation() == Activation.RELU);
    }

    /** Whether {@code module} is a layer this package quantises. */
    static boolean supports(Object module) {
        return module instanceof Dense || module instanceof Conv2D;
    }

    /** Quantises a trained layer's weights, for inputs in [-inputRange, inputRange]. */
    static QuantizedLayer of(KernelLayer layer, float inputRange) {
        int outputs = outputs(layer);
        int k = layer.weight().size() / outputs;
        int ldw = Int8Gemm.paddedLength(k);
        float[] w = rowMajor(layer);
        byte[] rows = new byte[outputs * ldw];
        float[] scales = new float[outputs];
        for (int o = 0; o < outputs; o++) {
            float max = 0;
            for (int i = 0; i < k; i++) {
                max = Math.max(max, Math.abs(w[o * k + i]));
            }
            scales[o] = max > 0 && Float.isFinite(max) ? max / Int8Quantize.QMAX : 1f;
            Int8Quantize.quantize(w, o * k, k, scales[o], rows, o * ldw);
        }
        float inputScale = inputRange > 0 && Float.isFinite(inputRange) ? inputRange / Int8Quantize.QMAX : 1f;
        Tensor b = layer.bias();
        return new QuantizedLayer(
                layer, rows, scales, inputScale, b == null ? null : b.data().clone());
    }

    /** A layer from a file's tensors, checked against {@code layer}'s shapes by the caller. */
    static QuantizedLayer of(
            KernelLayer layer, Int8Tensor weight, float[] weightScale, float inputScale, float[] bias) {
        int outputs = outputs(layer);
        int k = layer.weight().size() / outputs;
        int ldw = Int8Gemm.paddedLength(k);
        byte[] w = weight.data();
        byte[] rows = new byte[outputs * ldw];
        boolean dense = layer instanceof Dense;
        for (int o = 0; o < outputs; o++) {
            for (int i = 0; i < k; i++) {
                rows[o * ldw + i] = dense ? w[i * outputs + o] : w[o * k + i];
            }
        }
        return new QuantizedLayer(layer, rows, weightScale, inputScale, bias);
    }

    /** The float layer's weight as one row per output channel: Dense stores [inputs, units], Conv2D [o, c, kh, kw]. */
    private static float[] rowMajor(KernelLayer layer) {
        float[] w = layer.weight().data();
        if (!(layer instanceof Dense)) {
            return w;
        }
        int units = outputs(layer);
        int features = w.length / units;
        float[] t = new float[w.length];
        for (int f = 0; f < features; f++) {
            for (int u = 0; u < units; u++) {
                t[u * features + f] = w[f * units + u];
            }
        }
        return t;
    }

    /** Output channels: a Dense weight's axis 1, a Conv2D weight's axis 0. */
    static int outputs(KernelLayer layer) {
        return layer instanceof Dense ? layer.weight().dim(1) : layer.weight().dim(0);
    }

    Tensor forward(Tensor x) {
        int[] s = x.shape();
        float[] out;
        int[] outShape;
        if (layer instanceof Conv2D conv) {
            if (s.length != 4 || s[1] * conv.kernelHeight() * conv.kernelWidth() != k) {
                throw new IllegalArgumentException(layer.name() + " (int8): input " + Shapes.str(s) + " must be [N, "
                        + k / (conv.kernelHeight() * conv.kernelWidth()) + ", H, W]");
            }
            int[] pad = conv.paddingFor(s[2], s[3]);
            ConvShape shape = new ConvShape(
                    s[0],
                    s[1],
                    s[2],
                    s[3],
                    outputs,
                    conv.kernelHeight(),
                    conv.kernelWidth(),
                    conv.stride(),
                    conv.stride(),
                    pad[0],
                    pad[1]);
            outShape = new int[] {s[0], outputs, shape.outH(), shape.outW()};
            out = new float[s[0] * outputs * shape.outH() * shape.outW()];
            Int8Conv2d.forward(x.data(), inputScale, prepared, out, shape);
        } else {
            if (s.length != 2 || s[1] != k) {
                throw new IllegalArgumentException(
                        layer.name() + " (int8): input " + Shapes.str(s) + " must be [N, " + k + "]");
            }
            outShape = new int[] {s[0], outputs};
            out = new float[s[0] * outputs];
            Int8Dense.forward(x.data(), inputScale, s[0], prepared, out);
        }
        Tensor y = Tensor.wrap(out, outShape);
        // the kernels applied a ReLU already, with the float activation's Math.max(v, 0f)
        return layer.activation() == Activation.RELU ? y : layer.activation().apply(y);
    }

    KernelLayer layer() {
        return layer;
    }

    /** The int8 weight in the float layer's layout, as saved. */
    Int8Tensor weight() {
        byte[] w = new byte[outputs * k];
        boolean dense = layer instanceof Dense;
        for (int o = 0; o < outputs; o++) {
            for (int i = 0; i < k; i++) {
                w[dense ? i * outputs + o : o * k + i] = rows[o * ldw + i];
            }
        }
        return new Int8Tensor(w, layer.weight().shape());
    }

    /** The layer's int8 form with its weights output channel first, as {@link Int8Layer} describes it. */
    Int8Layer parameters() {
        int[] shape = layer.weight().shape();
        if (layer instanceof Dense) {
            shape = new int[] {outputs, k};
        }
        byte[] w = new byte[outputs * k];
        for (int o = 0; o < outputs; o++) {
            System.arraycopy(rows, o * ldw, w, o * k, k);
        }
        return new Int8Layer(
                layer,
                new Int8Tensor(w, shape),
                weightScale.clone(),
                inputScale,
                intBias == null ? null : intBias.clone(),
                outputScale.clone());
    }

    float[] weightScale() {
        return weightScale.clone();
    }

    float inputScale() {
        return inputScale;
    }

    /** The float bias, or null. */
    float[] bias() {
        return bias == null ? null : bias.clone();
    }
}
