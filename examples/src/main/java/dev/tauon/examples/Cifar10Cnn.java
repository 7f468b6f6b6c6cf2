package dev.tauon.examples;

import dev.tauon.core.Batch;
import dev.tauon.core.Kernels;
import dev.tauon.data.BatchLoader;
import dev.tauon.data.Cifar10;
import dev.tauon.data.Dataset;
import dev.tauon.data.Normalization;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.optim.Optimizer;
import dev.tauon.nn.train.EpochResult;
import dev.tauon.nn.train.FitOptions;
import dev.tauon.nn.train.History;
import dev.tauon.nn.train.ModelCheckpoint;
import dev.tauon.nn.train.TestTimeAugmentation;
import dev.tauon.nn.train.Trainer;
import dev.tauon.nn.train.TrainingListener;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Trains the reference article's CNN on CIFAR-10 and writes what happened into an output folder:
 * {@code history.csv}, {@code summary.json}, {@code model.safetensors}, {@code model.onnx}, {@code curves.png},
 * {@code confusion.csv} and {@code confusion.png}. Run with {@code --help} for the options.
 */
public final class Cifar10Cnn {
    private static final Logger LOG = LoggerFactory.getLogger(Cifar10Cnn.class);

    private Cifar10Cnn() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Parses {@code args}, trains, and returns the exit code (0 on success, 2 for bad options, 1 on failure). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Cifar10Options options = new Cifar10Options();
        int code = CommandLines.parse(new CommandLine(options), args, options::validate, out, err);
        if (code != CommandLines.RUN) {
            return code;
        }
        try {
            train(options, out);
            return 0;
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            if (causedByOutOfMemory(e)) {
                // The README's command caps the heap at 512 MB; a much larger batch can need more.
                err.printf(
                        "cifar10-cnn: out of memory with a maximum heap of %d MB at batch size %d: lower"
                                + " --batch-size or raise the JVM's -Xmx%n",
                        Runtime.getRuntime().maxMemory() >> 20, options.batchSize());
            } else {
                err.println("cifar10-cnn: " + e.getMessage());
                LOG.debug("failure", e);
            }
            return 1;
        }
    }

    /** Whether {@code e} or a cause of it is an OutOfMemoryError (the data loader's thread wraps its own). */
    static boolean causedByOutOfMemory(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                return true;
            }
        }
        return false;
    }

    static RunSummary train(Cifar10Options o, PrintStream out) throws IOException {
        long start = System.nanoTime();
        Path dir = o.createOutputDir();
        try {
            return train(o, out, dir, start);
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            if (o.output == null) {
                deleteIfEmpty(dir); // the default folder was made for this run: leave no empty one behind
            }
            throw e;
        }
    }

    private static void deleteIfEmpty(Path dir) {
        try {
            Files.delete(dir);
        } catch (IOException notEmptyOrGone) {
            LOG.debug("kept {}: {}", dir, notEmptyOrGone.toString());
        }
    }

    private static RunSummary train(Cifar10Options o, PrintStream out, Path dir, long start) throws IOException {
        Kernels.setThreads(o.threads > 0 ? o.threads : Runtime.getRuntime().availableProcessors());
        Cifar10Data data = Cifar10Data.load(
                o.data, o.valSplit(), o.testSplit, o.seed, o.lazyCacheMb < 0 ? -1 : o.lazyCacheMb << 20);
        Dataset trainRecords = data.train();
        Dataset valRecords = data.validation();
        Normalization norm = o.recipe.normalization(trainRecords);
        int batchSize = o.batchSize();

        Sequential model = o.recipe.model(
                o.seed,
                data.classNames().size(),
                () -> firstBatch(trainRecords, norm, AirbenchRecipe.WHITENING_IMAGES)
                        .inputs());
        out.println(model.summary(3, 32, 32));
        FitOptions fit = new FitOptions().progress(!o.noProgress).progressOutput(out);
        long batchesPerEpoch = (trainRecords.size() + batchSize - 1) / batchSize;
        if (o.limitBatches > 0) {
            fit.limitBatches(o.limitBatches);
            batchesPerEpoch = Math.min(batchesPerEpoch, o.limitBatches);
        }
        float learningRate = o.learningRate();
        Optimizer optimizer = o.recipe.optimizer(model, fit, learningRate, o.epochs, batchesPerEpoch);
        if (o.checkpoint != null) {
            fit.resumeFrom(o.checkpoint).listener(new ModelCheckpoint(o.checkpoint));
        }
        if (o.stopAfter > 0) {
            fit.listener(new TrainingListener() {
                @Override
                public void onEpochEnd(Trainer t, EpochResult result) {
                    if (result.epoch() >= o.stopAfter) {
                        t.requestStop();
                    }
                }
            });
        }
        Trainer trainer = new Trainer(model, o.recipe.loss(), optimizer);
        o.recipe.attachTo(trainer, batchSize, o.epochs, batchesPerEpoch);

        try (BatchLoader train = BatchLoader.builder(trainRecords)
                        .batchSize(batchSize)
                        .shuffle(true)
                        .seed(o.seed)
                        .normalization(norm)
                        .augmentation(o.recipe.augmentation())
                        .build();
                BatchLoader validation = valRecords == null ? null : evaluationLoader(valRecords, norm);
                BatchLoader test = evaluationLoader(data.test(), norm)) {
            if (validation != null) {
                fit.validation(validation);
            }
            LOG.info(
                    "Training on {} images ({} for validation) from {}, recipe {}, {} threads, SIMD: {}",
                    trainRecords.size(),
                    valRecords == null ? 0 : valRecords.size(),
                    data.description(),
                    o.recipe.optionName(),
                    Kernels.threads(),
                    Kernels.simdProvider());
            long trainStart = System.nanoTime();
            History history = trainer.fit(train, o.epochs, fit);
            double trainSeconds = (System.nanoTime() - trainStart) / 1e9;

            ConfusionMatrix confusion = new ConfusionMatrix(data.classNames().toArray(new String[0]));
            TestTimeAugmentation views = o.recipe.augmentedTest() ? o.recipe.views(blackPixel(norm)) : null;
            TestScores scores = TestScores.evaluate(model, trainer.loss(), test, views, confusion);
            QuantizedRun.Scores int8 =
                    o.quantize == null ? null : QuantizedRun.run(model, trainRecords, data.test(), norm, dir);
            long imagesPerEpoch = o.limitBatches > 0
                    ? Math.min((long) o.limitBatches * batchSize, trainRecords.size())
                    : trainRecords.size();
            long trainedImages = imagesPerEpoch * history.size();
            // the training phase alone, without the validation passes that fit's wall time includes
            double trainPhaseSeconds = history.epochs().stream()
                    .mapToDouble(e -> imagesPerEpoch / e.imagesPerSecond())
                    .sum();
            RunSummary summary = new RunSummary(
                    confusion.accuracy(),
                    scores.singleViewAccuracy(),
                    scores.loss(),
                    history.size(),
                    trainRecords.size(),
                    (System.nanoTime() - start) / 1e9,
                    trainSeconds,
                    trainedImages / trainSeconds,
                    trainedImages / trainPhaseSeconds,
                    Kernels.threads(),
                    System.getProperty("java.version"),
                    "vector".equals(Kernels.simdProvider()),
                    o.seed,
                    o.recipe.optionName(),
                    batchSize,
                    learningRate,
                    o.valSplit(),
                    o.limitBatches,
                    int8);
            RunReport.write(dir, history, summary, confusion, model);
            out.printf(
                    "Test accuracy: %.4f  test loss: %.4f  (%d test images%s)%n",
                    confusion.accuracy(),
                    scores.loss(),
                    confusion.total(),
                    views == null
                            ? ""
                            : String.format(
                                    Locale.ROOT,
                                    ", %d views each; one view: %.4f",
                                    views.views(),
                                    scores.singleViewAccuracy()));
            if (int8 != null) {
                out.println("Quantised to int8 (model-int8.safetensors, model-int8.onnx): " + int8.describe());
            }
            out.printf(
                    "Trained %d images in %.1f s with validation: %.0f images/s (%.0f images/s in the training"
                            + " phase alone). Wrote %s%n",
                    trainedImages, trainSeconds, summary.imagesPerSecond(), summary.trainPhaseImagesPerSecond(), dir);
            return summary;
        }
    }

    /** Each channel of a black pixel after {@code norm}. */
    private static float[] blackPixel(Normalization norm) {
        float[] fill = new float[Cifar10.FORMAT.channels()];
        for (int c = 0; c < fill.length; c++) {
            fill[c] = norm.apply(c, 0);
        }
        return fill;
    }

    /**
     * The first {@code count} records (all, if fewer), normalised, not augmented, in order: copies of
     * the loader's arrays, which it reuses for later batches.
     */
    static Batch firstBatch(Dataset records, Normalization norm, int count) {
        try (BatchLoader loader = BatchLoader.builder(records)
                .batchSize(Math.min(count, records.size()))
                .shuffle(false)
                .normalization(norm)
                .build()) {
            Batch b = loader.iterator().next();
            return Batch.ofLabels(b.inputs().copy(), b.labels().clone());
        }
    }

    private static BatchLoader evaluationLoader(Dataset records, Normalization norm) {
        return BatchLoader.builder(records)
                .batchSize(256)
                .shuffle(false)
                .normalization(norm)
                .build();
    }
}
