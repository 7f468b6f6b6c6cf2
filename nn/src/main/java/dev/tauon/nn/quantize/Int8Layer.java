package dev.tauon.nn.quantize;

import dev.tauon.nn.io.Int8Tensor;
import dev.tauon.nn.layers.KernelLayer;

/**
 * One layer of a {@link QuantizedModel} as its int8 inference computes it, for writing it in another
 * format (the ONNX exporter's QuantizeLinear/DequantizeLinear form): output channel {@code o} of an
 * example is {@code (sum over i of q(x)[i] * weight[o, i] + bias[o]) * outputScale[o]}, summed
 * exactly in {@code int}, then the layer's activation in float, where {@code q(x) = clamp(rint(x /
 * inputScale), -127, 127)}. The arrays are copies.
 *
 * @param layer       the float layer it stands for: its kind, shape, stride, padding and activation
 * @param weight      the int8 weights, -127 to 127, output channels first: {@code [units, inputs]} for
 *                    a Dense (the transpose of its float {@code [inputs, units]} weight), {@code [o, c,
 *                    kh, kw]} for a Conv2D
 * @param weightScale each output channel's weight scale, {@code max|w| / 127}
 * @param inputScale  the input's one symmetric scale, from calibration
 * @param bias        the bias in {@code int} at the products' scale, {@code rint(b / outputScale)}
 *                    (clamped where it would overflow the sum), or null for a layer without bias
 * @param outputScale each output channel's rescale, the float product {@code inputScale *
 *                    weightScale[o]}
 */
public record Int8Layer(
        KernelLayer layer, Int8Tensor weight, float[] weightScale, float inputScale, int[] bias, float[] outputScale) {}
