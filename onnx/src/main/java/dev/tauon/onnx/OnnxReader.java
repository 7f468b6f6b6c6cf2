package dev.tauon.onnx;

import static dev.tauon.onnx.OnnxFields.*;

import dev.tauon.core.io.Excerpt;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes the parts of an ONNX {@code ModelProto} that Tauon uses into an {@link OnnxGraph}; other
 * fields are skipped. A tensor's size comes from its dimensions only after they are checked
 * against the data actually present, so a size field cannot make it allocate.
 */
final class OnnxReader {
    /** The most elements a tensor may have: a Java array's limit. */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private final String source;

    private OnnxReader(String source) {
        this.source = source;
    }

    static OnnxGraph read(byte[] bytes, String source) throws OnnxFormatException {
        return new OnnxReader(source).model(new ProtoReader(bytes, source));
    }

    private OnnxGraph model(ProtoReader r) throws OnnxFormatException {
        ProtoReader graph = null;
        long opset = -1;
        while (r.hasMore()) {
            int tag = r.tag();
            switch (ProtoReader.field(tag)) {
                case MODEL_GRAPH:
                    r.expect(tag, ProtoReader.LENGTH_DELIMITED, "the graph");
                    graph = r.message("the graph");
                    break;
                case MODEL_OPSET_IMPORT:
                    r.expect(tag, ProtoReader.LENGTH_DELIMITED, "an opset import");
                    long version = opsetImport(r.message("an opset import"));
                    opset = version >= 0 ? version : opset;
                    break;
                default:
                    r.skip(tag);
            }
        }
        if (graph == null) {
            throw r.error(0, "no graph: this is not an ONNX model, or the file is truncated");
        }
        if (opset < 0) {
            throw r.error(0, "no opset import for the default ONNX domain: the file is truncated or not an ONNX model");
        }
        return graph(graph, opset);
    }

    /** The version if this is the default domain's import, else -1. */
    private long opsetImport(ProtoReader r) throws OnnxFormatException {
        String domain = "";
        long version = -1;
        while (r.hasMore()) {
            int tag = r.tag();
            if (ProtoReader.field(tag) == OPSET_DOMAIN && ProtoReader.wireType(tag) == ProtoReader.LENGTH_DELIMITED) {
                domain = r.string("an opset's domain");
            } else if (ProtoReader.field(tag) == OPSET_VERSION && ProtoReader.wireType(tag) == ProtoReader.VARINT) {
                version = r.varint();
            } else {
                r.skip(tag);
            }
        }
        return domain.isEmpty() || domain.equals("ai.onnx") ? version : -1;
    }

    private OnnxGraph graph(ProtoReader r, long opset) throws OnnxFormatException {
        String name = "";
        List<OnnxNode> nodes = new ArrayList<>();
        List<OnnxTensor> initializers = new ArrayList<>();
        List<OnnxGraph.ValueInfo> inputs = new ArrayList<>();
        List<OnnxGraph.ValueInfo> outputs = new ArrayList<>();
        while (r.hasMore()) {
            int tag = r.tag();
            if (ProtoReader.wireType(tag) != ProtoReader.LENGTH_DELIMITED) {
                r.skip(tag);
                continue;
            }
            switch (ProtoReader.field(tag)) {
                case GRAPH_NODE:
                    nodes.add(node(r.message("a node")));
                    break;
                case GRAPH_NAME:
                    name = r.string("the graph's name");
                    break;
                case GRAPH_INITIALIZER:
                    initializers.add(tensor(r.message("an initializer")));
                    break;
                case GRAPH_INPUT:
                    inputs.add(valueInfo(r.message("a graph input")));
                    break;
                case GRAPH_OUTPUT:
                    outputs.add(valueInfo(r.message("a graph output")));
                    break;
                default:
                    r.skip(tag);
            }
        }
        return new OnnxGraph(name, nodes, initializers, inputs, outputs, opset);
    }

    private OnnxNode node(ProtoReader r) throws OnnxFormatException {
        String name = "";
        String op = "";
        String domain = "";
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        Map<String, OnnxAttribute> attributes = new LinkedHashMap<>();
        while (r.hasMore()) {
            int tag = r.tag();
            if (ProtoReader.wireType(tag) != ProtoReader.LENGTH_DELIMITED) {
                r.skip(tag);
                continue;
            }
            switch (ProtoReader.field(tag)) {
                case NODE_INPUT:
                    inputs.add(r.string("a node's input"));
                    break;
                case NODE_OUTPUT:
                    outputs.add(r.string("a node's output"));
                    break;
                case NODE_NAME:
                    name = r.string("a node's name");
                    break;
                case NODE_OP_TYPE:
                    op = r.string("a node's operator");
                    break;
                case NODE_DOMAIN:
                    domain = r.string("a node's domain");
                    break;
                case NODE_ATTRIBUTE:
                    OnnxAttribute a = attribute(r.message("an attribute"));
                    attributes.put(a.name(), a);
                    break;
                default:
                    r.skip(tag);
            }
        }
        return new OnnxNode(name, op, domain, inputs, outputs, attributes);
    }

    private OnnxAttribute attribute(ProtoReader r) throws OnnxFormatException {
        String name = "";
        int type = 0;
        float f = 0;
        long i = 0;
        String s = null;
        OnnxTensor t = null;
        Repeated ints = Repeated.varints();
        Repeated floats = Repeated.floats();
        while (r.hasMore()) {
            int tag = r.tag();
            switch (ProtoReader.field(tag)) {
                case ATTR_NAME:
                    r.expect(tag, ProtoReader.LENGTH_DELIMITED, "an attribute's name");
                    name = r.string("an attribute's name");
                    break;
                case ATTR_TYPE:
                    r.expect(tag, ProtoReader.VARINT, "an attribute's type");
                    type = (int) r.varint();
                    break;
                case ATTR_F:
                    r.expect(tag, ProtoReader.FIXED32, "a float attribute");
                    f = r.float32();
                    break;
                case ATTR_I:
                    r.expect(tag, ProtoReader.VARINT, "an integer attribute");
                    i = r.varint();
                    break;
                case ATTR_S:
                    r.expect(tag, ProtoReader.LENGTH_DELIMITED, "a string attribute");
                    s = r.string("a string attribute");
                    break;
                case ATTR_T:
                    r.expect(tag, ProtoReader.LENGTH_DELIMITED, "a tensor attribute");
                    t = tensor(r.message("a tensor attribute"));
                    break;
                case ATTR_INTS:
                    ints.read(r, tag, "an integer list attribute");
                    break;
                case ATTR_FLOATS:
                    floats.read(r, tag, "a float list attribute");
                    break;
                default:
                    r.skip(tag);
            }
        }
        return new OnnxAttribute(name, type, f, i, s, ints.toArray(), floats.toFloats(), t);
    }

    private OnnxTensor tensor(ProtoReader r) throws OnnxFormatException {
        int start = r.fieldOffset();
        String name = "";
        long dataType = 0;
        Repeated dims = Repeated.varints();
        Repeated floats = Repeated.floats();
        Repeated longs = Repeated.varints();
        int[] raw = null;
        while (r.hasMore()) {
            int tag = r.tag();
            switch (ProtoReader.field(tag)) {
                case TENSOR_DIMS:
                    dims.read(r, tag, "a tensor's dimensions");
                    break;
                case TENSOR_DATA_TYPE:
                    r.expect(tag, ProtoReader.VARINT, "a tensor's data type");
                    dataType = r.varint();
                    break;
                case TENSOR_FLOAT_DATA:
                    floats.read(r, tag, "a tensor's float data");
                    break;
                case TENSOR_INT32_DATA:
                case TENSOR_INT64_DATA:
                    longs.read(r, tag, "a tensor's integer data");
                    break;
                case TENSOR_NAME:
                    r.expect(tag, ProtoReader.LENGTH_DELIMITED, "a tensor's name");
                    name = r.string("a tensor's name");
                    break;
                case TENSOR_RAW_DATA:
                    r.expect(tag, ProtoReader.LENGTH_DELIMITED, "a tensor's raw data");
                    raw = r.span("a tensor's raw data");
                    break;
                case TENSOR_DATA_LOCATION:
                    r.expect(tag, ProtoReader.VARINT, "a tensor's data location");
                    if (r.varint() != 0) {
                        throw r.error(
                                r.fieldOffset(),
                                "tensor " + Excerpt.of(name)
                                        + " keeps its data in an external file, which is not supported; save the model"
                                        + " with its weights inside");
                    }
                    break;
                default:
                    r.skip(tag);
            }
        }
        long[] shape = dims.toArray();
        long count = elementCount(r, start, name, shape);
        String what = "tensor " + Excerpt.of(name);
        if (dataType == FLOAT) {
            float[] values = raw != null ? rawFloats(r, start, what, raw, count) : floats.toFloats();
            checkCount(r, start, what, values.length, count);
            return OnnxTensor.ofFloats(name, values, shape);
        }
        if (dataType == INT64 || dataType == INT32) {
            long[] values =
                    raw != null ? rawIntegers(r, start, what, raw, count, dataType == INT64 ? 8 : 4) : longs.toArray();
            checkCount(r, start, what, values.length, count);
            return OnnxTensor.ofLongs(name, values, shape);
        }
        throw r.error(
                start,
                what + " has data type " + dataType + "; only float (1), int32 (6) and int64 (7) are" + " supported");
    }

    private static long elementCount(ProtoReader r, int start, String name, long[] dims) throws OnnxFormatException {
        long count = 1;
        for (long d : dims) {
            if (d < 0 || d > MAX_ELEMENTS || count * d > MAX_ELEMENTS) {
                throw r.error(
                        start,
                        "tensor " + Excerpt.of(name) + " has dimensions " + Arrays.toString(dims)
                                + ", which are negative or hold more than " + MAX_ELEMENTS + " elements");
            }
            count *= d;
        }
        return count;
    }

    private static void checkCount(ProtoReader r, int start, String what, long actual, long expected)
            throws OnnxFormatException {
        if (actual != expected) {
            throw r.error(start, what + " holds " + actual + " values, but its dimensions say " + expected);
        }
    }

    private static float[] rawFloats(ProtoReader r, int start, String what, int[] span, long count)
            throws OnnxFormatException {
        checkCount(r, start, what + "'s raw data in bytes", span[1], count * Float.BYTES);
        float[] values = new float[(int) count];
        ByteBuffer.wrap(r.buffer(), span[0], span[1])
                .order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer()
                .get(values);
        return values;
    }

    private static long[] rawIntegers(ProtoReader r, int start, String what, int[] span, long count, int width)
            throws OnnxFormatException {
        checkCount(r, start, what + "'s raw data in bytes", span[1], count * width);
        long[] values = new long[(int) count];
        ByteBuffer b = ByteBuffer.wrap(r.buffer(), span[0], span[1]).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < values.length; i++) {
            values[i] = width == 8 ? b.getLong() : b.getInt();
        }
        return values;
    }

    private OnnxGraph.ValueInfo valueInfo(ProtoReader r) throws OnnxFormatException {
        String name = "";
        long[] dims = null;
        while (r.hasMore()) {
            int tag = r.tag();
            if (ProtoReader.field(tag) == VALUE_NAME && ProtoReader.wireType(tag) == ProtoReader.LENGTH_DELIMITED) {
                name = r.string("a value's name");
            } else if (ProtoReader.field(tag) == VALUE_TYPE
                    && ProtoReader.wireType(tag) == ProtoReader.LENGTH_DELIMITED) {
                dims = tensorShape(r.message("a value's type"));
            } else {
                r.skip(tag);
            }
        }
        return new OnnxGraph.ValueInfo(name, dims);
    }

    /** TypeProto -> tensor_type -> shape -> dims; a named or missing dimension is -1; no shape is null. */
    private long[] tensorShape(ProtoReader type) throws OnnxFormatException {
        long[] dims = null;
        while (type.hasMore()) {
            int tag = type.tag();
            if (ProtoReader.field(tag) != TYPE_TENSOR_TYPE
                    || ProtoReader.wireType(tag) != ProtoReader.LENGTH_DELIMITED) {
                type.skip(tag);
                continue;
            }
            ProtoReader tensorType = type.message("a tensor type");
            while (tensorType.hasMore()) {
                int t = tensorType.tag();
                if (ProtoReader.field(t) != TENSOR_TYPE_SHAPE
                        || ProtoReader.wireType(t) != ProtoReader.LENGTH_DELIMITED) {
                    tensorType.skip(t);
                    continue;
                }
                ProtoReader shape = tensorType.message("a tensor shape");
                Repeated list = Repeated.varints();
                while (shape.hasMore()) {
                    int s = shape.tag();
                    if (ProtoReader.field(s) == SHAPE_DIM && ProtoReader.wireType(s) == ProtoReader.LENGTH_DELIMITED) {
                        list.add(dimension(shape.message("a dimension")));
                    } else {
                        shape.skip(s);
                    }
                }
                dims = list.toArray();
            }
        }
        return dims;
    }

    private static long dimension(ProtoReader r) throws OnnxFormatException {
        long value = -1;
        while (r.hasMore()) {
            int tag = r.tag();
            if (ProtoReader.field(tag) == DIM_VALUE && ProtoReader.wireType(tag) == ProtoReader.VARINT) {
                value = r.varint();
            } else {
                r.skip(tag);
            }
        }
        return value;
    }

    /**
     * A repeated number field, read packed or one by one, growing as the data (not a count) says:
     * varints (int64, int32) or 32-bit floats, kept as their bits.
     */
    private static final class Repeated {
        private final int wireType;
        private long[] values = new long[4];
        private int size;

        private Repeated(int wireType) {
            this.wireType = wireType;
        }

        static Repeated varints() {
            return new Repeated(ProtoReader.VARINT);
        }

        static Repeated floats() {
            return new Repeated(ProtoReader.FIXED32);
        }

        void read(ProtoReader r, int tag, String what) throws OnnxFormatException {
            if (ProtoReader.wireType(tag) == ProtoReader.LENGTH_DELIMITED) {
                ProtoReader packed = r.message(what);
                while (packed.hasMore()) {
                    add(next(packed));
                }
            } else {
                r.expect(tag, wireType, what);
                add(next(r));
            }
        }

        private long next(ProtoReader r) throws OnnxFormatException {
            return wireType == ProtoReader.VARINT ? r.varint() : r.fixed32();
        }

        void add(long v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }

        float[] toFloats() {
            float[] f = new float[size];
            for (int i = 0; i < size; i++) {
                f[i] = Float.intBitsToFloat((int) values[i]);
            }
            return f;
        }
    }
}
