package dev.tauon.onnx;

import static dev.tauon.onnx.OnnxFields.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Encodes an {@link OnnxGraph} as an ONNX {@code ModelProto}: float, int8 and int32 tensors as little-endian
 * {@code raw_data}.
 */
final class OnnxWriter {
    private OnnxWriter() {}

    static byte[] model(OnnxGraph graph, String producerVersion) {
        ProtoWriter model = new ProtoWriter()
                .int64(MODEL_IR_VERSION, IR_VERSION)
                .string(MODEL_PRODUCER_NAME, "tauon")
                .string(MODEL_PRODUCER_VERSION, producerVersion)
                .message(MODEL_GRAPH, graph(graph))
                .message(
                        MODEL_OPSET_IMPORT,
                        new ProtoWriter().string(OPSET_DOMAIN, "").int64(OPSET_VERSION, graph.opset()));
        return model.toByteArray();
    }

    private static ProtoWriter graph(OnnxGraph g) {
        ProtoWriter w = new ProtoWriter();
        for (OnnxNode n : g.nodes()) {
            w.message(GRAPH_NODE, node(n));
        }
        w.string(GRAPH_NAME, g.name());
        for (OnnxTensor t : g.initializers()) {
            w.message(GRAPH_INITIALIZER, tensor(t));
        }
        for (OnnxGraph.ValueInfo v : g.inputs()) {
            w.message(GRAPH_INPUT, valueInfo(v));
        }
        for (OnnxGraph.ValueInfo v : g.outputs()) {
            w.message(GRAPH_OUTPUT, valueInfo(v));
        }
        return w;
    }

    private static ProtoWriter node(OnnxNode n) {
        ProtoWriter w = new ProtoWriter();
        n.inputs().forEach(i -> w.string(NODE_INPUT, i));
        n.outputs().forEach(o -> w.string(NODE_OUTPUT, o));
        w.string(NODE_NAME, n.name()).string(NODE_OP_TYPE, n.opType());
        n.attributes().values().forEach(a -> w.message(NODE_ATTRIBUTE, attribute(a)));
        return w;
    }

    private static ProtoWriter attribute(OnnxAttribute a) {
        ProtoWriter w = new ProtoWriter().string(ATTR_NAME, a.name()).int64(ATTR_TYPE, a.type());
        switch (a.type()) {
            case TYPE_FLOAT:
                return w.float32(ATTR_F, a.f());
            case TYPE_INT:
                return w.int64(ATTR_I, a.i());
            case TYPE_STRING:
                return w.string(ATTR_S, a.s());
            case TYPE_INTS:
                return w.packedInt64(ATTR_INTS, a.ints());
            case TYPE_FLOATS:
                return w.packedFloat(ATTR_FLOATS, a.floats());
            case TYPE_TENSOR:
                return w.message(ATTR_T, tensor(a.t()));
            default:
                throw new IllegalArgumentException("attribute " + a.name() + ": type " + a.type() + " is not written");
        }
    }

    private static ProtoWriter tensor(OnnxTensor t) {
        ProtoWriter w = new ProtoWriter().packedInt64(TENSOR_DIMS, t.dims());
        if (t.raw() != null) {
            w.int64(TENSOR_DATA_TYPE, t.rawType()).string(TENSOR_NAME, t.name()).bytes(TENSOR_RAW_DATA, t.raw());
        } else if (t.isFloat()) {
            ByteBuffer raw =
                    ByteBuffer.allocate(t.floats().length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            raw.asFloatBuffer().put(t.floats());
            w.int64(TENSOR_DATA_TYPE, FLOAT).string(TENSOR_NAME, t.name()).bytes(TENSOR_RAW_DATA, raw.array());
        } else {
            w.int64(TENSOR_DATA_TYPE, INT64).string(TENSOR_NAME, t.name()).packedInt64(TENSOR_INT64_DATA, t.longs());
        }
        return w;
    }

    private static ProtoWriter valueInfo(OnnxGraph.ValueInfo v) {
        ProtoWriter shape = new ProtoWriter();
        for (long d : v.dims()) {
            shape.message(
                    SHAPE_DIM,
                    d >= 0 ? new ProtoWriter().int64(DIM_VALUE, d) : new ProtoWriter().string(DIM_PARAM, "batch"));
        }
        ProtoWriter tensorType =
                new ProtoWriter().int64(TENSOR_TYPE_ELEM_TYPE, FLOAT).message(TENSOR_TYPE_SHAPE, shape);
        return new ProtoWriter()
                .string(VALUE_NAME, v.name())
                .message(VALUE_TYPE, new ProtoWriter().message(TYPE_TENSOR_TYPE, tensorType));
    }
}
