package dev.tauon.examples;

import dev.tauon.core.io.AtomicFiles;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.distill.DistillationLoss;
import dev.tauon.nn.io.Weights;
import dev.tauon.nn.losses.Loss;
import dev.tauon.nn.optim.Optimizer;
import dev.tauon.nn.train.FitOptions;
import dev.tauon.nn.train.Trainer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The small CNN trained alone against the same CNN trained with a teacher, same epochs, seed and
 * batches: the teacher is the small CNN trained longer by the improved recipe (flips and crops,
 * label smoothing, decoupled weight decay, cosine schedule). Writes {@code distillation.csv} and,
 * when it trains the teacher, {@code teacher.safetensors}, so that a run with another seed can reuse
 * the teacher ({@code --teacher-weights}) instead of training it again.
 */
@Command(
        name = "distillation-comparison",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "The small CIFAR-10 CNN trained alone and distilled from a teacher.")
public final class DistillationComparison {
    @Mixin
    SmallRunOptions run = new SmallRunOptions();

    @Option(
            names = "--teacher-epochs",
            defaultValue = "6",
            description = "Epochs of the teacher's improved recipe (default: ${DEFAULT-VALUE}).")
    int teacherEpochs;

    @Option(
            names = "--teacher-weights",
            paramLabel = "FILE",
            description =
                    "Load the teacher (a small CNN) from this file instead of training it by the improved recipe.")
    Path teacherWeights;

    @Option(
            names = "--temperature",
            defaultValue = "4",
            description = "Distillation temperature (default: ${DEFAULT-VALUE}).")
    float temperature;

    @Option(
            names = "--alpha",
            defaultValue = "0.9",
            description = "Weight of the soft (teacher) term; 1 - alpha weighs the labels (default: ${DEFAULT-VALUE}).")
    float alpha;

    private DistillationComparison() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Parses {@code args}, runs, and returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        DistillationComparison c = new DistillationComparison();
        return CommandLines.run("distillation-comparison", c, c.run::validate, args, out, err, c::compare);
    }

    private void compare(PrintStream out) throws IOException {
        Files.createDirectories(run.output);
        SmallCifar data = SmallCifar.load(run);
        int classes = data.classNames().size();
        long start = System.nanoTime();

        Sequential teacher = Cifar10Model.create(run.seed + 1, classes);
        double teacherAccuracy;
        if (teacherWeights != null) {
            Weights.load(teacher, teacherWeights);
            teacherAccuracy = data.accuracy(teacher);
        } else {
            FitOptions teacherFit = new FitOptions().progress(false);
            Optimizer teacherOptimizer =
                    Recipe.IMPROVED.optimizer(teacher, teacherFit, 1e-3f, teacherEpochs, data.batchesPerEpoch());
            teacherAccuracy = data.fit(
                    new Trainer(teacher, Recipe.IMPROVED.loss(), teacherOptimizer),
                    teacherFit,
                    Recipe.IMPROVED.augmentation(),
                    teacherEpochs,
                    run.seed + 1);
            Weights.save(teacher, run.output.resolve("teacher.safetensors"));
        }
        String teacherName =
                teacherWeights != null ? "teacher (" + teacherWeights.getFileName() + ")" : "teacher (improved recipe)";
        double teacherSeconds = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "%s: test accuracy %.4f (%.0f s)%n", teacherName, teacherAccuracy, teacherSeconds);

        long t0 = System.nanoTime();
        Sequential alone = Cifar10Model.create(run.seed, classes);
        double aloneAccuracy = data.fit(alone, Loss.crossEntropy(), 1e-3f, run.epochs, run.seed);
        double aloneSeconds = (System.nanoTime() - t0) / 1e9;
        out.printf(Locale.ROOT, "student alone: test accuracy %.4f (%.0f s)%n", aloneAccuracy, aloneSeconds);

        long t1 = System.nanoTime();
        Sequential distilled = Cifar10Model.create(run.seed, classes);
        double distilledAccuracy =
                data.fit(distilled, new DistillationLoss(teacher, temperature, alpha), 1e-3f, run.epochs, run.seed);
        double distilledSeconds = (System.nanoTime() - t1) / 1e9;
        out.printf(
                Locale.ROOT,
                "student distilled (T %.1f, alpha %.2f): test accuracy %.4f (%.0f s)%n",
                temperature,
                alpha,
                distilledAccuracy,
                distilledSeconds);

        String csv = "model,epochs,test_accuracy,seconds\n"
                + String.format(
                        Locale.ROOT,
                        "%s,%d,%.4f,%.0f%n",
                        teacherName,
                        teacherWeights != null ? 0 : teacherEpochs,
                        teacherAccuracy,
                        teacherSeconds)
                + String.format(Locale.ROOT, "student alone,%d,%.4f,%.0f%n", run.epochs, aloneAccuracy, aloneSeconds)
                + String.format(
                        Locale.ROOT,
                        "student distilled T=%.1f alpha=%.2f,%d,%.4f,%.0f%n",
                        temperature,
                        alpha,
                        run.epochs,
                        distilledAccuracy,
                        distilledSeconds);
        AtomicFiles.write(run.output.resolve("distillation.csv"), csv.getBytes(StandardCharsets.UTF_8));
        out.printf(Locale.ROOT, "Wrote %s (%s)%n", run.output, run.describe());
    }
}
