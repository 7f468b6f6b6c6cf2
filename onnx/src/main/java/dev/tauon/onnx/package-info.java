/**
 * ONNX files for Tauon models: {@link dev.tauon.onnx.OnnxExport} writes a model of built-in layers
 * as an ONNX graph (opset 17, dynamic batch dimension) that any ONNX runtime runs, and
 * {@link dev.tauon.onnx.OnnxImport} reads a graph of the operators Tauon has back into a module.
 * The protobuf encoding is written and read here, for the few ONNX messages needed, so this
 * artifact adds no dependency beyond {@code tauon-nn}; the reader treats every file as hostile
 * ({@link dev.tauon.onnx.OnnxFormatException}).
 */
package dev.tauon.onnx;
