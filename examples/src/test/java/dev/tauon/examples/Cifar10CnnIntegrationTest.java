package dev.tauon.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Batch;
import dev.tauon.data.BatchLoader;
import dev.tauon.data.Cifar10;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.io.Weights;
import dev.tauon.nn.losses.Loss;
import dev.tauon.nn.optim.Adam;
import dev.tauon.nn.quantize.QuantizedModel;
import dev.tauon.nn.train.Accuracy;
import dev.tauon.nn.train.Evaluation;
import dev.tauon.nn.train.Trainer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the CIFAR-10 example for a few batches on the real data, when it is there, and checks every output. */
class Cifar10CnnIntegrationTest {

    @Test
    void shortRunLearnsAndWritesEveryFile(@TempDir Path dir) throws Exception {
        Path data = sharedArchiveOrSkip();
        Path out = dir.resolve("run");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int code = Cifar10Cnn.run(
                new String[] {
                    "--data",
                    data.toString(),
                    "--epochs",
                    "2",
                    "--limit-batches",
                    "80",
                    "--no-progress",
                    "--output",
                    out.toString(),
                    "--seed",
                    "3",
                    "--quantize",
                    "int8"
                },
                new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
        String printed = stdout.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, "exit code; stderr: " + stderr.toString(StandardCharsets.UTF_8));
        assertTrue(printed.contains("Total params: 122,570"), printed);
        assertTrue(printed.contains("Test accuracy:"), printed);

        List<String> history = Files.readAllLines(out.resolve("history.csv"));
        assertEquals("epoch,loss,accuracy,val_loss,val_accuracy,seconds,images_per_s", history.get(0));
        assertEquals(3, history.size());
        double[] first = parseRow(history.get(1));
        double[] second = parseRow(history.get(2));
        assertTrue(second[1] < first[1], "training loss falls: " + history);
        assertTrue(second[3] < first[3], "validation loss falls: " + history);

        String summary = Files.readString(out.resolve("summary.json"));
        double testAccuracy = number(summary, "test_accuracy");
        assertTrue(testAccuracy > 0.25, "test accuracy well above chance (0.1): " + testAccuracy);
        assertEquals(
                testAccuracy, number(summary, "test_accuracy_single_view"), "one view is all the reference scores");
        assertTrue(number(summary, "test_loss") < 2.2, summary);
        assertEquals(2, (int) number(summary, "epochs"));
        assertEquals(40000, (int) number(summary, "train_images"));
        assertTrue(number(summary, "images_per_s") > 0, summary);
        assertTrue(number(summary, "wall_seconds") > 0, summary);
        assertEquals(3, (int) number(summary, "seed"));
        assertTrue(summary.matches("(?s).*\"vector_api\": (true|false).*"), summary);
        assertTrue(summary.contains("\"java_version\": \""), summary);
        assertTrue(number(summary, "threads") >= 1, summary);

        List<String> confusion = Files.readAllLines(out.resolve("confusion.csv"));
        assertEquals(11, confusion.size());
        assertTrue(confusion.get(0).startsWith("actual\\predicted,airplane,automobile"), confusion.get(0));
        long total = 0;
        for (String row : confusion.subList(1, 11)) {
            String[] cells = row.split(",");
            for (int i = 1; i < cells.length; i++) {
                total += Long.parseLong(cells[i]);
            }
        }
        assertEquals(10000, total);

        // The saved weights are the trained ones: reloaded into a differently seeded model, they score
        // on the test set exactly what the run reported.
        Sequential reloaded = Cifar10Model.create(99);
        Weights.load(reloaded, out.resolve("model.safetensors"));
        try (BatchLoader test =
                BatchLoader.builder(Cifar10.load(data).test()).batchSize(256).build()) {
            Evaluation e = new Trainer(reloaded, Loss.crossEntropy(), new Adam(reloaded)).evaluate(test);
            assertEquals(testAccuracy, e.accuracy(), 1e-12);
            assertEquals(number(summary, "test_loss"), e.loss(), 1e-6);
        }
        // model.onnx in ONNX Runtime, fed the test images as the example feeds them, scores the same.
        try (BatchLoader test =
                BatchLoader.builder(Cifar10.load(data).test()).batchSize(500).build()) {
            assertEquals(testAccuracy, OnnxOutputTest.onnxAccuracy(out.resolve("model.onnx"), test), 1e-12);
        }
        assertNotNull(ImageIO.read(out.resolve("curves.png").toFile()));
        assertNotNull(ImageIO.read(out.resolve("confusion.png").toFile()));

        // --quantize int8: a file under 30% of the float one, whose model scores what the summary says
        double int8Accuracy = number(summary, "test_accuracy_int8");
        assertTrue(Math.abs(int8Accuracy - testAccuracy) < 0.02, testAccuracy + " vs int8 " + int8Accuracy);
        assertTrue(
                number(summary, "int8_images_per_s") > 0 && number(summary, "float_images_per_s_batch1") > 0, summary);
        Path int8File = out.resolve("model-int8.safetensors");
        assertTrue(
                Files.size(int8File) < 0.3 * Files.size(out.resolve("model.safetensors")),
                Files.size(int8File) + " bytes");
        QuantizedModel q = QuantizedModel.load(Cifar10Model.create(98), int8File);
        long right = 0;
        try (BatchLoader test =
                BatchLoader.builder(Cifar10.load(data).test()).batchSize(256).build()) {
            for (Batch b : test) {
                right += Accuracy.correct(q.predict(b.inputs()), b);
            }
        }
        assertEquals(int8Accuracy, right / 10000.0, 1e-12);
        // model-int8.onnx in ONNX Runtime scores what the int8 model does (to a few images of 10,000)
        try (BatchLoader test =
                BatchLoader.builder(Cifar10.load(data).test()).batchSize(500).build()) {
            assertEquals(int8Accuracy, OnnxOutputTest.onnxAccuracy(out.resolve("model-int8.onnx"), test), 5e-4);
        }
    }

    @Test
    void improvedRecipeRunsWithItsOwnBatchSizeAndLearns(@TempDir Path dir) throws Exception {
        Path data = sharedArchiveOrSkip();
        Path out = dir.resolve("improved");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int code = Cifar10Cnn.run(
                new String[] {
                    "--data",
                    data.toString(),
                    "--epochs",
                    "1",
                    "--limit-batches",
                    "150",
                    "--no-progress",
                    "--output",
                    out.toString(),
                    "--recipe",
                    "improved"
                },
                new PrintStream(printed, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
        assertEquals(0, code, "exit code; stderr: " + stderr.toString(StandardCharsets.UTF_8));
        String summary = Files.readString(out.resolve("summary.json"));
        assertTrue(summary.contains("\"recipe\": \"improved\""), summary);
        assertEquals(32, (int) number(summary, "batch_size"));
        assertTrue(number(summary, "test_accuracy") > 0.25, "test accuracy well above chance (0.1): " + summary);
        double oneView = number(summary, "test_accuracy_single_view");
        assertTrue(
                oneView > 0.25 && oneView != number(summary, "test_accuracy"),
                "the image's own logits are scored apart from the averaged views: " + summary);
        assertTrue(
                printed.toString(StandardCharsets.UTF_8).contains("6 views each; one view: "),
                printed.toString(StandardCharsets.UTF_8));
    }

    @Test
    void badOptionsExitWithTwoAndSayWhy() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertEquals(2, Cifar10Cnn.run(new String[] {"--epochs", "0"}, quiet, errStream));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--epochs must be at least 1"));
        assertEquals(2, Cifar10Cnn.run(new String[] {"--recipe", "fancy"}, quiet, errStream));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown recipe 'fancy'"));
        assertEquals(2, Cifar10Cnn.run(new String[] {"--val-split", "1.5"}, quiet, errStream));
        ByteArrayOutputStream help = new ByteArrayOutputStream();
        assertEquals(
                0,
                Cifar10Cnn.run(
                        new String[] {"--help"}, new PrintStream(help, true, StandardCharsets.UTF_8), errStream));
        String usage = help.toString(StandardCharsets.UTF_8);
        for (String option : List.of(
                "--data",
                "--epochs",
                "--batch-size",
                "--lr",
                "--seed",
                "--threads",
                "--val-split",
                "--output",
                "--limit-batches",
                "--recipe",
                "--no-progress",
                "--quantize",
                "--help")) {
            assertTrue(usage.contains(option), "help lists " + option);
        }
    }

    @Test
    void missingDataFileIsAClearFailure(@TempDir Path dir) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cifar10Cnn.run(
                new String[] {"--data", dir.resolve("nope.tar.gz").toString(), "--no-progress"},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(1, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("nope.tar.gz"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void runningOutOfHeapSaysSoAndHowToFixIt(@TempDir Path dir) throws Exception {
        Path data = sharedArchiveOrSkip();
        // A separate JVM whose 64 MB heap cannot even hold the decoded data set.
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(
                        java.toString(),
                        "-Xmx64m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        Cifar10Cnn.class.getName(),
                        "--data",
                        data.toString(),
                        "--epochs",
                        "1",
                        "--limit-batches",
                        "1",
                        "--no-progress",
                        "--output",
                        dir.resolve("oom").toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, p.waitFor(), stderr);
        assertTrue(stderr.contains("cifar10-cnn: out of memory with a maximum heap of"), stderr);
        assertTrue(stderr.contains("at batch size 64: lower --batch-size or raise the JVM's -Xmx"), stderr);
    }

    private static Path sharedArchiveOrSkip() {
        Optional<Path> data = Cifar10.locate();
        Assumptions.assumeTrue(
                data.isPresent(),
                "CIFAR-10 archive not found (set " + Cifar10.PATH_ENV + " or place it at " + Cifar10.SHARED_LOCATION
                        + " beside the project); skipping");
        return data.get();
    }

    private static double[] parseRow(String line) {
        String[] cells = line.split(",");
        double[] v = new double[cells.length];
        for (int i = 0; i < cells.length; i++) {
            v[i] = Double.parseDouble(cells[i]);
        }
        return v;
    }

    private static double number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\": ([-0-9.eE]+)").matcher(json);
        assertTrue(m.find(), key + " in " + json);
        return Double.parseDouble(m.group(1));
    }
}
