package dev.tauon.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Generator;
import dev.tauon.core.Tensor;
import dev.tauon.data.PixelDataset;
import dev.tauon.nn.quantize.QuantizedModel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CIFAR-10 example reading a folder of images instead of the binary archive. */
class Cifar10FolderDataTest {

    /** {@code perClass} 40x40 PNGs in each of {@code classes}' folders under {@code root}, each class its own colour. */
    private static void writeFolder(Path root, List<String> classes, int perClass) throws IOException {
        for (int c = 0; c < classes.size(); c++) {
            Path dir = Files.createDirectories(root.resolve(classes.get(c)));
            for (int i = 0; i < perClass; i++) {
                BufferedImage img = new BufferedImage(40, 40, BufferedImage.TYPE_3BYTE_BGR);
                for (int y = 0; y < 40; y++) {
                    for (int x = 0; x < 40; x++) {
                        img.setRGB(x, y, (c * 100 + i) << 16 | (x * 6) << 8 | y * 6);
                    }
                }
                ImageIO.write(img, "png", dir.resolve(i + ".png").toFile());
            }
        }
    }

    @Test
    void aFolderOfThreeClassesTrainsAThreeWayModel(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("shapes");
        writeFolder(data, List.of("circle", "square", "star"), 10);
        Cifar10Data loaded = Cifar10Data.load(data, 0.25, 0.2, 1);
        assertEquals(List.of("circle", "square", "star"), loaded.classNames());
        assertEquals(6, loaded.test().size(), "2 of each class's 10 held out for the test");
        assertEquals(6, loaded.validation().size(), "a quarter of each class's 8 remaining for validation");
        assertEquals(18, loaded.train().size());
        assertArrayEquals(new int[] {3, 32, 32}, loaded.train().featureShape(), "resized to the model's input");
        assertTrue(loaded.train() instanceof PixelDataset, "the loader's byte path");
        Path out = dir.resolve("run");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int code = Cifar10Cnn.run(
                new String[] {
                    "--data",
                    data.toString(),
                    "--epochs",
                    "1",
                    "--val-split",
                    "0.25",
                    "--no-progress",
                    "--output",
                    out.toString()
                },
                new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
        assertEquals(0, code, stderr.toString(StandardCharsets.UTF_8));
        assertTrue(stdout.toString(StandardCharsets.UTF_8).contains("(6 test images)"));
        String confusion = Files.readString(out.resolve("confusion.csv"));
        assertTrue(confusion.contains("circle") && confusion.contains("star"), confusion);
    }

    /**
     * {@code --quantize int8} on the airbench network: its convolutions sit in Sequential blocks and
     * are quantised too, so the file is under 30% of the float one; {@code QuantizedRun} redoes it
     * from the saved weights.
     */
    @Test
    void theAirbenchNetworkQuantisesWithTheConvolutionsInItsBlocks(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("shapes");
        writeFolder(data, List.of("circle", "square", "star"), 10);
        Path out = dir.resolve("run");
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int code = Cifar10Cnn.run(
                new String[] {
                    "--data",
                    data.toString(),
                    "--recipe",
                    "airbench",
                    "--epochs",
                    "1",
                    "--batch-size",
                    "8",
                    "--no-progress",
                    "--output",
                    out.toString(),
                    "--quantize",
                    "int8"
                },
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
        assertEquals(0, code, stderr.toString(StandardCharsets.UTF_8));
        String summary = Files.readString(out.resolve("summary.json"));
        assertTrue(summary.contains("\"test_accuracy_int8\""), summary);
        Path int8File = out.resolve("model-int8.safetensors");
        long floatBytes = Files.size(out.resolve("model.safetensors"));
        assertTrue(Files.size(int8File) < 0.3 * floatBytes, Files.size(int8File) + " of " + floatBytes + " bytes");
        QuantizedModel q =
                QuantizedModel.load(AirbenchModel.create(7, 3, Tensor.randn(new Generator(2), 4, 3, 32, 32)), int8File);
        assertEquals(8, q.quantizedLayers().size(), "the whitening conv, six block convs and the head: " + q);

        Files.delete(int8File);
        QuantizedRun.main(new String[] {out.resolve("model.safetensors").toString(), data.toString(), "airbench"});
        assertEquals(
                8,
                QuantizedModel.load(AirbenchModel.create(8, 3, Tensor.randn(new Generator(3), 4, 3, 32, 32)), int8File)
                        .quantizedLayers()
                        .size());
    }

    @Test
    void trainAndTestFoldersAreUsedAsTheyAre(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("split");
        writeFolder(data.resolve("train"), List.of("a", "b"), 4);
        writeFolder(data.resolve("test"), List.of("a", "b"), 3);
        Cifar10Data loaded = Cifar10Data.load(data, 0, 0.2, 1);
        assertEquals(8, loaded.train().size());
        assertNull(loaded.validation());
        assertEquals(6, loaded.test().size());
        writeFolder(data.resolve("test"), List.of("c"), 1);
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(
                IOException.class, () -> Cifar10Data.load(data, 0, 0.2, 1));
        assertTrue(
                e.getMessage().contains("the class folders of train/ [a, b] and test/ [a, b, c] differ"),
                e.getMessage());
    }

    @Test
    void theSharedPngSampleSplitsIntoTrainValidationAndTest() throws Exception {
        Path sample = SharedDatasets.orSkip("cifar-10-png-sample");
        Cifar10Data loaded = Cifar10Data.load(sample, 0.2, 0.2, 1);
        assertEquals(
                List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"),
                loaded.classNames());
        assertEquals(640, loaded.train().size());
        assertEquals(160, loaded.validation().size());
        assertEquals(200, loaded.test().size());
        Cifar10Data lazy = Cifar10Data.load(sample, 0.2, 0.2, 1, 1 << 20);
        assertEquals(640, lazy.train().size());
        float[] a = new float[3072];
        float[] b = new float[3072];
        for (int i = 0; i < 640; i += 97) {
            loaded.train().readFeatures(i, a, 0);
            lazy.train().readFeatures(i, b, 0);
            assertArrayEquals(a, b, "image " + i + " decoded lazily as loaded whole");
        }
        int[] twenty = new int[10];
        Arrays.fill(twenty, 20);
        assertArrayEquals(twenty, loaded.test().classCounts());
    }
}
