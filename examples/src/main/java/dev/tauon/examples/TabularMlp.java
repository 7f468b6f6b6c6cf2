package dev.tauon.examples;

import dev.tauon.core.Generator;
import dev.tauon.core.io.AtomicFiles;
import dev.tauon.core.io.JsonStrings;
import dev.tauon.data.ArrayDataset;
import dev.tauon.data.BatchLoader;
import dev.tauon.data.DatasetSplit;
import dev.tauon.data.Normalization;
import dev.tauon.data.tabular.CsvFormat;
import dev.tauon.data.tabular.CsvReader;
import dev.tauon.data.tabular.Table;
import dev.tauon.data.tabular.TableEncoding;
import dev.tauon.data.tabular.TabularPreprocessing;
import dev.tauon.nn.Activation;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.io.Weights;
import dev.tauon.nn.layers.Dense;
import dev.tauon.nn.losses.Loss;
import dev.tauon.nn.optim.Adam;
import dev.tauon.nn.train.Evaluation;
import dev.tauon.nn.train.FitOptions;
import dev.tauon.nn.train.History;
import dev.tauon.nn.train.Trainer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Trains an MLP classifier on a CSV table: a stratified train/test split, the table encoding
 * (numeric columns, one-hot categories, imputation if asked) and per-feature standardisation
 * fitted on the training rows, Adam with softmax cross-entropy. Prints {@code Test accuracy:
 * 0.xxxx} and writes {@code model.safetensors}, {@code preprocessing.json} (what a prediction
 * needs besides the weights: {@link TabularPreprocessing}), {@code history.csv} and
 * {@code summary.json} into the output folder. Run with {@code --help} for the options.
 */
public final class TabularMlp {
    private static final Logger LOG = LoggerFactory.getLogger(TabularMlp.class);

    private TabularMlp() {}

    /** What a run gives: the test accuracy and where its files are. */
    record Result(
            double testAccuracy, double testLoss, int trainRows, int testRows, List<String> classes, Path output) {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Parses {@code args}, trains, and returns the exit code (0 on success, 2 for bad options, 1 on failure). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        TabularOptions options = new TabularOptions();
        int code = CommandLines.parse(new CommandLine(options), args, options::validate, out, err);
        if (code != CommandLines.RUN) {
            return code;
        }
        try {
            train(options, out);
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("tabular-mlp: " + e.getMessage());
            LOG.debug("failure", e);
            return 1;
        }
    }

    static Result train(TabularOptions o, PrintStream out) throws IOException {
        Table table = CsvReader.read(
                o.csv, CsvFormat.DEFAULT.withDelimiter(o.delimiter).withHeader(!o.noHeader));
        TableEncoding.Builder encoding = TableEncoding.builder(o.label)
                .categorical(o.categorical.toArray(new String[0]))
                .ignore(o.ignore.toArray(new String[0]))
                .impute(o.impute);
        // The split needs every row's class; the encoding proper is then fitted on the training rows alone,
        // keeping the classes of the whole table.
        TableEncoding whole = encoding.fit(table);
        DatasetSplit split = DatasetSplit.stratified(whole.encode(table), o.testSplit, o.seed);
        Table trainRows = table.select(split.trainIndices());
        Table testRows = table.select(split.testIndices());
        TableEncoding fitted = encoding.classes(whole.classNames()).fit(trainRows);
        ArrayDataset train = fitted.encode(trainRows);
        ArrayDataset test = fitted.encode(testRows);
        Normalization norm = Normalization.compute(train);
        int classes = fitted.classNames().size();
        Path dir = RunFolder.create(o.output, Path.of("runs"), "tabular", LocalDateTime.now());

        Sequential model = model(o.hidden, classes);
        model.build(new Generator(o.seed), fitted.featureCount());
        out.println(model.summary(fitted.featureCount()));
        Trainer trainer = new Trainer(model, Loss.crossEntropy(), new Adam(model, o.learningRate));
        LOG.info(
                "{}: {} training and {} test rows, {} features, {} classes",
                o.csv,
                train.size(),
                test.size(),
                fitted.featureCount(),
                classes);
        try (BatchLoader trainLoader = BatchLoader.builder(train)
                        .batchSize(o.batchSize)
                        .shuffle(true)
                        .seed(o.seed)
                        .normalization(norm)
                        .prefetch(0)
                        .build();
                BatchLoader testLoader = BatchLoader.builder(test)
                        .batchSize(256)
                        .normalization(norm)
                        .prefetch(0)
                        .build()) {
            History history = trainer.fit(
                    trainLoader, o.epochs, new FitOptions().progress(o.progress).progressOutput(out));
            Evaluation score = trainer.evaluate(testLoader);
            Weights.save(model, dir.resolve("model.safetensors"));
            new TabularPreprocessing(fitted, norm).save(dir.resolve("preprocessing.json"));
            AtomicFiles.writeString(dir.resolve("history.csv"), history.toCsv());
            AtomicFiles.writeString(
                    dir.resolve("summary.json"), summary(o, score, train.size(), test.size(), fitted.classNames()));
            out.printf(
                    Locale.ROOT,
                    "Test accuracy: %.4f  test loss: %.4f  (%d test rows, %d training rows, %d classes)."
                            + " Wrote %s%n",
                    score.accuracy(),
                    score.loss(),
                    test.size(),
                    train.size(),
                    classes,
                    dir);
            return new Result(score.accuracy(), score.loss(), train.size(), test.size(), fitted.classNames(), dir);
        }
    }

    /** Dense ReLU layers of {@code hidden} units, then a softmax over the classes. */
    static Sequential model(List<Integer> hidden, int classes) {
        Sequential model = new Sequential();
        for (int units : hidden) {
            model.add(new Dense(units, Activation.RELU));
        }
        return model.add(new Dense(classes, Activation.SOFTMAX));
    }

    private static String summary(
            TabularOptions o, Evaluation score, int trainRows, int testRows, List<String> classes) {
        StringBuilder names = new StringBuilder();
        for (String c : classes) {
            names.append(names.length() == 0 ? "" : ", ").append(JsonStrings.quote(c));
        }
        return String.format(
                Locale.ROOT,
                """
                {
                  "csv": %s,
                  "label": %s,
                  "test_accuracy": %s,
                  "test_loss": %s,
                  "train_rows": %d,
                  "test_rows": %d,
                  "classes": [%s],
                  "test_split": %s,
                  "seed": %d,
                  "epochs": %d,
                  "batch_size": %d,
                  "learning_rate": %s,
                  "hidden": %s
                }
                """,
                JsonStrings.quote(o.csv.toString()),
                JsonStrings.quote(o.label),
                finite(score.accuracy()),
                finite(score.loss()),
                trainRows,
                testRows,
                names,
                o.testSplit,
                o.seed,
                o.epochs,
                o.batchSize,
                o.learningRate,
                o.hidden);
    }

    private static String finite(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "null";
    }
}
