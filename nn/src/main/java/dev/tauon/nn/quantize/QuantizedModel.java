package dev.tauon.nn.quantize;

import dev.tauon.core.NoGrad;
import dev.tauon.core.Shapes;
import dev.tauon.core.Tensor;
import dev.tauon.core.io.Excerpt;
import dev.tauon.nn.Module;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.io.Int8Tensor;
import dev.tauon.nn.io.SafeTensors;
import dev.tauon.nn.io.WeightFileException;
import dev.tauon.nn.io.Weights;
import dev.tauon.nn.layers.KernelLayer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

/**
 * A trained {@link Sequential} with its Dense and Conv2D layers in int8, for inference.
 *
 * <p>Each such layer quantises its float input with one symmetric scale (calibrated: the range of
 * that input over the calibration images, by a {@link Calibrator}, divided by 127), multiplies int8
 * by int8 weights (symmetric, one scale per output channel) accumulating in {@code int}, adds the
 * bias in {@code int} at the products' scale, and rescales each output once to float; its activation
 * runs in float. Symmetric rather than asymmetric (zero point) inputs: the sums need no zero-point
 * correction and padding is the int8 value 0, at the cost of one bit for inputs that are never
 * negative (ReLU outputs use 0..127). Other layers (pooling, Flatten, BatchNorm, ...) run in float,
 * in evaluation mode. Blocks that are plain {@code Sequential}s are expanded, so the Dense and
 * Conv2D layers inside them are quantised too ({@link #layers()}); layers nested in another kind of
 * block, such as a {@code Residual}, run in float with it.
 *
 * <p>Saved as safetensors: for quantised layer {@code i} (its path: {@code 4}, or {@code 2.0} for
 * layer 0 of block 2), {@code i.weight} (I8, the float layer's shape and layout),
 * {@code i.weight_scale} (F32, one per output channel: axis 1 of a Dense weight, axis 0 of a
 * Conv2D's), {@code i.input_scale} (F32 [1]) and {@code i.bias} (F32, if the layer has one); the
 * other layers' parameters and buffers under their usual names; and metadata
 * {@code tauon.quantization = int8}.
 */
public final class QuantizedModel {
    /** The metadata key and value that mark a quantised model's file. */
    static final String FORMAT_KEY = "tauon.quantization";

    static final String FORMAT = "int8";
    private static final String CALIBRATOR_KEY = "tauon.calibrator";

    private final Sequential model;
    /** The layers run one after another, nested Sequential blocks expanded. */
    private final ModelUnits units;
    /** One entry per unit: its int8 form, or null where it runs in float. */
    private final List<QuantizedLayer> quantized;

    private final String calibrator;

    private QuantizedModel(Sequential model, ModelUnits units, List<QuantizedLayer> quantized, String calibrator) {
        this.model = model;
        this.units = units;
        this.quantized = quantized;
        this.calibrator = calibrator;
        model.eval();
    }

    /**
     * Quantises {@code model} (trained and built; it is put in evaluation mode, and its float layers
     * are shared, not copied), calibrating each quantised layer's input scale on the float model's
     * activations for the {@code calibration} inputs (a few hundred training images are enough; a
     * percentile calibrator goes over them twice).
     *
     * @throws IllegalArgumentException if {@code calibration} is empty or the model is not built
     */
    public static QuantizedModel quantize(Sequential model, Iterable<Tensor> calibration, Calibrator calibrator) {
        if (!model.isBuilt()) {
            throw new IllegalArgumentException(
                    "QuantizedModel.quantize: the model is not built; train or build it first");
        }
        model.eval();
        ModelUnits units = ModelUnits.of(model);
        List<Module> layers = units.layers();
        float[] maxAbs = new float[layers.size()];
        long[][] histograms = new long[layers.size()][];
        int batches = observe(layers, calibration, (i, x) -> {
            for (float v : x) {
                maxAbs[i] = Math.max(maxAbs[i], Math.abs(v));
            }
        });
        if (batches == 0) {
            throw new IllegalArgumentException("QuantizedModel.quantize: no calibration inputs");
        }
        if (calibrator.needsHistogram()) {
            observe(layers, calibration, (i, x) -> {
                long[] h = histograms[i] == null ? (histograms[i] = new long[Calibrator.BINS]) : histograms[i];
                float max = maxAbs[i];
                for (float v : x) {
                    h[max == 0 ? 0 : Math.min(Calibrator.BINS - 1, (int) (Math.abs(v) / max * Calibrator.BINS))]++;
                }
            });
        }
        List<QuantizedLayer> quantized = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            quantized.add(
                    QuantizedLayer.supports(layers.get(i))
                            ? QuantizedLayer.of((KernelLayer) layers.get(i), calibrator.range(maxAbs[i], histograms[i]))
                            : null);
        }
        return new QuantizedModel(model, units, quantized, calibrator.toString());
    }

    /** What calibration sees: the input of layer {@code index}, for the layers quantised. */
    private interface Observer {
        void input(int index, float[] values);
    }

    /** Runs the float model on every calibration input, showing each quantisable layer its input; returns the count. */
    private static int observe(List<Module> layers, Iterable<Tensor> calibration, Observer observer) {
        int count = 0;
        try (NoGrad ignored = NoGrad.enter()) {
            for (Tensor x : calibration) {
                for (int i = 0; i < layers.size(); i++) {
                    if (QuantizedLayer.supports(layers.get(i))) {
                        observer.input(i, x.data());
                    }
                    x = layers.get(i).forward(x);
                }
                count++;
            }
        }
        return count;
    }

    /** The model's output for a batch {@code x}, as the float model's in evaluation mode (softmax included). */
    public Tensor predict(Tensor x) {
        try (NoGrad ignored = NoGrad.enter()) {
            List<Module> layers = units.layers();
            for (int i = 0; i < layers.size(); i++) {
                QuantizedLayer q = quantized.get(i);
                x = q != null ? q.forward(x) : layers.get(i).forward(x);
            }
            return x;
        }
    }

    /** The indices (in {@link #layers()}) of the layers that run in int8. */
    public List<Integer> quantizedLayers() {
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < quantized.size(); i++) {
            if (quantized.get(i) != null) {
                indices.add(i);
            }
        }
        return Collections.unmodifiableList(indices);
    }

    /**
     * The layers this model runs one after another: the float model's, with blocks that are plain
     * {@code Sequential}s expanded in place, so the layers inside them are quantised too.
     */
    public List<Module> layers() {
        return units.layers();
    }

    /**
     * Each of {@link #layers()}'s state-dict path ({@code "3"} for a top-level layer, {@code "2.0"}
     * for layer 0 of block 2): the prefix of its tensors' names in the file and in ONNX.
     */
    public List<String> layerPaths() {
        return units.paths();
    }

    /** The float model whose layers this one runs (shared, not copied), in evaluation mode. */
    public Sequential model() {
        return model;
    }

    /**
     * Layer {@code index}'s int8 form (an index in {@link #layers()}), or empty where that layer runs
     * in float.
     *
     * @throws IndexOutOfBoundsException if the model has no layer {@code index}
     */
    public Optional<Int8Layer> int8Layer(int index) {
        return Optional.ofNullable(quantized.get(index)).map(QuantizedLayer::parameters);
    }

    /** How the input scales were calibrated, e.g. {@code "percentile 99.99"}. */
    public String calibrator() {
        return calibrator;
    }

    /** Writes the model to {@code file} (safetensors with I8 weights, atomically; see the class comment). */
    public void save(Path file) throws IOException {
        Map<String, Tensor> floats = new LinkedHashMap<>();
        Map<String, Int8Tensor> int8 = new LinkedHashMap<>();
        for (int i = 0; i < units.size(); i++) {
            QuantizedLayer q = quantized.get(i);
            String path = units.paths().get(i);
            if (q == null) {
                for (Map.Entry<String, Tensor> e :
                        units.layers().get(i).stateDict().entrySet()) {
                    floats.put(path + "." + e.getKey(), e.getValue());
                }
                continue;
            }
            int8.put(path + ".weight", q.weight());
            floats.put(path + ".weight_scale", Tensor.wrap(q.weightScale(), q.weightScale().length));
            floats.put(path + ".input_scale", Tensor.wrap(new float[] {q.inputScale()}, 1));
            float[] bias = q.bias();
            if (bias != null) {
                floats.put(path + ".bias", Tensor.wrap(bias, bias.length));
            }
        }
        SafeTensors.write(
                file, floats, int8, Map.of(FORMAT_KEY, FORMAT, CALIBRATOR_KEY, calibrator, "producer", "tauon"));
    }

    /**
     * Reads a model saved by {@link #save} into {@code architecture}: the same layers, built, as the
     * float model that was quantised (its float layers take the file's values; it is put in
     * evaluation mode). Nothing is changed unless every tensor is present with its shape and dtype
     * and no other tensor is, and the scales are positive.
     *
     * @throws WeightFileException if the file is not a quantised model's or does not match {@code architecture}
     */
    public static QuantizedModel load(Sequential architecture, Path file) throws IOException {
        if (!architecture.isBuilt()) {
            throw new IllegalArgumentException("QuantizedModel.load: the architecture is not built; build it first");
        }
        SafeTensors.Contents contents = SafeTensors.readWithInt8(file);
        String format = contents.metadata().get(FORMAT_KEY);
        if (!FORMAT.equals(format)) {
            throw new WeightFileException(
                    file,
                    "not a quantised model's file: metadata " + FORMAT_KEY + " is "
                            + (format == null ? "missing" : Excerpt.of(format)) + ", expected \"" + FORMAT + "\"");
        }
        ModelUnits units = ModelUnits.of(architecture);
        List<Module> layers = units.layers();
        Set<String> int8Names = new HashSet<>();
        Map<String, Tensor> expectedFloats = new LinkedHashMap<>();
        Map<String, Tensor> floatLayerState = new LinkedHashMap<>();
        StringJoiner int8Problems = new StringJoiner("; ");
        for (int i = 0; i < layers.size(); i++) {
            Module layer = layers.get(i);
            String path = units.paths().get(i);
            if (!QuantizedLayer.supports(layer)) {
                for (Map.Entry<String, Tensor> e : layer.stateDict().entrySet()) {
                    floatLayerState.put(path + "." + e.getKey(), e.getValue());
                }
                continue;
            }
            int8Names.add(path + ".weight");
            KernelLayer k = (KernelLayer) layer;
            int outputs = QuantizedLayer.outputs(k);
            expectedFloats.put(path + ".weight_scale", Tensor.zeros(outputs));
            expectedFloats.put(path + ".input_scale", Tensor.zeros(1));
            if (k.bias() != null) {
                expectedFloats.put(path + ".bias", Tensor.zeros(outputs));
            }
            Int8Tensor w = contents.int8Tensors().get(path + ".weight");
            if (w == null) {
                int8Problems.add("missing I8 tensor \"" + path + ".weight\"");
            } else if (!Arrays.equals(w.shape(), k.weight().shape())) {
                int8Problems.add("\"" + path + ".weight\" has shape " + Shapes.str(w.shape()) + " in the file, "
                        + Shapes.str(k.weight().shape()) + " in the model");
            }
        }
        for (String name : contents.int8Tensors().keySet()) {
            if (!int8Names.contains(name)) {
                int8Problems.add("unexpected I8 tensor " + Excerpt.of(name));
            }
        }
        if (int8Problems.length() > 0) {
            throw new WeightFileException(file, "int8 weights do not match the model: " + int8Problems);
        }
        expectedFloats.putAll(floatLayerState);
        Weights.check(expectedFloats, contents.tensors(), file, "quantised model's float tensors");
        List<QuantizedLayer> quantized = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            if (!QuantizedLayer.supports(layers.get(i))) {
                quantized.add(null);
                continue;
            }
            String path = units.paths().get(i);
            Int8Tensor w = contents.int8Tensors().get(path + ".weight");
            for (byte b : w.data()) {
                if (b == Byte.MIN_VALUE) {
                    throw new WeightFileException(
                            file,
                            "tensor \"" + path + ".weight\" holds -128; symmetric int8 weights" + " are -127 to 127");
                }
            }
            float[] weightScale = positive(file, contents.tensors(), path + ".weight_scale");
            float inputScale = positive(file, contents.tensors(), path + ".input_scale")[0];
            Tensor bias = contents.tensors().get(path + ".bias");
            quantized.add(QuantizedLayer.of(
                    (KernelLayer) layers.get(i), w, weightScale, inputScale, bias == null ? null : bias.data()));
        }
        Map<String, Tensor> floatLayerValues = new LinkedHashMap<>();
        for (String name : floatLayerState.keySet()) {
            floatLayerValues.put(name, contents.tensors().get(name));
        }
        Weights.copy(floatLayerState, floatLayerValues);
        String calibrator = contents.metadata().getOrDefault(CALIBRATOR_KEY, "unknown");
        return new QuantizedModel(architecture, units, quantized, calibrator);
    }

    private static float[] positive(Path file, Map<String, Tensor> tensors, String name) throws WeightFileException {
        float[] v = tensors.get(name).data();
        for (float s : v) {
            if (!(s > 0) || Float.isInfinite(s)) {
                throw new WeightFileException(
                        file, "tensor \"" + name + "\" holds " + s + "; scales must be positive and finite");
            }
        }
        return v;
    }

    @Override
    public String toString() {
        StringJoiner j = new StringJoiner(", ", "QuantizedModel[", "]");
        for (int i = 0; i < units.size(); i++) {
            j.add((quantized.get(i) != null ? "int8 " : "")
                    + units.layers().get(i).name());
        }
        return j + " (inputs calibrated by " + calibrator + ")";
    }
}
