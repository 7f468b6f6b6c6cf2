package dev.tauon.examples;

import dev.tauon.core.Batch;
import dev.tauon.core.NoGrad;
import dev.tauon.core.Tensor;
import dev.tauon.core.internal.kernel.Parallel;
import dev.tauon.core.internal.kernel.SimdSupport;
import dev.tauon.data.BatchLoader;
import dev.tauon.data.Dataset;
import dev.tauon.data.Normalization;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.io.Weights;
import dev.tauon.nn.quantize.Calibrator;
import dev.tauon.nn.quantize.QuantizedModel;
import dev.tauon.nn.train.Accuracy;
import dev.tauon.onnx.QuantizedOnnxExport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * What {@code --quantize int8} adds to a run: the trained model calibrated on the first
 * {@link #CALIBRATION_IMAGES} training images (percentile 99.99), written as
 * {@code model-int8.safetensors} and {@code model-int8.onnx}, scored on the test set, and timed against the float model at
 * batch 256 and batch 1, the two interleaved ({@link #ROUNDS} rounds, medians).
 *
 * <p>{@link #main} does the same for a reference run's saved {@code model.safetensors}, without
 * training: the figures of docs/performance.md.
 */
public final class QuantizedRun {
    static final int CALIBRATION_IMAGES = 512;
    static final Calibrator CALIBRATOR = Calibrator.percentile(99.99);
    static final int ROUNDS = 3;
    private static final int LARGE_BATCH = 256;
    private static final int LARGE_BATCHES_TIMED = 4;
    private static final int SINGLE_IMAGES_TIMED = 256;

    /** The int8 model's test accuracy and the images/s of both models measured in the same run. */
    record Scores(
            double testAccuracy,
            double int8ImagesPerSecond,
            double floatImagesPerSecond,
            double int8ImagesPerSecondBatch1,
            double floatImagesPerSecondBatch1) {
        String describe() {
            return String.format(
                    Locale.ROOT,
                    "int8 test accuracy %.4f; images/s at batch %d: int8 %.0f, float %.0f;"
                            + " at batch 1: int8 %.0f, float %.0f",
                    testAccuracy,
                    LARGE_BATCH,
                    int8ImagesPerSecond,
                    floatImagesPerSecond,
                    int8ImagesPerSecondBatch1,
                    floatImagesPerSecondBatch1);
        }
    }

    private QuantizedRun() {}

    /**
     * {@code QuantizedRun MODEL_SAFETENSORS [CIFAR10_ARCHIVE [RECIPE]]}: loads a run's weights into
     * its recipe's network (default {@code reference}; {@code airbench} for that recipe's run, seed
     * and whitening overwritten by the file), quantises it as {@code --quantize int8} does (writing
     * {@code model-int8.safetensors} and {@code model-int8.onnx} beside the weights), and prints
     * float and int8 single-view test accuracy, file sizes and images/s.
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 3) {
            System.err.println("usage: QuantizedRun MODEL_SAFETENSORS [CIFAR10_ARCHIVE [reference|improved|airbench]]");
            System.exit(2);
        }
        Path weights = Path.of(args[0]);
        Recipe recipe = args.length > 2 ? new Cifar10Options.RecipeConverter().convert(args[2]) : Recipe.REFERENCE;
        Cifar10Data data =
                Cifar10Data.load(args.length > 1 ? Path.of(args[1]) : null, recipe.defaultValSplit(), 0.2, 1);
        Normalization norm = recipe.normalization(data.train());
        Sequential model = recipe.model(
                1,
                data.classNames().size(),
                () -> calibration(data.train(), norm).get(0));
        Weights.load(model, weights);
        double floatAccuracy = accuracy(
                x -> {
                    try (NoGrad ignored = NoGrad.enter()) {
                        return model.eval().forward(x);
                    }
                },
                data.test(),
                norm);
        model.train();
        Path dir = weights.toAbsolutePath().getParent();
        Scores int8 = run(model, data.train(), data.test(), norm, dir);
        System.out.printf(
                Locale.ROOT,
                "float test accuracy %.4f, %s%nfiles: %s %d bytes, model-int8.safetensors %d bytes"
                        + " (%.1f%%)%n%d threads, SIMD provider %s, Java %s%n",
                floatAccuracy,
                int8.describe(),
                weights.getFileName(),
                Files.size(weights),
                Files.size(dir.resolve("model-int8.safetensors")),
                100.0 * Files.size(dir.resolve("model-int8.safetensors")) / Files.size(weights),
                Parallel.threads(),
                SimdSupport.active().name(),
                System.getProperty("java.version"));
    }

    /** Quantises {@code model}, writes {@code dir/model-int8.safetensors} and {@code .onnx}, and scores and times it. */
    static Scores run(Sequential model, Dataset train, Dataset test, Normalization norm, Path dir) throws IOException {
        QuantizedModel q = QuantizedModel.quantize(model, calibration(train, norm), CALIBRATOR);
        q.save(dir.resolve("model-int8.safetensors"));
        writeOnnx(dir, q);
        double accuracy = accuracy(q::predict, test, norm);
        UnaryOperator<Tensor> floatModel = x -> {
            try (NoGrad ignored = NoGrad.enter()) {
                return model.forward(x);
            }
        };
        model.eval();
        try {
            List<Tensor> large = firstBatches(test, norm, LARGE_BATCH, LARGE_BATCHES_TIMED);
            List<Tensor> single = firstBatches(test, norm, 1, SINGLE_IMAGES_TIMED);
            double[][] rates = new double[4][ROUNDS];
            for (int r = 0; r < ROUNDS; r++) {
                rates[0][r] = imagesPerSecond(q::predict, large);
                rates[1][r] = imagesPerSecond(floatModel, large);
                rates[2][r] = imagesPerSecond(q::predict, single);
                rates[3][r] = imagesPerSecond(floatModel, single);
            }
            return new Scores(accuracy, median(rates[0]), median(rates[1]), median(rates[2]), median(rates[3]));
        } finally {
            model.train();
        }
    }

    /**
     * {@code model-int8.onnx}: the int8 model in ONNX's QDQ form, fed and giving what {@code model.onnx}
     * is and gives (normalised NCHW images in, class probabilities out).
     */
    static void writeOnnx(Path dir, QuantizedModel q) throws IOException {
        QuantizedOnnxExport.writeProbabilities(
                q, dir.resolve("model-int8.onnx"), q.model().builtInputShape());
    }

    private static double accuracy(UnaryOperator<Tensor> predict, Dataset test, Normalization norm) {
        long right = 0;
        try (BatchLoader loader = loader(test, norm, LARGE_BATCH)) {
            for (Batch b : loader) {
                right += Accuracy.correct(predict.apply(b.inputs()), b);
            }
        }
        return (double) right / test.size();
    }

    /** The first calibration images of the training set, normalised, not augmented, in batches of 128. */
    private static List<Tensor> calibration(Dataset train, Normalization norm) {
        return firstBatches(train, norm, 128, (Math.min(CALIBRATION_IMAGES, train.size()) + 127) / 128);
    }

    private static List<Tensor> firstBatches(Dataset records, Normalization norm, int batchSize, int count) {
        List<Tensor> batches = new ArrayList<>();
        try (BatchLoader loader = loader(records, norm, batchSize)) {
            for (Batch b : loader) {
                if (batches.size() == count) {
                    break;
                }
                batches.add(b.inputs().copy()); // the loader reuses a batch's buffer two batches later
            }
        }
        return batches;
    }

    private static BatchLoader loader(Dataset records, Normalization norm, int batchSize) {
        return BatchLoader.builder(records)
                .batchSize(batchSize)
                .shuffle(false)
                .normalization(norm)
                .build();
    }

    private static double imagesPerSecond(UnaryOperator<Tensor> predict, List<Tensor> batches) {
        predict.apply(batches.get(0)); // warm: the first call of a round pays for nothing measured
        long images = 0;
        long start = System.nanoTime();
        for (Tensor x : batches) {
            predict.apply(x);
            images += x.dim(0);
        }
        return images / ((System.nanoTime() - start) / 1e9);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
