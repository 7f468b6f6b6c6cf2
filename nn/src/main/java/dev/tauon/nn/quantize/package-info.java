/**
 * Post-training int8 quantisation: {@link dev.tauon.nn.quantize.QuantizedModel} turns a trained
 * {@link dev.tauon.nn.Sequential} and a few hundred calibration images into a model whose Dense
 * and Conv2D layers run on int8 weights and inputs with {@code int} accumulation, saved and loaded
 * as safetensors with I8 tensors.
 */
package dev.tauon.nn.quantize;
