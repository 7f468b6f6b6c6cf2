package dev.tauon.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The command line of {@link Cifar10Cnn}; every default is the reference run's. */
@Command(
        name = "cifar10-cnn",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Trains the reference CIFAR-10 CNN (Conv32-Pool-Conv64-Pool-Conv64-Dense64-Dense10) "
                + "and reports test accuracy.",
        version = "Tauon 0.1.0-SNAPSHOT")
public final class Cifar10Options {

    @Option(
            names = "--data",
            paramLabel = "PATH",
            description = "cifar-10-binary.tar.gz, the extracted cifar-10-batches-bin folder, or a folder of images "
                    + "(PNG, JPEG) in one sub-folder per class, or with train/ and test/ folders of those; images are "
                    + "resized to 32x32 RGB (default: the download cache, downloading the archive if missing).")
    Path data;

    @Option(
            names = "--test-split",
            defaultValue = "0.2",
            description = "With --data a folder of class folders (no train/ and test/): the fraction of each class "
                    + "held out for the test (default: ${DEFAULT-VALUE}).")
    double testSplit;

    @Option(
            names = "--lazy-cache-mb",
            paramLabel = "MB",
            defaultValue = "-1",
            description = "With --data a folder of images: decode each image when a batch needs it, keeping at most MB"
                    + " megabytes of decoded images, for folders larger than the heap (default: load them all first).")
    long lazyCacheMb;

    @Option(names = "--epochs", defaultValue = "10", description = "Training epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", description = "Batch size (default: 64; 32 with --recipe improved).")
    Integer batchSize;

    @Option(
            names = "--lr",
            description = "Learning rate (default: 0.001 for Adam in the reference and improved "
                    + "recipes; for airbench's SGD, its rate converted to the batch size, 0.375 at batch 256).")
    Float learningRate;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "Seed for weights, shuffling and augmentation (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--threads",
            defaultValue = "0",
            description = "Compute threads; 0 means one per processor (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(
            names = "--val-split",
            description = "Fraction of the training set held out for validation, taken from its end "
                    + "like Keras' validation_split (default: 0.2; 0 with --recipe airbench, which trains on all "
                    + "50,000 images as the record does).")
    Double valSplit;

    @Option(
            names = "--output",
            paramLabel = "DIR",
            description = "Folder for history.csv, summary.json, model.safetensors, model.onnx and the charts "
                    + "(default: runs/cifar10-<start time>, with -2, -3... if taken).")
    Path output;

    @Option(
            names = "--limit-batches",
            paramLabel = "N",
            defaultValue = "0",
            description = "Train at most N batches per epoch, for smoke runs; 0 means all (default: ${DEFAULT-VALUE}).")
    int limitBatches;

    @Option(
            names = "--recipe",
            defaultValue = "reference",
            description = "reference (the article's run), improved (normalisation, flip/crop augmentation, "
                    + "cosine schedule, weight decay, label smoothing, batch 32, test predictions averaged over 6 views) "
                    + "or airbench (the airbench94 network and training: whitening layer, BatchNorm, GELU, Nesterov SGD, "
                    + "one-cycle per step, alternating flip, reflect-padded translation, batch 256) "
                    + "(default: ${DEFAULT-VALUE}).",
            converter = RecipeConverter.class)
    Recipe recipe;

    @Option(names = "--no-progress", description = "Plain log lines instead of a progress bar.")
    boolean noProgress;

    @Option(
            names = "--checkpoint",
            paramLabel = "FILE",
            description = "Save a checkpoint to FILE after every epoch, and resume from it if it exists "
                    + "(a resumed run ends with the same bits as an uninterrupted one).")
    Path checkpoint;

    @Option(
            names = "--stop-after",
            paramLabel = "EPOCH",
            defaultValue = "0",
            description = "Stop once epoch EPOCH is done, though schedules still span --epochs: with --checkpoint, "
                    + "the same command later continues the run where it stopped; 0 runs to the end "
                    + "(default: ${DEFAULT-VALUE}).")
    int stopAfter;

    @Option(
            names = "--quantize",
            paramLabel = "TYPE",
            description = "After training, quantise the model (only int8): calibrate on the first "
                    + QuantizedRun.CALIBRATION_IMAGES
                    + " training images, write model-int8.safetensors and model-int8.onnx, and add"
                    + " its test accuracy and inference speed to summary.json.")
    String quantize;

    /** More kernel threads than this is a typo, not a machine. */
    static final int MAX_THREADS = 1024;

    /** Checks the values together; returns an error message, or null when they are usable. */
    String validate() {
        if (epochs < 1) {
            return "--epochs must be at least 1, got " + epochs;
        }
        if (batchSize != null && batchSize < 1) {
            return "--batch-size must be at least 1, got " + batchSize;
        }
        if (learningRate != null && (!(learningRate > 0) || Float.isInfinite(learningRate))) {
            return "--lr must be positive and finite, got " + learningRate;
        }
        if (threads < 0 || threads > MAX_THREADS) {
            return "--threads must be 0 (one per processor) to " + MAX_THREADS + ", got " + threads;
        }
        if (valSplit != null && !(valSplit >= 0 && valSplit < 1)) {
            return "--val-split must be in [0, 1), got " + valSplit;
        }
        if (stopAfter < 0) {
            return "--stop-after must be 0 (run to the end) or more, got " + stopAfter;
        }
        if (lazyCacheMb < -1) {
            return "--lazy-cache-mb must be 0 or more, got " + lazyCacheMb;
        }
        if (!(testSplit > 0 && testSplit < 1)) {
            return "--test-split must be in (0, 1), got " + testSplit;
        }
        if (quantize != null && !quantize.equals("int8")) {
            return "--quantize must be int8, got " + quantize;
        }
        if (limitBatches < 0) {
            return "--limit-batches must be 0 (no limit) or more, got " + limitBatches;
        }
        return null;
    }

    /** The batch size given, else the recipe's. */
    int batchSize() {
        return batchSize != null ? batchSize : recipe.defaultBatchSize();
    }

    /** The learning rate given, else the recipe's for the batch size. */
    float learningRate() {
        return learningRate != null ? learningRate : recipe.defaultLearningRate(batchSize());
    }

    /** The validation fraction given, else the recipe's. */
    double valSplit() {
        return valSplit != null ? valSplit : recipe.defaultValSplit();
    }

    /** The run's output folder, made now (see {@link RunFolder}). */
    Path createOutputDir() throws IOException {
        return RunFolder.create(output, Path.of("runs"), LocalDateTime.now());
    }

    /** Accepts the recipe names in any case. */
    static final class RecipeConverter implements picocli.CommandLine.ITypeConverter<Recipe> {
        @Override
        public Recipe convert(String value) {
            try {
                return Recipe.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(
                        "unknown recipe '" + value + "': use reference, improved or airbench");
            }
        }
    }
}
