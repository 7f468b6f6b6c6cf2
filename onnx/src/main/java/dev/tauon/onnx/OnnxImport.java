package dev.tauon.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads an ONNX model made of the operators Tauon has into an {@link ImportedGraph}: Gemm and MatMul
 * (Dense), Conv (Conv2D, with a ZeroPadding2D before it for pads that are not 'same'), MaxPool,
 * AveragePool and their global forms, BatchNormalization (evaluation), Relu, Sigmoid, Tanh,
 * Softmax over axis 1, LeakyRelu, GELU and SiLU as ONNX spells them, Flatten, Pad with zeros,
 * Concat along axis 1, element-wise Add, Sub, Mul, Div and Erf, and Dropout, Identity and Constant.
 * A model exported by {@link OnnxExport} comes back as the same layers and computes the same bits.
 *
 * <p>The file is treated as hostile: a corrupt, truncated or unsupported model gives an
 * {@link OnnxFormatException} naming the file and the byte offset or the node and its operator,
 * never an OutOfMemoryError from a size field or a hang.
 */
public final class OnnxImport {
    private OnnxImport() {}

    /** Reads the model in {@code file}. */
    public static ImportedGraph read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > OnnxReader.MAX_ELEMENTS) {
            throw new OnnxFormatException(
                    file.toString(),
                    0,
                    "the file has " + size
                            + " bytes; models over 2 GB keep their weights in external files, which are not supported");
        }
        return fromBytes(Files.readAllBytes(file), file.toString());
    }

    /** Reads a model from the bytes of an ONNX file; {@code source} names it in error messages. */
    public static ImportedGraph fromBytes(byte[] model, String source) throws OnnxFormatException {
        return GraphImporter.convert(OnnxReader.read(model, source), source);
    }
}
