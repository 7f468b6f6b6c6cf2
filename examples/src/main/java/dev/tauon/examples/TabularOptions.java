package dev.tauon.examples;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The command line of {@link TabularMlp}. */
@Command(
        name = "tabular-mlp",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Trains an MLP classifier on a CSV table with a stratified train/test split, reports the "
                + "test accuracy, and saves the model with its preprocessing.",
        version = "Tauon 0.1.0-SNAPSHOT")
public final class TabularOptions {

    @Option(
            names = "--csv",
            required = true,
            paramLabel = "FILE",
            description = "The table: CSV, gzip-compressed or not, one example per row.")
    Path csv;

    @Option(
            names = "--label",
            required = true,
            paramLabel = "COLUMN",
            description = "The class column: a header name, or a column number from 0 (-1 for the last).")
    String label;

    @Option(
            names = "--test-split",
            defaultValue = "0.2",
            description = "Fraction of each class held out for the test (default: ${DEFAULT-VALUE}).")
    double testSplit;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "Seed of the split, the weights and the shuffling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--epochs", defaultValue = "100", description = "Training epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "32", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--lr", defaultValue = "0.001", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    float learningRate;

    @Option(
            names = "--hidden",
            defaultValue = "64,64",
            split = ",",
            paramLabel = "UNITS",
            description = "Units of each hidden ReLU layer, comma-separated (default: ${DEFAULT-VALUE}).")
    List<Integer> hidden = new ArrayList<>();

    @Option(
            names = "--categorical",
            split = ",",
            paramLabel = "COLUMN",
            description = "Columns to one-hot encode whatever they hold (text columns are found without it).")
    List<String> categorical = new ArrayList<>();

    @Option(names = "--ignore", split = ",", paramLabel = "COLUMN", description = "Columns to leave out, e.g. ids.")
    List<String> ignore = new ArrayList<>();

    @Option(
            names = "--impute",
            description = "Fill missing cells with the training rows' column mean or most "
                    + "frequent category, instead of refusing them.")
    boolean impute;

    @Option(names = "--delimiter", defaultValue = ",", description = "Field delimiter (default: ${DEFAULT-VALUE}).")
    char delimiter;

    @Option(names = "--no-header", description = "The first row is data; columns are numbered from 0.")
    boolean noHeader;

    @Option(
            names = "--output",
            paramLabel = "DIR",
            description = "Folder for model.safetensors, preprocessing.json, history.csv and summary.json "
                    + "(default: runs/tabular-<start time>).")
    Path output;

    @Option(names = "--progress", description = "Show a progress bar per epoch (off: one log line per epoch).")
    boolean progress;

    /** Checks the values together; returns an error message, or null when they are usable. */
    String validate() {
        if (!(testSplit > 0 && testSplit < 1)) {
            return "--test-split must be in (0, 1), got " + testSplit;
        }
        if (epochs < 1) {
            return "--epochs must be at least 1, got " + epochs;
        }
        if (batchSize < 1) {
            return "--batch-size must be at least 1, got " + batchSize;
        }
        if (!(learningRate > 0) || Float.isInfinite(learningRate)) {
            return "--lr must be positive and finite, got " + learningRate;
        }
        for (int units : hidden) {
            if (units < 1) {
                return "--hidden layers need at least 1 unit each, got " + hidden;
            }
        }
        return null;
    }
}
