package dev.tauon.onnx;

import dev.tauon.core.Generator;
import dev.tauon.core.NoGrad;
import dev.tauon.core.Tensor;
import dev.tauon.core.io.Excerpt;
import dev.tauon.nn.Activation;
import dev.tauon.nn.Module;
import dev.tauon.nn.layers.AvgPool2D;
import dev.tauon.nn.layers.BatchNorm;
import dev.tauon.nn.layers.BatchNorm1D;
import dev.tauon.nn.layers.BatchNorm2D;
import dev.tauon.nn.layers.Conv2D;
import dev.tauon.nn.layers.Dense;
import dev.tauon.nn.layers.Flatten;
import dev.tauon.nn.layers.GELU;
import dev.tauon.nn.layers.GlobalAvgPool2D;
import dev.tauon.nn.layers.GlobalMaxPool2D;
import dev.tauon.nn.layers.KernelLayer;
import dev.tauon.nn.layers.LeakyReLU;
import dev.tauon.nn.layers.MaxPool2D;
import dev.tauon.nn.layers.Padding;
import dev.tauon.nn.layers.ReLU;
import dev.tauon.nn.layers.SiLU;
import dev.tauon.nn.layers.Sigmoid;
import dev.tauon.nn.layers.Softmax;
import dev.tauon.nn.layers.Tanh;
import dev.tauon.nn.layers.ZeroPadding2D;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns an {@link OnnxGraph} into an {@link ImportedGraph}, node by node, in the file's order. Each
 * step is run once on a zero example as it is added, which gives every value's shape (a layer is
 * built for its input's) and finds a graph that cannot run while the node is still known. GELU and
 * SiLU, which ONNX opset 17 spells as several nodes, are recognised and become the layers again.
 */
final class GraphImporter {
    /** The operators this importer understands, for error messages. */
    static final Set<String> SUPPORTED = Set.of(
            "Gemm",
            "MatMul",
            "Conv",
            "MaxPool",
            "AveragePool",
            "GlobalAveragePool",
            "GlobalMaxPool",
            "BatchNormalization",
            "Relu",
            "Sigmoid",
            "Tanh",
            "Softmax",
            "LeakyRelu",
            "Erf",
            "Flatten",
            "Dropout",
            "Identity",
            "Add",
            "Sub",
            "Mul",
            "Div",
            "Concat",
            "Pad",
            "Constant");

    /**
     * The most floats one example's values may take together (512 MB): far above what real models
     * need (ResNet-50 on a 224x224 image holds about 2^24), low enough that a file whose shapes
     * multiply up cannot exhaust the memory while it is checked.
     */
    static final long MAX_PROBE_VALUES = 1L << 27;

    private final String source;
    private final OnnxGraph graph;
    private final Map<String, Tensor> constants = new HashMap<>();
    /** The value each Identity or Dropout output stands for. */
    private final Map<String, String> aliases = new HashMap<>();
    /** Each runtime value computed on one zero example, for its shape. */
    private final Map<String, Tensor> probe = new HashMap<>();

    private final Map<String, Integer> consumers = new HashMap<>();
    /** Floats held by {@link #probe}, kept under {@link #MAX_PROBE_VALUES}. */
    private long probeValues;

    private ImportedGraph model;
    private OnnxNode node;

    private GraphImporter(String source, OnnxGraph graph) {
        this.source = source;
        this.graph = graph;
    }

    static ImportedGraph convert(OnnxGraph graph, String source) throws OnnxFormatException {
        return new GraphImporter(source, graph).convert();
    }

    private ImportedGraph convert() throws OnnxFormatException {
        if (graph.opset() < 13 || graph.opset() > 22) {
            throw new OnnxFormatException(
                    source,
                    "the model",
                    "opset " + graph.opset()
                            + " is not supported; export with an opset from 13 to 22 (Tauon writes 17)");
        }
        for (OnnxTensor t : graph.initializers()) {
            constants.put(t.name(), tensor(t, "initializer " + Excerpt.of(t.name())));
        }
        for (OnnxNode n : graph.nodes()) {
            n.inputs().forEach(i -> consumers.merge(i, 1, Integer::sum));
        }
        graph.outputs().forEach(o -> consumers.merge(o.name(), 1, Integer::sum));
        OnnxGraph.ValueInfo input = singleInput();
        int[] exampleShape = exampleShape(input);
        model = new ImportedGraph(input.name(), exampleShape);
        probe.put(input.name(), Tensor.zeros(batched(exampleShape)));
        // Constant nodes read nothing, so they can all go first; then the nodes of GELU and SiLU
        // stand next to each other, as PyTorch interleaves the constants they use.
        List<OnnxNode> nodes = new ArrayList<>();
        for (OnnxNode n : graph.nodes()) {
            node = n;
            if (n.opType().equals("Constant") && n.domain().isEmpty()) {
                constants.put(output(), constantValue());
            } else {
                nodes.add(n);
            }
        }
        for (int i = 0; i < nodes.size(); ) {
            node = nodes.get(i);
            try {
                i += convertAt(nodes, i);
            } catch (RuntimeException e) {
                // a layer's or an op's own refusal (a bad shape, an option out of range), said for this node
                throw new OnnxFormatException(
                        source,
                        node.describe(),
                        e instanceof IllegalArgumentException || e instanceof IllegalStateException
                                ? e.getMessage()
                                : e.toString());
            }
        }
        if (graph.outputs().size() != 1) {
            throw new OnnxFormatException(
                    source,
                    "the graph",
                    "has " + graph.outputs().size() + " outputs; Tauon imports models with one output");
        }
        String out = resolve(graph.outputs().get(0).name());
        if (!probe.containsKey(out)) {
            throw new OnnxFormatException(source, "output " + Excerpt.of(out), "is not computed from the input");
        }
        int[] s = probe.get(out).shape();
        model.finish(out, Arrays.copyOfRange(s, 1, s.length));
        return model;
    }

    private OnnxGraph.ValueInfo singleInput() throws OnnxFormatException {
        List<OnnxGraph.ValueInfo> real = new ArrayList<>();
        for (OnnxGraph.ValueInfo v : graph.inputs()) {
            if (!constants.containsKey(v.name())) {
                real.add(v);
            }
        }
        if (real.size() != 1) {
            throw new OnnxFormatException(
                    source,
                    "the graph",
                    "has " + real.size() + " inputs that are not constants; Tauon imports models with one input");
        }
        return real.get(0);
    }

    private int[] exampleShape(OnnxGraph.ValueInfo input) throws OnnxFormatException {
        long[] dims = input.dims();
        String where = "input " + Excerpt.of(input.name());
        if (dims == null || dims.length < 2) {
            throw new OnnxFormatException(
                    source,
                    where,
                    "needs a shape [batch, ...] with at least 2 dimensions, got "
                            + (dims == null ? "none" : Arrays.toString(dims)));
        }
        int[] shape = new int[dims.length - 1];
        long size = 1;
        for (int i = 1; i < dims.length; i++) {
            size *= Math.max(dims[i], 1);
            if (dims[i] < 1 || size > (1 << 24)) {
                throw new OnnxFormatException(
                        source,
                        where,
                        "shape " + Arrays.toString(dims)
                                + " must give every dimension after the batch a size, at most 2^24 values per example");
            }
            shape[i - 1] = (int) dims[i];
        }
        return shape;
    }

    /** Converts the node at {@code i} (and the ones a recognised pattern spans); returns how many it used. */
    private int convertAt(List<OnnxNode> nodes, int i) throws OnnxFormatException {
        int fused = geluExact(nodes, i);
        if (fused > 0) {
            return fused;
        }
        fused = geluTanh(nodes, i);
        if (fused > 0) {
            return fused;
        }
        fused = silu(nodes, i);
        if (fused > 0) {
            return fused;
        }
        if (!node.domain().isEmpty() && !node.domain().equals("ai.onnx")) {
            throw unsupported("domain " + Excerpt.of(node.domain()));
        }
        convertNode();
        return 1;
    }

    private void convertNode() throws OnnxFormatException {
        switch (node.opType()) {
            case "Identity":
            case "Dropout":
                aliases.put(output(), resolve(input(0)));
                return;
            case "Gemm":
                gemm();
                return;
            case "MatMul":
                kernelLayer(new Dense(weight(1, 2).dim(1)).useBias(false), weight(1, 2), null);
                return;
            case "Conv":
                conv();
                return;
            case "MaxPool":
            case "AveragePool":
                pool();
                return;
            case "GlobalAveragePool":
                layer(new GlobalAvgPool2D(true));
                return;
            case "GlobalMaxPool":
                layer(new GlobalMaxPool2D(true));
                return;
            case "BatchNormalization":
                batchNorm();
                return;
            case "Relu":
                layer(new ReLU());
                return;
            case "Sigmoid":
                layer(new Sigmoid());
                return;
            case "Tanh":
                layer(new Tanh());
                return;
            case "LeakyRelu":
                layer(new LeakyReLU(floatAttribute("alpha", Activation.LEAKY_RELU_SLOPE)));
                return;
            case "Softmax":
                softmax();
                return;
            case "Flatten":
                requireAxis1("axis", 1);
                layer(new Flatten());
                return;
            case "Add":
                arithmetic(GraphOp.Kind.ADD);
                return;
            case "Sub":
                arithmetic(GraphOp.Kind.SUB);
                return;
            case "Mul":
                arithmetic(GraphOp.Kind.MUL);
                return;
            case "Div":
                arithmetic(GraphOp.Kind.DIV);
                return;
            case "Erf":
                arithmetic(GraphOp.Kind.ERF);
                return;
            case "Concat":
                concat();
                return;
            case "Pad":
                pad();
                return;
            default:
                throw unsupported("operator");
        }
    }

    private OnnxFormatException unsupported(String what) {
        return new OnnxFormatException(
                source,
                node.describe(),
                "this " + what + " is not supported by Tauon's" + " importer; it reads the default ONNX domain's "
                        + String.join(", ", SUPPORTED.stream().sorted().toList()));
    }

    // ------------------------------------------------------------------ layers

    private void gemm() throws OnnxFormatException {
        if (floatAttribute("alpha", 1f) != 1f
                || longAttribute("transA", 0) != 0
                || (node.inputs().size() > 2 && floatAttribute("beta", 1f) != 1f)) {
            throw problem("only alpha = 1, beta = 1 and transA = 0 are supported (a Dense layer)");
        }
        Tensor w = transposeIf(weight(1, 2), longAttribute("transB", 0) != 0);
        Tensor b = node.inputs().size() > 2 && !node.inputs().get(2).isEmpty() ? weight(2, -1) : null;
        kernelLayer(new Dense(w.dim(1)).useBias(b != null), w, b);
    }

    private void conv() throws OnnxFormatException {
        Tensor w = weight(1, 4);
        Tensor b = node.inputs().size() > 2 && !node.inputs().get(2).isEmpty() ? weight(2, 1) : null;
        int[] in = exampleShape(0);
        long[] strides = intsAttribute("strides", 1, 1);
        long[] pads = intsAttribute("pads", 0, 0, 0, 0);
        if (longAttribute("group", 1) != 1 || !allEqual(intsAttribute("dilations", 1, 1), 1)) {
            throw problem("only group = 1 and dilations 1 are supported");
        }
        if (strides.length != 2 || strides[0] != strides[1] || strides[0] < 1 || pads.length != 4) {
            throw problem("needs 2-D strides equal on both axes and 4 pads, got strides " + Arrays.toString(strides)
                    + ", pads " + Arrays.toString(pads));
        }
        requireNoAutoPad();
        int stride = (int) strides[0];
        Conv2D same = new Conv2D(w.dim(0), w.dim(2), w.dim(3), Activation.LINEAR);
        same.stride(stride).padding(Padding.SAME);
        boolean isSame = Arrays.equals(pads, samePads(in, w.dim(2), w.dim(3), stride));
        if (!isSame && !allEqual(pads, 0)) {
            layer(new ZeroPadding2D(
                    nonNegative(pads[0]), nonNegative(pads[2]), nonNegative(pads[1]), nonNegative(pads[3])));
        }
        Conv2D conv = isSame ? same : new Conv2D(w.dim(0), w.dim(2), w.dim(3), Activation.LINEAR).stride(stride);
        kernelLayer(conv.useBias(b != null), w, b);
    }

    /** The pads Conv2D's 'same' padding uses for this input, or {@code null} if it refuses it. */
    private static long[] samePads(int[] in, int kh, int kw, int stride) {
        if (in.length != 3) {
            return null;
        }
        long ph = sameTotal(in[1], kh, stride);
        long pw = sameTotal(in[2], kw, stride);
        return ph % 2 != 0 || pw % 2 != 0 ? null : new long[] {ph / 2, pw / 2, ph / 2, pw / 2};
    }

    private static long sameTotal(int n, int k, int stride) {
        int out = (n + stride - 1) / stride;
        return Math.max((long) (out - 1) * stride + k - n, 0);
    }

    private void pool() throws OnnxFormatException {
        long[] kernel = intsAttribute("kernel_shape");
        long[] strides = intsAttribute("strides", 1, 1);
        long[] pads = intsAttribute("pads", 0, 0, 0, 0);
        requireNoAutoPad();
        if (kernel == null
                || kernel.length != 2
                || kernel[0] != kernel[1]
                || kernel[0] < 1
                || strides.length != 2
                || strides[0] != strides[1]
                || strides[0] < 1
                || pads.length != 4
                || !allEqual(pads, pads[0])
                || pads[0] > kernel[0] / 2) {
            throw problem("needs a square kernel, equal strides and the same padding on every side of at most half"
                    + " the kernel; got kernel " + Arrays.toString(kernel) + ", strides " + Arrays.toString(strides)
                    + ", pads " + Arrays.toString(pads));
        }
        if (longAttribute("ceil_mode", 0) != 0 || !allEqual(intsAttribute("dilations", 1, 1), 1)) {
            throw problem("only ceil_mode = 0 and dilations 1 are supported");
        }
        boolean max = node.opType().equals("MaxPool");
        if (!max && pads[0] > 0 && longAttribute("count_include_pad", 0) != 1) {
            throw problem("padded average pooling must count the padding (count_include_pad = 1), as Tauon's does");
        }
        if (node.outputs().size() > 1 && !node.outputs().get(1).isEmpty()) {
            throw problem("the indices output of MaxPool is not supported");
        }
        int k = (int) kernel[0];
        layer(
                max
                        ? new MaxPool2D(k, (int) strides[0], (int) pads[0])
                        : new AvgPool2D(k, (int) strides[0], (int) pads[0]));
    }

    private void batchNorm() throws OnnxFormatException {
        if (longAttribute("training_mode", 0) != 0) {
            throw problem("training_mode = 1 is not supported; export the model in evaluation mode");
        }
        int rank = exampleShape(0).length;
        BatchNorm bn = rank == 3 ? new BatchNorm2D() : new BatchNorm1D();
        bn.epsilon(floatAttribute("epsilon", BatchNorm.DEFAULT_EPSILON));
        bn.build(new Generator(0), exampleShape(0));
        copy(weight(1, 1), bn.weight());
        copy(weight(2, 1), bn.bias());
        copy(weight(3, 1), bn.runningMean());
        copy(weight(4, 1), bn.runningVar());
        add(bn, List.of(input(0)));
    }

    private void softmax() throws OnnxFormatException {
        int rank = exampleShape(0).length + 1;
        long axis = longAttribute("axis", -1);
        if (axis != 1 && !(axis == -1 && rank == 2)) {
            throw problem(
                    "only a softmax over axis 1 is supported, got axis " + axis + " of a rank-" + rank + " input");
        }
        layer(new Softmax());
    }

    private void concat() throws OnnxFormatException {
        int rank = exampleShape(0).length + 1;
        long axis = longAttribute("axis", 1);
        if (axis != 1 && axis != 1 - rank) {
            throw problem("only joining along axis 1 is supported, got axis " + axis);
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < node.inputs().size(); i++) {
            values.add(runtime(i));
        }
        add(new GraphOp(GraphOp.Kind.CONCAT, new Tensor[values.size()]), values);
    }

    private void pad() throws OnnxFormatException {
        String mode = node.attributes().containsKey("mode")
                ? node.attributes().get("mode").s()
                : "constant";
        Tensor pads = constant(1);
        boolean zeroValue = node.inputs().size() < 3 || node.inputs().get(2).isEmpty() || allZero(constant(2));
        if (!"constant".equals(mode) || !zeroValue || node.inputs().size() > 3 || pads.size() != 8) {
            throw problem("only zero padding of the height and width of NCHW images is supported (a ZeroPadding2D)");
        }
        float[] p = pads.data();
        if (p[0] != 0 || p[1] != 0 || p[4] != 0 || p[5] != 0) {
            throw problem("padding the batch or channel axes is not supported");
        }
        layer(new ZeroPadding2D(nonNegative(p[2]), nonNegative(p[6]), nonNegative(p[3]), nonNegative(p[7])));
    }

    private void arithmetic(GraphOp.Kind kind) throws OnnxFormatException {
        int arity = kind == GraphOp.Kind.ERF ? 1 : 2;
        if (node.inputs().size() != arity) {
            throw problem("needs " + arity + " inputs, got " + node.inputs().size());
        }
        Tensor[] operands = new Tensor[arity];
        List<String> values = new ArrayList<>();
        for (int i = 0; i < arity; i++) {
            String name = resolve(input(i));
            operands[i] = constants.get(name);
            if (operands[i] == null) {
                values.add(runtime(i));
            }
        }
        if (values.isEmpty()) {
            constants.put(output(), GraphOp.compute(kind, Arrays.asList(operands)));
        } else {
            add(new GraphOp(kind, operands), values);
        }
    }

    // ------------------------------------------------------------------ patterns ONNX writes as several nodes

    /** {@code Mul(Mul(x, Add(Erf(Div(x, sqrt 2)), 1)), 0.5)}: GELU. Returns the nodes used, or 0. */
    private int geluExact(List<OnnxNode> n, int i) throws OnnxFormatException {
        if (!ops(n, i, "Div", "Erf", "Add", "Mul", "Mul")) {
            return 0;
        }
        String x = n.get(i).inputs().get(0);
        boolean matches = isScalar(n.get(i).inputs().get(1), ActivationExport.SQRT_2)
                && feeds(n.get(i), n.get(i + 1))
                && feedsWith(n.get(i + 1), n.get(i + 2), 1f)
                && feedsWithValue(n.get(i + 2), n.get(i + 3), x)
                && feedsWith(n.get(i + 3), n.get(i + 4), 0.5f);
        return matches ? fuse(new GELU(), x, n.get(i + 4), 5) : 0;
    }

    /** GELU's tanh approximation in the nodes {@link ActivationExport} writes. Returns the nodes used, or 0. */
    private int geluTanh(List<OnnxNode> n, int i) throws OnnxFormatException {
        if (!ops(n, i, "Mul", "Mul", "Mul", "Add", "Mul", "Tanh", "Add", "Mul", "Mul")) {
            return 0;
        }
        String x = n.get(i).inputs().get(0);
        boolean matches = n.get(i).inputs().equals(List.of(x, x))
                && feedsWithValue(n.get(i), n.get(i + 1), x)
                && feedsWith(n.get(i + 1), n.get(i + 2), ActivationExport.GELU_CUBIC)
                && feedsWithValue(n.get(i + 2), n.get(i + 3), x)
                && feedsWith(n.get(i + 3), n.get(i + 4), ActivationExport.SQRT_2_OVER_PI)
                && feeds(n.get(i + 4), n.get(i + 5))
                && feedsWith(n.get(i + 5), n.get(i + 6), 1f)
                && feedsWithValue(n.get(i + 6), n.get(i + 7), x)
                && feedsWith(n.get(i + 7), n.get(i + 8), 0.5f);
        return matches ? fuse(new GELU(true), x, n.get(i + 8), 9) : 0;
    }

    /** {@code Mul(x, Sigmoid(x))}: SiLU. Returns the nodes used, or 0. */
    private int silu(List<OnnxNode> n, int i) throws OnnxFormatException {
        if (!ops(n, i, "Sigmoid", "Mul")) {
            return 0;
        }
        String x = n.get(i).inputs().get(0);
        return feedsWithValue(n.get(i), n.get(i + 1), x) ? fuse(new SiLU(), x, n.get(i + 1), 2) : 0;
    }

    private int fuse(Module layer, String x, OnnxNode last, int count) throws OnnxFormatException {
        if (constants.containsKey(resolve(x))) {
            return 0;
        }
        add(layer, List.of(x), last.outputs().get(0));
        return count;
    }

    private boolean ops(List<OnnxNode> n, int i, String... types) {
        if (i + types.length > n.size()) {
            return false;
        }
        for (int k = 0; k < types.length; k++) {
            OnnxNode m = n.get(i + k);
            if (!m.opType().equals(types[k])
                    || !m.domain().isEmpty()
                    || m.outputs().size() != 1
                    || m.inputs().size()
                            != (types[k].equals("Erf") || types[k].equals("Tanh") || types[k].equals("Sigmoid")
                                    ? 1
                                    : 2)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code to}'s one input is {@code from}'s output, used nowhere else. */
    private boolean feeds(OnnxNode from, OnnxNode to) {
        return to.inputs().size() == 1 && to.inputs().get(0).equals(privateOutput(from));
    }

    /** Whether {@code to} reads {@code from}'s private output and the scalar constant {@code c}, in either order. */
    private boolean feedsWith(OnnxNode from, OnnxNode to, float c) {
        String out = privateOutput(from);
        List<String> in = to.inputs();
        return (in.get(0).equals(out) && isScalar(in.get(1), c)) || (in.get(1).equals(out) && isScalar(in.get(0), c));
    }

    /** Whether {@code to} reads {@code from}'s private output and the value {@code x}, in either order. */
    private boolean feedsWithValue(OnnxNode from, OnnxNode to, String x) {
        String out = privateOutput(from);
        List<String> in = to.inputs();
        return (in.get(0).equals(out) && in.get(1).equals(x))
                || (in.get(1).equals(out) && in.get(0).equals(x));
    }

    /** The node's output if exactly one node reads it (so fusing loses nothing), else a name no input has. */
    private String privateOutput(OnnxNode n) {
        String out = n.outputs().get(0);
        return consumers.getOrDefault(out, 0) == 1 ? out : "\u0000";
    }

    private boolean isScalar(String name, float value) {
        Tensor t = constants.get(resolve(name));
        return t != null && t.size() == 1 && Math.abs(t.data()[0] - value) <= 1e-6f * Math.abs(value);
    }

    // ------------------------------------------------------------------ plumbing

    private void layer(Module layer) throws OnnxFormatException {
        if (!layer.isBuilt()) {
            layer.build(new Generator(0), exampleShape(0));
        }
        add(layer, List.of(runtime(0)));
    }

    private void add(Module module, List<String> inputs) throws OnnxFormatException {
        add(module, inputs, output());
    }

    /** Adds a step and runs it on the zero example, which checks it and gives its output's shape. */
    private void add(Module module, List<String> inputs, String output) throws OnnxFormatException {
        List<String> resolved = inputs.stream().map(this::resolve).toList();
        module.eval();
        int[] first = probe.get(resolved.get(0)).shape();
        int[] exampleShape = Arrays.copyOfRange(first, 1, first.length);
        ImportedGraph.Step step = new ImportedGraph.Step(module, resolved, output, exampleShape);
        long size = module instanceof GraphOp
                ? ((GraphOp) module)
                        .outputSize(
                                resolved.stream().map(v -> probe.get(v).shape()).toList())
                : elements(module.outputShape(exampleShape));
        if (size < 0 || size > MAX_PROBE_VALUES - probeValues) {
            throw problem("its output would take " + (size < 0 ? "more than 2^63" : size) + " floats per example"
                    + " where " + (MAX_PROBE_VALUES - probeValues) + " remain of the " + MAX_PROBE_VALUES
                    + " all values may take; the shapes are far beyond any model Tauon can run");
        }
        probeValues += size;
        try (NoGrad ignored = NoGrad.enter()) {
            probe.put(output, ImportedGraph.run(step, probe));
        }
        model.add(step);
    }

    /** Builds a Dense or Conv2D for its input and copies the file's weight and bias into it. */
    private void kernelLayer(KernelLayer layer, Tensor w, Tensor b) throws OnnxFormatException {
        layer.build(new Generator(0), exampleShape(0));
        if (!Arrays.equals(layer.weight().shape(), w.shape())) {
            throw problem("the weight " + Arrays.toString(w.shape()) + " does not fit the input "
                    + Arrays.toString(exampleShape(0)) + " (expected "
                    + Arrays.toString(layer.weight().shape()) + ")");
        }
        copy(w, layer.weight());
        if (b != null) {
            copy(b, layer.bias());
        }
        layer(layer);
    }

    private String output() throws OnnxFormatException {
        if (node.outputs().isEmpty() || node.outputs().get(0).isEmpty()) {
            throw problem("has no output");
        }
        return node.outputs().get(0);
    }

    private String input(int i) throws OnnxFormatException {
        if (node.inputs().size() <= i || node.inputs().get(i).isEmpty()) {
            throw problem("needs an input " + i);
        }
        return node.inputs().get(i);
    }

    private String resolve(String name) {
        String n = name;
        for (int hops = 0; aliases.containsKey(n) && hops <= aliases.size(); hops++) {
            n = aliases.get(n);
        }
        return n;
    }

    /** Input {@code i}, which must be a value computed from the model's input. */
    private String runtime(int i) throws OnnxFormatException {
        String name = resolve(input(i));
        if (!probe.containsKey(name)) {
            throw problem(
                    "input " + Excerpt.of(name)
                            + (constants.containsKey(name)
                                    ? " is a constant where Tauon needs a value computed from the model's input"
                                    : " is not computed by an earlier node (the graph is not in order, or the value is missing)"));
        }
        return name;
    }

    /** The per-example shape of input {@code i}, a value computed from the model's input. */
    private int[] exampleShape(int i) throws OnnxFormatException {
        int[] s = probe.get(runtime(i)).shape();
        return Arrays.copyOfRange(s, 1, s.length);
    }

    private Tensor constant(int i) throws OnnxFormatException {
        Tensor t = constants.get(resolve(input(i)));
        if (t == null) {
            throw problem("input " + i + " " + Excerpt.of(input(i)) + " must be a constant (an initializer)");
        }
        return t;
    }

    /** Constant input {@code i} checked to have {@code rank} dimensions ({@code -1}: 1 or 2, a bias). */
    private Tensor weight(int i, int rank) throws OnnxFormatException {
        Tensor t = constant(i);
        if (rank >= 0 && t.rank() != rank || rank < 0 && t.rank() > 2) {
            throw problem("input " + i + " " + Excerpt.of(input(i)) + " has shape " + Arrays.toString(t.shape())
                    + ", expected rank " + (rank < 0 ? "1" : rank));
        }
        return rank < 0 ? t.reshape(t.size()) : t;
    }

    private Tensor constantValue() throws OnnxFormatException {
        OnnxAttribute a = node.attributes().get("value");
        if (a != null && a.t() != null) {
            return tensor(a.t(), node.describe());
        }
        OnnxAttribute f = node.attributes().get("value_float");
        if (f != null) {
            return Tensor.scalar(f.f());
        }
        OnnxAttribute i = node.attributes().get("value_int");
        if (i != null) {
            return Tensor.scalar(i.i());
        }
        OnnxAttribute ints = node.attributes().get("value_ints");
        if (ints != null) {
            return tensor(OnnxTensor.ofLongs("", ints.ints(), ints.ints().length), node.describe());
        }
        throw problem("needs a tensor 'value' (or value_float, value_int, value_ints)");
    }

    /** An ONNX constant as a tensor; integers become floats, exactly up to 2^24, enough for shapes and pads. */
    private Tensor tensor(OnnxTensor t, String where) throws OnnxFormatException {
        float[] values;
        if (t.isFloat()) {
            values = t.floats();
        } else {
            values = new float[t.longs().length];
            for (int k = 0; k < values.length; k++) {
                values[k] = t.longs()[k];
            }
        }
        int[] dims = t.intDims();
        return dims.length == 0 ? Tensor.scalar(values[0]) : Tensor.of(values, dims);
    }

    private static Tensor transposeIf(Tensor w, boolean transpose) {
        if (!transpose) {
            return w;
        }
        int rows = w.dim(0);
        int cols = w.dim(1);
        float[] t = new float[rows * cols];
        float[] d = w.data();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = d[r * cols + c];
            }
        }
        return Tensor.of(t, cols, rows);
    }

    private void copy(Tensor from, Tensor to) throws OnnxFormatException {
        if (from.size() != to.size()) {
            throw problem("a constant has " + from.size() + " values where " + to.size() + " are needed");
        }
        System.arraycopy(from.data(), 0, to.data(), 0, to.data().length);
    }

    private float floatAttribute(String name, float otherwise) {
        OnnxAttribute a = node.attributes().get(name);
        return a == null ? otherwise : a.f();
    }

    private long longAttribute(String name, long otherwise) {
        OnnxAttribute a = node.attributes().get(name);
        return a == null ? otherwise : a.i();
    }

    private long[] intsAttribute(String name, long... otherwise) {
        OnnxAttribute a = node.attributes().get(name);
        return a == null || a.ints() == null ? (otherwise.length == 0 ? null : otherwise) : a.ints();
    }

    private void requireAxis1(String name, long otherwise) throws OnnxFormatException {
        long axis = longAttribute(name, otherwise);
        if (axis != 1) {
            throw problem("only " + name + " = 1 is supported, got " + axis);
        }
    }

    private void requireNoAutoPad() throws OnnxFormatException {
        OnnxAttribute a = node.attributes().get("auto_pad");
        if (a != null && a.s() != null && !a.s().equals("NOTSET") && !a.s().equals("VALID")) {
            throw problem("auto_pad " + Excerpt.of(a.s()) + " is not supported; export with explicit pads");
        }
    }

    private static boolean allEqual(long[] values, long v) {
        return Arrays.stream(values).allMatch(x -> x == v);
    }

    private static boolean allZero(Tensor t) {
        for (float v : t.data()) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }

    private int nonNegative(double v) throws OnnxFormatException {
        if (v < 0 || v > 1 << 20) {
            throw problem("padding " + v + " must be between 0 and 2^20");
        }
        return (int) v;
    }

    /** The product of the dimensions, or -1 past 2^62. */
    static long elements(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0 || n > (1L << 62) / Math.max(d, 1)) {
                return -1;
            }
            n *= d;
        }
        return n;
    }

    private static int[] batched(int[] shape) {
        int[] b = new int[shape.length + 1];
        b[0] = 1;
        System.arraycopy(shape, 0, b, 1, shape.length);
        return b;
    }

    private OnnxFormatException problem(String problem) {
        return new OnnxFormatException(source, node.describe(), problem);
    }
}
