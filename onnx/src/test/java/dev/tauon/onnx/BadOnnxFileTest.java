package dev.tauon.onnx;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tauon.core.Generator;
import dev.tauon.nn.Sequential;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Corrupt, truncated and hostile ONNX files give an {@link OnnxFormatException} naming the file and
 * the byte offset or the node, never another exception, an OutOfMemoryError or a hang.
 */
class BadOnnxFileTest {
    private static final String SOURCE = "bad.onnx";

    private static byte[] smallModel() {
        Sequential model = ModelExportTest.mlp();
        model.build(new Generator(3), 1, 3, 3);
        return OnnxExport.toBytes(model, 1, 3, 3);
    }

    @Test
    void everyTruncationIsRefused() {
        byte[] model = smallModel();
        for (int length = 0; length < model.length; length++) {
            byte[] cut = Arrays.copyOf(model, length);
            OnnxFormatException e = assertThrows(
                    OnnxFormatException.class, () -> OnnxImport.fromBytes(cut, SOURCE), "cut at " + length);
            assertTrue(e.getMessage().startsWith(SOURCE + ": "), e.getMessage());
        }
    }

    @Test
    void corruptedBytesGiveAFormatErrorOrAModel() {
        byte[] model = smallModel();
        Random random = new Random(1);
        for (int trial = 0; trial < 3000; trial++) {
            byte[] bad = model.clone();
            for (int k = 1 + random.nextInt(3); k > 0; k--) {
                bad[random.nextInt(bad.length)] = (byte) random.nextInt(256);
            }
            try {
                OnnxImport.fromBytes(bad, SOURCE);
            } catch (OnnxFormatException e) {
                assertTrue(e.getMessage().startsWith(SOURCE + ": "), e.getMessage());
            } catch (RuntimeException | Error e) {
                fail("trial " + trial + " threw " + e, e);
            }
        }
    }

    @Test
    void aHugeLengthIsRefusedWithItsOffset() {
        // field 7 (the graph), length-delimited, claiming 2^62 bytes
        byte[] hostile = {
            0x3A,
            (byte) 0x80,
            (byte) 0x80,
            (byte) 0x80,
            (byte) 0x80,
            (byte) 0x80,
            (byte) 0x80,
            (byte) 0x80,
            (byte) 0x80,
            0x40
        };
        OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> OnnxImport.fromBytes(hostile, SOURCE));
        assertTrue(
                e.getMessage()
                        .equals(SOURCE + ": at byte 1: the graph claims 4611686018427387904 bytes, but only 0"
                                + " remain in the file"),
                e.getMessage());
    }

    @Test
    void aTensorWhoseDimensionsExceedItsDataIsRefusedWithoutAllocating() {
        ProtoWriter tensor = new ProtoWriter()
                .packedInt64(OnnxFields.TENSOR_DIMS, new long[] {1_000_000, 1_000})
                .int64(OnnxFields.TENSOR_DATA_TYPE, OnnxFields.FLOAT)
                .string(OnnxFields.TENSOR_NAME, "w")
                .bytes(OnnxFields.TENSOR_RAW_DATA, new byte[8]);
        OnnxFormatException e = assertThrows(
                OnnxFormatException.class, () -> OnnxImport.fromBytes(modelWithInitializer(tensor), SOURCE));
        assertTrue(
                e.getMessage()
                        .contains("tensor \"w\"'s raw data in bytes holds 8 values, but its dimensions say"
                                + " 4000000000"),
                e.getMessage());

        ProtoWriter huge = new ProtoWriter()
                .packedInt64(OnnxFields.TENSOR_DIMS, new long[] {1L << 40, 1L << 40})
                .int64(OnnxFields.TENSOR_DATA_TYPE, OnnxFields.FLOAT)
                .string(OnnxFields.TENSOR_NAME, "big");
        e = assertThrows(OnnxFormatException.class, () -> OnnxImport.fromBytes(modelWithInitializer(huge), SOURCE));
        assertTrue(
                e.getMessage().contains("tensor \"big\" has dimensions [1099511627776, 1099511627776]"),
                e.getMessage());
    }

    @Test
    void anUnsupportedOperatorIsNamedWithItsNode() {
        OnnxGraph graph = new OnnxGraph(
                "g",
                List.of(new OnnxNode("rnn_1", "LSTM", "", List.of("input"), List.of("output"), Map.of())),
                List.of(),
                List.of(new OnnxGraph.ValueInfo("input", new long[] {-1, 4})),
                List.of(new OnnxGraph.ValueInfo("output", new long[] {-1, 4})),
                17);
        OnnxFormatException e = assertThrows(
                OnnxFormatException.class, () -> OnnxImport.fromBytes(OnnxWriter.model(graph, "test"), SOURCE));
        assertTrue(
                e.getMessage()
                        .startsWith(SOURCE + ": node \"rnn_1\" of type \"LSTM\": this operator is not" + " supported"),
                e.getMessage());
    }

    @Test
    void aBadNodeIsNamedWhenTheLayerRefusesIt() {
        OnnxGraph graph = new OnnxGraph(
                "g",
                List.of(new OnnxNode(
                        "pool",
                        "MaxPool",
                        "",
                        List.of("input"),
                        List.of("output"),
                        Map.of("kernel_shape", OnnxAttribute.ofInts("kernel_shape", 5, 5)))),
                List.of(),
                List.of(new OnnxGraph.ValueInfo("input", new long[] {-1, 1, 3, 3})),
                List.of(new OnnxGraph.ValueInfo("output", new long[] {-1, 1, 1, 1})),
                17);
        OnnxFormatException e = assertThrows(
                OnnxFormatException.class, () -> OnnxImport.fromBytes(OnnxWriter.model(graph, "test"), SOURCE));
        assertTrue(e.getMessage().startsWith(SOURCE + ": node \"pool\" of type \"MaxPool\": "), e.getMessage());
    }

    @Test
    void shapesThatMultiplyUpAreRefusedBeforeAnythingIsAllocated() {
        // a 1x1 convolution with 4096 filters on a 1 x 2048 x 2048 input: 2^34 floats per example
        OnnxTensor w = OnnxTensor.ofFloats("w", new float[4096], 4096, 1, 1, 1);
        OnnxGraph graph = new OnnxGraph(
                "g",
                List.of(new OnnxNode("wide", "Conv", "", List.of("input", "w"), List.of("output"), Map.of())),
                List.of(w),
                List.of(new OnnxGraph.ValueInfo("input", new long[] {-1, 1, 2048, 2048})),
                List.of(new OnnxGraph.ValueInfo("output", new long[] {-1, 4096, 2048, 2048})),
                17);
        OnnxFormatException e = assertThrows(
                OnnxFormatException.class, () -> OnnxImport.fromBytes(OnnxWriter.model(graph, "test"), SOURCE));
        assertTrue(
                e.getMessage()
                        .startsWith(SOURCE + ": node \"wide\" of type \"Conv\": its output would take"
                                + " 17179869184 floats per example"),
                e.getMessage());
    }

    @Test
    void aFileIsNamedInTheMessage(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broken.onnx");
        Files.write(file, new byte[] {0x08, (byte) 0x80});
        OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> OnnxImport.read(file));
        assertTrue(e.getMessage().equals(file + ": at byte 1: the data ends inside a number"), e.getMessage());
    }

    /** A model whose graph holds only this initializer, and an input and output. */
    private static byte[] modelWithInitializer(ProtoWriter tensor) {
        ProtoWriter graph = new ProtoWriter().message(OnnxFields.GRAPH_INITIALIZER, tensor);
        return new ProtoWriter()
                .int64(OnnxFields.MODEL_IR_VERSION, 8)
                .message(OnnxFields.MODEL_GRAPH, graph)
                .message(OnnxFields.MODEL_OPSET_IMPORT, new ProtoWriter().int64(OnnxFields.OPSET_VERSION, 17))
                .toByteArray();
    }
}
