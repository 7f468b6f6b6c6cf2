package dev.tauon.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiFunction;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pruning, distillation and attribution examples, end to end on a few images of the PNG sample. */
class SmallStudiesTest {

    private static String[] args(Path sample, Path out, String... more) {
        return args(sample, out, 40, more);
    }

    private static String[] args(Path sample, Path out, int testImages, String... more) {
        String[] base = {
            "--data",
            sample.toString(),
            "--train-images",
            "64",
            "--test-images",
            "" + testImages,
            "--epochs",
            "1",
            "--output",
            out.toString()
        };
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    private static int run(BiFunction<PrintStream, PrintStream, Integer> example, StringBuilder log) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = example.apply(
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        log.append(out.toString(StandardCharsets.UTF_8)).append(err.toString(StandardCharsets.UTF_8));
        return code;
    }

    @Test
    void pruningCurveWritesItsCsvChartAndSmallerSparseFiles(@TempDir Path dir) throws Exception {
        Path sample = SharedDatasets.orSkip("cifar-10-png-sample");
        StringBuilder log = new StringBuilder();
        int code = run((o, e) -> PruningCurve.run(args(sample, dir, "--sparsities", "0,0.9"), o, e), log);
        assertEquals(0, code, log.toString());
        List<String> csv = Files.readAllLines(dir.resolve("pruning.csv"));
        assertEquals(3, csv.size(), csv.toString());
        String[] ninety = csv.get(2).split(",");
        assertEquals("0.90", ninety[0]);
        assertEquals(0.9, Double.parseDouble(ninety[3]), 1e-3, "the measured sparsity");
        assertTrue(Long.parseLong(ninety[4]) < Long.parseLong(ninety[5]) / 3, csv.get(2));
        assertNotNull(ImageIO.read(dir.resolve("pruning.png").toFile()));
    }

    @Test
    void distillationComparisonTrainsTeacherAndBothStudents(@TempDir Path dir) throws Exception {
        Path sample = SharedDatasets.orSkip("cifar-10-png-sample");
        StringBuilder log = new StringBuilder();
        int code = run((o, e) -> DistillationComparison.run(args(sample, dir, "--teacher-epochs", "1"), o, e), log);
        assertEquals(0, code, log.toString());
        List<String> csv = Files.readAllLines(dir.resolve("distillation.csv"));
        assertEquals(4, csv.size(), csv.toString());
        assertTrue(csv.get(3).startsWith("student distilled T=4.0 alpha=0.90,1,"), csv.get(3));

        Path again = dir.resolve("again");
        String[] reuse = args(
                sample,
                again,
                "--teacher-weights",
                dir.resolve("teacher.safetensors").toString());
        assertEquals(0, run((o, e) -> DistillationComparison.run(reuse, o, e), log), log.toString());
        List<String> reused = Files.readAllLines(again.resolve("distillation.csv"));
        assertTrue(reused.get(1).startsWith("teacher (teacher.safetensors),0,"), reused.get(1));
        assertEquals(csv.get(1).split(",")[2], reused.get(1).split(",")[2], "the saved teacher's test accuracy");
        assertEquals(csv.get(3).split(",")[2], reused.get(3).split(",")[2], "the distilled student, same seed");
    }

    @Test
    void attributionGridHasARowPerImageAndAColumnPerMethod(@TempDir Path dir) throws Exception {
        Path sample = SharedDatasets.orSkip("cifar-10-png-sample");
        StringBuilder log = new StringBuilder();
        int code = run(
                (o, e) -> AttributionGrid.run(
                        args(sample, dir, 200, "--per-class", "1", "--ig-steps", "4", "--smooth-samples", "2"), o, e),
                log);
        assertEquals(0, code, log.toString());
        BufferedImage grid = ImageIO.read(dir.resolve("attribution.png").toFile());
        assertEquals(150 + 6 * (32 * 3 + 8), grid.getWidth());
        assertEquals(40 + 10 * (32 * 3 + 8), grid.getHeight(), "one row per class");
        StringBuilder bad = new StringBuilder();
        assertEquals(
                2, run((o, e) -> AttributionGrid.run(new String[] {"--epochs", "-1", "--output", "x"}, o, e), bad));
    }

    @Test
    void theHeatRampRunsFromBlackToWhite() {
        assertEquals(0x000000, AttributionGrid.heat(0f));
        assertEquals(0xff0000, AttributionGrid.heat(1f / 3));
        assertEquals(0xffffff, AttributionGrid.heat(1f));
        assertEquals(0x000000, AttributionGrid.heat(-2f));
    }
}
