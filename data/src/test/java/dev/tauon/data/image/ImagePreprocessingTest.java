package dev.tauon.data.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Batch;
import dev.tauon.data.BatchLoader;
import dev.tauon.data.DatasetFormatException;
import dev.tauon.data.Normalization;
import dev.tauon.data.PixelArrayDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagePreprocessingTest {
    @TempDir
    Path dir;

    @Test
    void savedAndLoadedItGivesWhatTheLoaderGaveInTraining() throws IOException {
        Path root = dir.resolve("imgs");
        for (int i = 0; i < 6; i++) {
            TestImages.png(root.resolve((i % 2 == 0 ? "even" : "odd") + "/" + i + ".png"), i, 7, 9);
        }
        ImageOptions options = ImageOptions.of(4, 6).withInterpolation(Interpolation.AREA);
        ImageFolder folder = ImageFolder.scan(root, options);
        PixelArrayDataset data = folder.load();
        Normalization norm = Normalization.compute(data);
        ImagePreprocessing saved = new ImagePreprocessing(options, folder.classNames(), norm);
        Path file = dir.resolve("preprocessing.json");
        saved.save(file);
        ImagePreprocessing loaded = ImagePreprocessing.load(file);
        assertEquals(saved.options().withOnBadFile(OnBadFile.FAIL), loaded.options());
        assertEquals(List.of("even", "odd"), loaded.classNames());
        try (BatchLoader loader =
                BatchLoader.builder(data).batchSize(6).normalization(norm).build()) {
            Batch b = loader.iterator().next();
            for (int i = 0; i < 6; i++) {
                float[] row = Arrays.copyOfRange(b.inputs().data(), i * 72, (i + 1) * 72);
                assertArrayEquals(row, loaded.features(folder.files().get(i)), "image " + i);
            }
        }
    }

    @Test
    void foreignValuesAreRefusedByName() throws IOException {
        Path file = dir.resolve("p.json");
        Files.writeString(
                file,
                "{\"format\":\"tauon-image-preprocessing\",\"version\":1,\"height\":32,\"width\":32,"
                        + "\"color\":\"cmyk\",\"interpolation\":\"bilinear\",\"classes\":[],\"normalization\":{\"mean\":[],"
                        + "\"std\":[]}}");
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> ImagePreprocessing.load(file));
        assertEquals(file + ": color is \"cmyk\"; expected one of [grayscale, rgb]", e.getMessage());
        Files.writeString(
                file,
                "{\"format\":\"tauon-image-preprocessing\",\"version\":1,\"height\":32,\"width\":32,"
                        + "\"color\":\"rgb\",\"interpolation\":\"bilinear\",\"classes\":[],\"normalization\":{\"mean\":[0.5],"
                        + "\"std\":[0.5]}}");
        assertTrue(assertThrows(DatasetFormatException.class, () -> ImagePreprocessing.load(file))
                .getMessage()
                .contains("the normalisation has 1 channels, the images 3"));
    }
}
