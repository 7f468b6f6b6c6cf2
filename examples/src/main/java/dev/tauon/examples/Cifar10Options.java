package dev.tauon.examples;

import java.nio.file.Path;
import java.time.LocalDateTime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The command line of {@link Cifar10Cnn}; every default is the reference run's. */
@Command(name = "cifar10-cnn", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Trains the reference CIFAR-10 CNN (Conv32-Pool-Conv64-Pool-Conv64-Dense64-Dense10) "
                + "and reports test accuracy.",
        version = "Tauon 0.1.0-SNAPSHOT")
public final class Cifar10Options {

    @Option(names = "--data", paramLabel = "PATH",
            description = "cifar-10-binary.tar.gz, the extracted cifar-10-batches-bin folder, or a folder of images "
                    + "(PNG, JPEG) in one sub-folder per class, or with train/ and test/ folders of those; images are "
                    + "resized to 32x32 RGB (default: the download cache, downloading the archive if missing).")
    Path data;

    @Option(names = "--test-split", defaultValue = "0.2",
            description = "With --data a folder of class folders (no train/ and test/): the fraction of each class "
                    + "held out for the test (default: ${DEFAULT-VALUE}).")
    double testSplit;

    @Option(names = "--lazy-cache-mb", paramLabel = "MB", defaultValue = "-1",
            description = "With --data a folder of images: decode each image when a batch needs it, keeping at most MB"
                    + " megabytes of decoded images, for folders larger than the heap (default: load them all first).")
    long lazyCacheMb;

    @Option(names = "--epochs", defaultValue = "10", description = "Training epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", description = "Batch size (default: 64; 32 with --recipe improved).")
    Integer batchSize;

    @Option(names = "--lr", defaultValue = "0.001", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    float learningRate;

    @Option(names = "--seed", defaultValue = "1",
            description = "Seed for weights, shuffling and augmentation (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", defaultValue = "0",
            description = "Compute threads; 0 means one per processor (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--val-split", defaultValue = "0.2",
            description = "Fraction of the training set held out for validation, taken from its end "
                    + "like Keras' validation_split (default: ${DEFAULT-VALUE}).")
    double valSplit;

    @Option(names = "--output", paramLabel = "DIR",
            description = "Folder for history.csv, summary.json, model.safetensors and the charts "
                    + "(default: runs/cifar10-<start time>, with -2, -3... if taken).")
    Path output;

    @Option(names = "--limit-batches", paramLabel = "N", defaultValue = "0",
            description = "Train at most N batches per epoch, for smoke runs; 0 means all (default: ${DEFAULT-VALUE}).")
    int limitBatches;

    @Option(names = "--recipe", defaultValue = "reference",
            description = "reference (the article's run) or improved (normalisation, flip/crop augmentation, "
                    + "cosine schedule, weight decay, label smoothing, batch 32, test predictions averaged over 6 views) "
                    + "(default: ${DEFAULT-VALUE}).",
            converter = RecipeConverter.class)
    Recipe recipe;

    @Option(names = "--no-progress", description = "Plain log lines instead of a progress bar.")
    boolean noProgress;

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
        if (!(learningRate > 0) || Float.isInfinite(learningRate)) {
            return "--lr must be positive and finite, got " + learningRate;
        }
        if (threads < 0 || threads > MAX_THREADS) {
            return "--threads must be 0 (one per processor) to " + MAX_THREADS + ", got " + threads;
        }
        if (!(valSplit >= 0 && valSplit < 1)) {
            return "--val-split must be in [0, 1), got " + valSplit;
        }
        if (lazyCacheMb < -1) {
            return "--lazy-cache-mb must be 0 or more, got " + lazyCacheMb;
        }
        if (!(testSplit > 0 && testSplit < 1)) {
            return "--test-split must be in (0, 1), got " + testSplit;
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

    /** The run's output folder, made now (see {@link RunFolder}). */
    Path createOutputDir() throws java.io.IOException {
        return RunFolder.create(output, Path.of("runs"), LocalDateTime.now());
    }

    /** Accepts the recipe names in any case. */
    static final class RecipeConverter implements picocli.CommandLine.ITypeConverter<Recipe> {
        @Override
        public Recipe convert(String value) {
            try {
                return Recipe.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(
                        "unknown recipe '" + value + "': use reference or improved");
            }
        }
    }
}
