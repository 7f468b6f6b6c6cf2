package dev.tauon.examples;

import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;

/** The options the short CIFAR-10 studies share (pruning curve, distillation, attribution grid). */
final class SmallRunOptions {

    @Option(
            names = "--data",
            paramLabel = "PATH",
            description = "CIFAR-10 as for cifar10-cnn: the binary archive, its folder, or a folder of class folders "
                    + "(default: the download cache, downloading the archive if missing).")
    Path data;

    @Option(
            names = "--train-images",
            defaultValue = "10000",
            description = "Train on the first N training images (default: ${DEFAULT-VALUE}).")
    int trainImages;

    @Option(
            names = "--test-images",
            defaultValue = "2000",
            description = "Test on the first N test images (default: ${DEFAULT-VALUE}).")
    int testImages;

    @Option(names = "--epochs", defaultValue = "3", description = "Training epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "Seed for weights and shuffling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--weights",
            paramLabel = "FILE",
            description = "The small CNN's weights (as pruning-curve's base.safetensors) instead of training it.")
    Path weights;

    @Option(names = "--output", paramLabel = "DIR", required = true, description = "Folder for the results.")
    Path output;

    /** What is wrong with the values, or null. */
    String validate() {
        if (trainImages < 1 || testImages < 1 || epochs < 0) {
            return "--train-images and --test-images must be >= 1 and --epochs >= 0";
        }
        return null;
    }

    /** A one-line account of the run's settings, for the results files. */
    String describe() {
        return String.format(
                Locale.ROOT,
                "first %d training and %d test images, %s, seed %d",
                trainImages,
                testImages,
                weights != null ? "CNN weights " + weights : epochs + " epochs",
                seed);
    }
}
