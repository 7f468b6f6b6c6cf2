package dev.tauon.onnx;

import static dev.tauon.onnx.OnnxAttribute.ofFloat;
import static dev.tauon.onnx.OnnxAttribute.ofInt;
import static dev.tauon.onnx.OnnxAttribute.ofInts;

import dev.tauon.core.Tensor;
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
import dev.tauon.nn.layers.GlobalPool2D;
import dev.tauon.nn.layers.Identity;
import dev.tauon.nn.layers.KernelLayer;
import dev.tauon.nn.layers.LeakyReLU;
import dev.tauon.nn.layers.MaxPool2D;
import dev.tauon.nn.layers.Padding;
import dev.tauon.nn.layers.Pool2D;
import dev.tauon.nn.layers.ReLU;
import dev.tauon.nn.layers.Rescaling;
import dev.tauon.nn.layers.Residual;
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

/**
 * The exporter of every built-in layer, by exact class: a subclass may compute something else, so
 * it must be given its own. Everything is written in evaluation mode: Dropout is left out and
 * BatchNorm uses its running statistics.
 */
final class LayerExporters {
    private static final Map<Class<? extends Module>, LayerExporter> BY_CLASS = Map.ofEntries(
            Map.entry(Sequential.class, LayerExporters::sequential),
            Map.entry(Residual.class, LayerExporters::residual),
            Map.entry(Concatenate.class, LayerExporters::concatenate),
            Map.entry(Dense.class, LayerExporters::dense),
            Map.entry(Conv2D.class, LayerExporters::conv2d),
            Map.entry(MaxPool2D.class, (m, x, s, p, g, c) -> pool("MaxPool", (Pool2D) m, x, p, g)),
            Map.entry(AvgPool2D.class, (m, x, s, p, g, c) -> pool("AveragePool", (Pool2D) m, x, p, g)),
            Map.entry(GlobalAvgPool2D.class, (m, x, s, p, g, c) -> globalPool("GlobalAveragePool", m, x, p, g)),
            Map.entry(GlobalMaxPool2D.class, (m, x, s, p, g, c) -> globalPool("GlobalMaxPool", m, x, p, g)),
            Map.entry(BatchNorm1D.class, LayerExporters::batchNorm),
            Map.entry(BatchNorm2D.class, LayerExporters::batchNorm),
            Map.entry(Flatten.class, (m, x, s, p, g, c) -> g.node(p, "Flatten", List.of(x), ofInt("axis", 1))),
            Map.entry(Dropout.class, (m, x, s, p, g, c) -> x),
            Map.entry(Identity.class, (m, x, s, p, g, c) -> x),
            Map.entry(ActivationLayer.class, LayerExporters::activation),
            Map.entry(ReLU.class, LayerExporters::activation),
            Map.entry(Sigmoid.class, LayerExporters::activation),
            Map.entry(Tanh.class, LayerExporters::activation),
            Map.entry(Softmax.class, LayerExporters::activation),
            Map.entry(SiLU.class, LayerExporters::activation),
            Map.entry(GELU.class, LayerExporters::activation),
            Map.entry(
                    LeakyReLU.class,
                    (m, x, s, p, g, c) -> ActivationExport.leakyRelu(((LeakyReLU) m).slope(), x, p, g)),
            Map.entry(Rescaling.class, LayerExporters::rescaling),
            Map.entry(ZeroPadding2D.class, LayerExporters::zeroPadding),
            Map.entry(ImportedGraph.class, LayerExporters::importedGraph));

    private LayerExporters() {}

    /** The exporter of exactly this class, or {@code null}. */
    static LayerExporter of(Class<?> layer) {
        return BY_CLASS.get(layer);
    }

    private static String sequential(
            Module m, String x, int[] shape, String path, ExportGraph g, LayerExporter.ModuleExporter children) {
        Sequential seq = (Sequential) m;
        String value = x;
        int[] s = shape;
        for (int i = 0; i < seq.layers().size(); i++) {
            Module layer = seq.layer(i);
            value = children.export(layer, value, s, child(path, Integer.toString(i)));
            s = layer.outputShape(s);
        }
        return value;
    }

    private static String residual(
            Module m, String x, int[] shape, String path, ExportGraph g, LayerExporter.ModuleExporter children) {
        Residual r = (Residual) m;
        String main = children.export(r.block(), x, shape, child(path, "block"));
        String skip = r.shortcut() == null ? x : children.export(r.shortcut(), x, shape, child(path, "shortcut"));
        return g.node(path, "Add", List.of(main, skip));
    }

    private static String concatenate(
            Module m, String x, int[] shape, String path, ExportGraph g, LayerExporter.ModuleExporter children) {
        List<Module> branches = ((Concatenate) m).branches();
        List<String> outputs = new ArrayList<>();
        for (int i = 0; i < branches.size(); i++) {
            outputs.add(children.export(branches.get(i), x, shape, child(path, Integer.toString(i))));
        }
        return g.node(path, "Concat", outputs, ofInt("axis", 1));
    }

    /** An imported model again: its layers as above, its graph operations as the ONNX operators they came from. */
    private static String importedGraph(
            Module m, String x, int[] shape, String path, ExportGraph g, LayerExporter.ModuleExporter children) {
        ImportedGraph graph = (ImportedGraph) m;
        Map<String, String> exported = new HashMap<>(Map.of(graph.inputName(), x));
        List<ImportedGraph.Step> steps = graph.stepList();
        for (int i = 0; i < steps.size(); i++) {
            ImportedGraph.Step step = steps.get(i);
            String stepPath = child(path, Integer.toString(i));
            List<String> in = step.inputs().stream().map(exported::get).toList();
            String out = step.module() instanceof GraphOp
                    ? graphOp((GraphOp) step.module(), in, stepPath, g)
                    : children.export(step.module(), in.get(0), step.inputShape(), stepPath);
            exported.put(step.output(), out);
        }
        return exported.get(graph.outputName());
    }

    private static String graphOp(GraphOp op, List<String> values, String path, ExportGraph g) {
        List<String> operands = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < op.arity(); i++) {
            Tensor c = op.constant(i);
            operands.add(c == null ? values.get(next++) : constant(g, child(path, "constant" + i), c));
        }
        switch (op.kind()) {
            case ADD:
                return g.node(path, "Add", operands);
            case SUB:
                return g.node(path, "Sub", operands);
            case MUL:
                return g.node(path, "Mul", operands);
            case DIV:
                return g.node(path, "Div", operands);
            case ERF:
                return g.node(path, "Erf", operands);
            default:
                return g.node(path, "Concat", operands, ofInt("axis", 1));
        }
    }

    private static String dense(
            Module m, String x, int[] shape, String path, ExportGraph g, LayerExporter.ModuleExporter children) {
        Dense d = (Dense) m;
        // Tauon's [in, out] weight is Gemm's B as it is (transB = 0).
        String y = g.node(path, "Gemm", kernelInputs(d, x, path, g));
        return ActivationExport.apply(d.activation(), y, path, g);
    }

    private static String conv2d(
            Module m, String x, int[] shape, String path, ExportGraph g, LayerExporter.ModuleExporter children) {
        Conv2D c = (Conv2D) m;
        String y = conv(c, kernelInputs(c, x, path, g), shape, path, g);
        return ActivationExport.apply(c.activation(), y, path, g);
    }

    /** {@code c}'s Conv node, without its activation, on {@code inputs} (x, weight, and bias if any). */
    static String conv(Conv2D c, List<String> inputs, int[] shape, String path, ExportGraph g) {
        int ph = samePadding(c, shape[1], c.kernelHeight());
        int pw = samePadding(c, shape[2], c.kernelWidth());
        return g.node(
                path,
                "Conv",
                inputs,
                ofInts("kernel_shape", c.kernelHeight(), c.kernelWidth()),
                ofInts("strides", c.stride(), c.stride()),
                ofInts("pads", ph, pw, ph, pw));
    }

    /** Conv2D's padding on each side for an axis of length {@code n}: 0, or half of what 'same' needs. */
    private static int samePadding(Conv2D c, int n, int k) {
        if (c.padding() == Padding.VALID) {
            return 0;
        }
        int out = (n + c.stride() - 1) / c.stride();
        return Math.max((out - 1) * c.stride() + k - n, 0) / 2;
    }

    private static List<String> kernelInputs(KernelLayer layer, String x, String path, ExportGraph g) {
        Tensor w = built(layer, layer.weight());
        List<String> inputs = new ArrayList<>(List.of(x, constant(g, child(path, "weight"), w)));
        if (layer.bias() != null) {
            inputs.add(constant(g, child(path, "bias"), layer.bias()));
        }
        return inputs;
    }

    private static String pool(String op, Pool2D p, String x, String path, ExportGraph g) {
        int k = p.pool();
        int pad = p.padding();
        List<OnnxAttribute> attributes = new ArrayList<>(List.of(
                ofInts("kernel_shape", k, k),
                ofInts("strides", p.stride(), p.stride()),
                ofInts("pads", pad, pad, pad, pad)));
        if (op.equals("AveragePool")) {
            attributes.add(ofInt("count_include_pad", 1)); // Tauon divides by the whole window
        }
        return g.node(path, op, List.of(x), attributes.toArray(OnnxAttribute[]::new));
    }

    private static String globalPool(String op, Module m, String x, String path, ExportGraph g) {
        String pooled = g.node(path, op, List.of(x));
        return ((GlobalPool2D) m).keepDims() ? pooled : g.node(path, "Flatten", List.of(pooled), ofInt("axis", 1));
    }

    private static String batchNorm(
            Module m, String x, int[] shape, String path, ExportGraph g, LayerExporter.ModuleExporter children) {
        BatchNorm bn = (BatchNorm) m;
        Tensor mean = built(bn, bn.runningMean());
        int channels = mean.dim(0);
        float[] ones = new float[channels];
        Arrays.fill(ones, 1f);
        String scale = bn.weight() == null
                ? g.constant(child(path, "weight"), ones, channels)
                : constant(g, child(path, "weight"), bn.weight());
        String shift = bn.bias() == null
                ? g.constant(child(path, "bias"), new float[channels], channels)
                : constant(g, child(path, "bias"), bn.bias());
        return g.node(
                path,
                "BatchNormalization",
                List.of(
                        x,
                        scale,
                        shift,
                        constant(g, child(path, "running_mean"), mean),
                        constant(g, child(path, "running_var"), bn.runningVar())),
                ofFloat("epsilon", bn.epsilon()));
    }

    private static String activation(
            Module m, String x, int[] shape, String path, ExportGraph g, LayerExporter.ModuleExporter children) {
        return ActivationExport.apply(((ActivationLayer) m).activation(), x, path, g);
    }

    private static String rescaling(
            Module m, String x, int[] shape, String path, ExportGraph g, LayerExporter.ModuleExporter children) {
        Rescaling r = (Rescaling) m;
        String scaled = g.node(path, "Mul", List.of(x, g.scalar(child(path, "scale"), r.scale())));
        return r.offset() == 0f
                ? scaled
                : g.node(path, "Add", List.of(scaled, g.scalar(child(path, "offset"), r.offset())));
    }

    private static String zeroPadding(
            Module m, String x, int[] shape, String path, ExportGraph g, LayerExporter.ModuleExporter children) {
        ZeroPadding2D z = (ZeroPadding2D) m;
        // ONNX's order: every axis' start, then every axis' end, over N, C, H, W.
        String pads = g.int64s(child(path, "pads"), 0, 0, z.top(), z.left(), 0, 0, z.bottom(), z.right());
        return g.node(path, "Pad", List.of(x, pads));
    }

    private static String constant(ExportGraph g, String name, Tensor t) {
        long[] dims = Arrays.stream(t.shape()).asLongStream().toArray();
        return g.constant(name, t.data(), dims);
    }

    private static Tensor built(Module layer, Tensor t) {
        if (t == null) {
            throw new IllegalStateException(layer.name() + " is not built: build the model (or run a batch through it)"
                    + " before exporting it");
        }
        return t;
    }

    /** A child's dotted name, as in the state dict: {@code 1.block} from {@code 1} and {@code block}. */
    static String child(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
