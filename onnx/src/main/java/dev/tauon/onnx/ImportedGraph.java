package dev.tauon.onnx;

import dev.tauon.core.Shapes;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Module;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A model read from an ONNX file by {@link OnnxImport}: Tauon layers ({@code Dense}, {@code Conv2D},
 * {@code BatchNorm2D}, ...) and a few graph operations (sums, products, joins of values), run in the
 * file's node order. The steps are the children {@code "0"}, {@code "1"}, ..., so the state dict
 * reads {@code 0.weight}, {@code 0.bias}, ...; the model can be trained, saved and exported again
 * like any other. It is built for the file's input shape, and starts in evaluation mode.
 */
public final class ImportedGraph extends Module {
    private final List<Step> steps = new ArrayList<>();
    private final String input;
    private String output;
    private final int[] inputShape;
    private int[] outputShape;

    /**
     * One step: a layer reading one value, or a {@link GraphOp} reading several; it writes one value.
     * {@code inputShape} is the per-example shape of its first input.
     */
    record Step(Module module, List<String> inputs, String output, int[] inputShape) {}

    ImportedGraph(String input, int[] inputShape) {
        this.input = input;
        this.inputShape = inputShape.clone();
    }

    void add(Step step) {
        registerModule(Integer.toString(steps.size()), step.module());
        steps.add(step);
    }

    void finish(String output, int[] outputShape) {
        this.output = output;
        this.outputShape = outputShape.clone();
        build(inputShape);
        eval();
    }

    /** The steps in the order they run, each a layer or a graph operation with the names of the values it reads. */
    public List<Module> steps() {
        return steps.stream().map(Step::module).toList();
    }

    /** The steps with the values they read and write, for the exporter. */
    List<Step> stepList() {
        return List.copyOf(steps);
    }

    String inputName() {
        return input;
    }

    String outputName() {
        return output;
    }

    @Override
    public int[] outputShape(int[] in) {
        if (!Arrays.equals(in, inputShape)) {
            throw new IllegalArgumentException(name() + ": input " + Arrays.toString(in) + " must be the file's "
                    + Arrays.toString(inputShape) + " (per example)");
        }
        return outputShape.clone();
    }

    @Override
    public Tensor forward(Tensor x) {
        int[] s = x.shape();
        if (s.length != inputShape.length + 1 || !Arrays.equals(Arrays.copyOfRange(s, 1, s.length), inputShape)) {
            throw new IllegalArgumentException(name() + ": input " + Shapes.str(s) + " must be [N, "
                    + Arrays.toString(inputShape).replaceAll("[\\[\\]]", "") + "]");
        }
        Map<String, Tensor> values = new HashMap<>();
        values.put(input, x);
        for (Step step : steps) {
            values.put(step.output(), run(step, values));
        }
        return values.get(output);
    }

    /** Runs one step on values computed before. */
    static Tensor run(Step step, Map<String, Tensor> values) {
        List<Tensor> in = new ArrayList<>();
        for (String name : step.inputs()) {
            in.add(values.get(name));
        }
        return step.module() instanceof GraphOp
                ? ((GraphOp) step.module()).apply(in)
                : step.module().forward(in.get(0));
    }

    @Override
    public String name() {
        return "ImportedGraph(" + steps.size() + " steps)";
    }
}
