package dev.tauon.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Tensor;
import dev.tauon.data.DatasetSplit;
import dev.tauon.data.tabular.CsvFormat;
import dev.tauon.data.tabular.CsvReader;
import dev.tauon.data.tabular.Table;
import dev.tauon.data.tabular.TableEncoding;
import dev.tauon.data.tabular.TabularPreprocessing;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.io.Weights;
import dev.tauon.nn.train.Accuracy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TabularMlpTest {

    /** 300 rows: two numbers and a colour; the class is which of three regions (x, y, colour) falls in. */
    private static Path syntheticCsv(Path dir) throws Exception {
        SplittableRandom r = new SplittableRandom(3);
        StringBuilder csv = new StringBuilder("id,x,y,colour,class\n");
        String[] colours = {"red", "green", "blue"};
        for (int i = 0; i < 300; i++) {
            double x = r.nextDouble() * 10;
            double y = r.nextDouble() * 100;
            String colour = colours[r.nextInt(3)];
            String cls = colour.equals("blue") ? "c" : x + y / 10 > 10 ? "a" : "b";
            csv.append("row")
                    .append(i)
                    .append(',')
                    .append(String.format(Locale.ROOT, "%.3f", x))
                    .append(',')
                    .append(String.format(Locale.ROOT, "%.2f", y))
                    .append(',')
                    .append(colour)
                    .append(',')
                    .append(cls)
                    .append('\n');
        }
        return Files.writeString(dir.resolve("synthetic.csv"), csv);
    }

    private static int run(PrintStream out, PrintStream err, String... args) {
        return TabularMlp.run(args, out, err);
    }

    private static PrintStream stream(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    @Test
    void learnsPrintsTheAccuracyAndItsSavedFilesPredictWhatItScored(@TempDir Path dir) throws Exception {
        Path csv = syntheticCsv(dir);
        Path outDir = dir.resolve("run");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TabularOptions o = new picocli.CommandLine(new TabularOptions())
                .parseArgs(
                        "--csv",
                        csv.toString(),
                        "--label",
                        "class",
                        "--ignore",
                        "id",
                        "--epochs",
                        "60",
                        "--output",
                        outDir.toString())
                .commandSpec()
                .commandLine()
                .getCommand();
        TabularMlp.Result result = TabularMlp.train(o, stream(out));
        assertTrue(result.testAccuracy() > 0.9, "test accuracy " + result.testAccuracy());
        assertEquals(List.of("a", "b", "c"), result.classes());
        assertEquals(60, result.testRows());
        assertTrue(out.toString(StandardCharsets.UTF_8)
                .contains(String.format(Locale.ROOT, "Test accuracy: %.4f", result.testAccuracy())));
        for (String f : new String[] {"model.safetensors", "preprocessing.json", "history.csv", "summary.json"}) {
            assertTrue(Files.isRegularFile(outDir.resolve(f)), f);
        }
        // A fresh model with the saved weights and preprocessing, fed the test rows as text, scores the same.
        TabularPreprocessing pre = TabularPreprocessing.load(outDir.resolve("preprocessing.json"));
        Sequential model = TabularMlp.model(List.of(64, 64), 3);
        model.build(pre.encoding().featureCount());
        Weights.load(model, outDir.resolve("model.safetensors"));
        Table table = CsvReader.read(csv, CsvFormat.DEFAULT);
        TableEncoding whole = TableEncoding.builder("class").ignore("id").fit(table);
        Table test = table.select(
                DatasetSplit.stratified(whole.encode(table), 0.2, 1).testIndices());
        int correct = 0;
        for (int r = 0; r < test.rowCount(); r++) {
            Map<String, String> row = new HashMap<>();
            for (int c = 0; c < test.columnCount(); c++) {
                row.put(test.columnNames().get(c), test.cell(r, c));
            }
            float[] features = pre.features(row);
            Tensor p = model.eval().forward(Tensor.of(features, 1, features.length));
            int predicted = Accuracy.argmax(p.data(), 0, 3);
            correct += pre.encoding().classNames().get(predicted).equals(row.get("class")) ? 1 : 0;
        }
        assertEquals(result.testAccuracy(), (double) correct / test.rowCount(), 1e-12);
    }

    @Test
    void badOptionsAndBadFilesAreReportedByName(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, run(stream(new ByteArrayOutputStream()), stream(err), "--label", "x"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--csv"), err.toString(StandardCharsets.UTF_8));
        err.reset();
        assertEquals(
                2,
                run(
                        stream(new ByteArrayOutputStream()),
                        stream(err),
                        "--csv",
                        "a.csv",
                        "--label",
                        "x",
                        "--test-split",
                        "1.5"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--test-split must be in (0, 1), got 1.5"));
        Path ragged = Files.writeString(dir.resolve("ragged.csv"), "a,b,label\n1,2,x\n3,y\n");
        err.reset();
        assertEquals(
                1,
                run(
                        stream(new ByteArrayOutputStream()),
                        stream(err),
                        "--csv",
                        ragged.toString(),
                        "--label",
                        "label",
                        "--output",
                        dir.resolve("o1").toString()));
        assertEquals(
                "tabular-mlp: " + ragged + " line 3: 2 fields, expected 3 as in the header (line 1)\n",
                err.toString(StandardCharsets.UTF_8));
        err.reset();
        Path ok = syntheticCsv(dir);
        assertEquals(
                1,
                run(
                        stream(new ByteArrayOutputStream()),
                        stream(err),
                        "--csv",
                        ok.toString(),
                        "--label",
                        "kind",
                        "--output",
                        dir.resolve("o2").toString()));
        assertTrue(
                err.toString(StandardCharsets.UTF_8).contains("no column \"kind\"; the 5 columns are"),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void wellOverNinetyPercentOnTheSharedBreastCancerAndWineTables(@TempDir Path dir) throws Exception {
        Path tables = SharedDatasets.orSkip("tabular");
        for (String name : new String[] {"breast_cancer.csv", "wine.csv"}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            TabularOptions o = new picocli.CommandLine(new TabularOptions())
                    .parseArgs(
                            "--csv",
                            tables.resolve(name).toString(),
                            "--label",
                            "label",
                            "--output",
                            dir.resolve(name).toString())
                    .commandSpec()
                    .commandLine()
                    .getCommand();
            double accuracy = TabularMlp.train(o, stream(out)).testAccuracy();
            assertTrue(accuracy > 0.93, name + ": test accuracy " + accuracy);
        }
    }
}
