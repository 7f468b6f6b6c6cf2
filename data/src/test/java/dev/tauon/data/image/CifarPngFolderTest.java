package dev.tauon.data.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tauon.data.Cifar10;
import dev.tauon.data.PixelArrayDataset;
import dev.tauon.data.RecordSet;
import dev.tauon.data.SharedData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The 1,000 real CIFAR-10 test images of {@code ../shared/datasets/cifar-10-png-sample/}. */
class CifarPngFolderTest {

    private static ImageFolder scan() throws IOException {
        Optional<Path> root = SharedData.dataset("cifar-10-png-sample");
        assumeTrue(root.isPresent(), SharedData.missing("cifar-10-png-sample"));
        return ImageFolder.scan(root.get(), ImageOptions.of(32, 32));
    }

    @Test
    void tenClassesOfAHundredInCifarOrder() throws IOException {
        ImageFolder folder = scan();
        assertEquals(
                List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"),
                folder.classNames());
        PixelArrayDataset d = folder.load();
        assertEquals(1000, d.size());
        int[] hundred = new int[10];
        Arrays.fill(hundred, 100);
        assertArrayEquals(hundred, d.classCounts());
    }

    @Test
    void everyPixelAndLabelIsThatOfTheBinaryTestRecord() throws IOException {
        ImageFolder folder = scan();
        Optional<Path> archive = Cifar10.locate();
        assumeTrue(archive.isPresent(), "the CIFAR-10 archive is not here to compare with; skipping");
        RecordSet test = Cifar10.load(archive.get()).test();
        PixelArrayDataset d = folder.load();
        byte[] png = new byte[3072];
        byte[] record = new byte[3072];
        for (int i = 0; i < d.size(); i++) {
            String name = folder.files().get(i).getFileName().toString();
            int index = Integer.parseInt(name.substring("test_".length(), name.length() - ".png".length()));
            d.readPixels(i, png, 0);
            test.readPixels(index, record, 0);
            assertArrayEquals(record, png, name);
            assertEquals(test.label(index), d.label(i), name);
        }
    }
}
