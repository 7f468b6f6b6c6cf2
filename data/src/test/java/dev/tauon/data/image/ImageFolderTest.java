package dev.tauon.data.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.data.DatasetFormatException;
import dev.tauon.data.PixelArrayDataset;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {
    @TempDir
    Path dir;

    /** dog/ and cat/ (and bird/ with a nested folder), 2 images each of 4x5, plus things that are not examples. */
    private Path folder() throws IOException {
        Path root = dir.resolve("pets");
        TestImages.png(root.resolve("dog/b.png"), 0, 4, 5);
        TestImages.png(root.resolve("dog/a.PNG"), 1, 4, 5);
        TestImages.png(root.resolve("cat/x.png"), 2, 4, 5);
        TestImages.png(root.resolve("cat/y.png"), 3, 4, 5);
        TestImages.png(root.resolve("bird/deep/z.png"), 4, 4, 5);
        TestImages.png(root.resolve("bird/.hidden.png"), 9, 4, 5);
        TestImages.png(root.resolve("loose.png"), 9, 4, 5);
        Files.writeString(root.resolve("README.md"), "not an example");
        Files.writeString(root.resolve("cat/notes.txt"), "not an image");
        return root;
    }

    private static byte[] pixels(PixelArrayDataset d, int i) {
        byte[] p = new byte[d.featureSize()];
        d.readPixels(i, p, 0);
        return p;
    }

    /** Image {@code id} as CHW RGB bytes, as {@link TestImages#rgb} drew it. */
    private static byte[] expected(int id, int h, int w) {
        byte[] out = new byte[3 * h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = TestImages.rgb(id, y, x);
                out[y * w + x] = (byte) (rgb >> 16);
                out[h * w + y * w + x] = (byte) (rgb >> 8);
                out[2 * h * w + y * w + x] = (byte) rgb;
            }
        }
        return out;
    }

    @Test
    void classesSortedFilesInPathOrderPixelsExact() throws IOException {
        ImageFolder folder = ImageFolder.scan(folder(), ImageOptions.of(4, 5));
        assertEquals(List.of("bird", "cat", "dog"), folder.classNames());
        assertEquals(5, folder.files().size());
        assertArrayEquals(new int[] {0, 1, 1, 2, 2}, folder.labels());
        assertEquals("a.PNG", folder.files().get(3).getFileName().toString());
        PixelArrayDataset d = folder.load();
        assertEquals(5, d.size());
        assertArrayEquals(new int[] {3, 4, 5}, d.featureShape());
        assertArrayEquals(expected(4, 4, 5), pixels(d, 0));
        assertArrayEquals(expected(1, 4, 5), pixels(d, 3));
        assertArrayEquals(expected(0, 4, 5), pixels(d, 4));
        assertEquals(2, d.label(4));
        Path dotted = dir.resolve("pets/../pets");
        assertEquals(
                5, ImageFolder.scan(dotted, ImageOptions.of(4, 5)).files().size(), "dots above the root do not hide");
    }

    @Test
    void aClassFolderThatIsALinkIsReadAsItsFolderLinksBelowOneAreNot() throws IOException {
        Path root = dir.resolve("linked");
        TestImages.png(root.resolve("cat/x.png"), 0, 4, 5);
        TestImages.png(dir.resolve("elsewhere/deep/y.png"), 1, 4, 5);
        Files.createSymbolicLink(root.resolve("kitten"), Path.of("cat"));
        Files.createSymbolicLink(root.resolve("dog"), dir.resolve("elsewhere"));
        Files.createSymbolicLink(root.resolve("cat/up"), root);
        Files.createSymbolicLink(root.resolve("cat/z.png"), root.resolve("cat/x.png"));
        ImageFolder folder = ImageFolder.scan(root, ImageOptions.of(4, 5));
        assertEquals(List.of("cat", "dog", "kitten"), folder.classNames());
        assertEquals(
                List.of(
                        root.resolve("cat/x.png"),
                        root.resolve("cat/z.png"),
                        root.resolve("dog/deep/y.png"),
                        root.resolve("kitten/x.png"),
                        root.resolve("kitten/z.png")),
                folder.files());
        assertArrayEquals(new int[] {0, 0, 1, 2, 2}, folder.labels());
        PixelArrayDataset d = folder.load();
        assertArrayEquals(expected(1, 4, 5), pixels(d, 2));
        assertArrayEquals(expected(0, 4, 5), pixels(d, 4));
    }

    @Test
    void greyAndColourConvertEitherWay() throws IOException {
        Path root = dir.resolve("g");
        BufferedImage grey = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
        int[] values = {0, 17, 128, 200, 254, 255};
        grey.getRaster().setPixels(0, 0, 3, 2, values);
        TestImages.write(grey, root.resolve("a/grey.png"), "png");
        TestImages.png(root.resolve("b/colour.png"), 5, 2, 3);
        ImageFolder folder = ImageFolder.scan(root, ImageOptions.of(2, 3));
        byte[] rgb = pixels(folder.load(), 0);
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 6; i++) {
                assertEquals(values[i], rgb[c * 6 + i] & 0xFF, "grey repeated in channel " + c);
            }
        }
        PixelArrayDataset luma = ImageFolder.scan(root, ImageOptions.of(2, 3).withColor(ColorMode.GRAYSCALE))
                .load();
        assertArrayEquals(new int[] {1, 2, 3}, luma.featureShape());
        byte[] g = pixels(luma, 0);
        for (int i = 0; i < 6; i++) {
            assertEquals(values[i], g[i] & 0xFF, "grey stays as stored, without a gamma conversion");
        }
        byte[] l = pixels(luma, 1);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 3; x++) {
                int p = TestImages.rgb(5, y, x);
                int want = (19595 * (p >> 16 & 0xFF) + 38470 * (p >> 8 & 0xFF) + 7471 * (p & 0xFF) + 32768) >> 16;
                assertEquals(want, l[y * 3 + x] & 0xFF);
            }
        }
    }

    @Test
    void sixteenBitGreyPalettesAlphaAndJpegDecode() throws IOException {
        Path root = dir.resolve("kinds");
        BufferedImage deep = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        deep.getRaster().setPixels(0, 0, 2, 1, new int[] {65535, 257 * 100});
        TestImages.write(deep, root.resolve("a/deep.png"), "png");
        BufferedImage alpha = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        alpha.setRGB(0, 0, 0x10_20_30_40);
        alpha.setRGB(1, 0, 0xFF_AA_BB_CC);
        TestImages.write(alpha, root.resolve("b/alpha.png"), "png");
        BufferedImage indexed = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_INDEXED);
        indexed.setRGB(0, 0, 0xFF0000);
        indexed.setRGB(1, 0, 0x0000FF);
        TestImages.write(indexed, root.resolve("c/palette.gif"), "gif");
        TestImages.write(TestImages.rgbImage(1, 1, 2), root.resolve("d/photo.jpg"), "jpeg");
        PixelArrayDataset d = ImageFolder.scan(root, ImageOptions.of(1, 2)).load();
        assertArrayEquals(new byte[] {(byte) 255, 100, (byte) 255, 100, (byte) 255, 100}, pixels(d, 0));
        assertArrayEquals(
                new byte[] {0x20, (byte) 0xAA, 0x30, (byte) 0xBB, 0x40, (byte) 0xCC},
                pixels(d, 1),
                "alpha dropped, not blended");
        assertArrayEquals(new byte[] {(byte) 255, 0, 0, 0, 0, (byte) 255}, pixels(d, 2));
        byte[] jpeg = pixels(d, 3);
        byte[] exact = expected(1, 1, 2);
        for (int i = 0; i < jpeg.length; i++) {
            assertTrue(Math.abs((jpeg[i] & 0xFF) - (exact[i] & 0xFF)) < 40, "JPEG is lossy, but close: " + i);
        }
    }

    @Test
    void resizingByEachInterpolation() throws IOException {
        Path root = dir.resolve("r");
        BufferedImage grey = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY);
        int[] v = {0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 150};
        grey.getRaster().setPixels(0, 0, 4, 4, v);
        TestImages.write(grey, root.resolve("a/big.png"), "png");
        ImageOptions half = ImageOptions.of(2, 2).withColor(ColorMode.GRAYSCALE);
        // nearest: rows and columns floor((o + 0.5) * 2) = 1, 3
        assertArrayEquals(
                new byte[] {50, 70, (byte) 130, (byte) 150},
                pixels(
                        ImageFolder.scan(root, half.withInterpolation(Interpolation.NEAREST))
                                .load(),
                        0));
        // bilinear samples at 0.5 and 2.5, area averages 2x2 blocks: both give the block means
        byte[] blocks = {25, 45, 105, 125};
        assertArrayEquals(blocks, pixels(ImageFolder.scan(root, half).load(), 0));
        assertArrayEquals(
                blocks,
                pixels(
                        ImageFolder.scan(root, half.withInterpolation(Interpolation.AREA))
                                .load(),
                        0));
        // area over a third: output pixel 0 of 3 covers source columns 0 and a third of 1
        byte[] third = pixels(
                ImageFolder.scan(
                                root,
                                ImageOptions.of(1, 3)
                                        .withColor(ColorMode.GRAYSCALE)
                                        .withInterpolation(Interpolation.AREA))
                        .load(),
                0);
        float rowMean0 = (0 + 40 + 80 + 120) / 4f;
        float rowMean1 = (10 + 50 + 90 + 130) / 4f;
        assertEquals(Math.round((rowMean0 + rowMean1 / 3) / (4 / 3f)), third[0] & 0xFF);
        // bilinear enlarging: 4 -> 8 samples at (o + 0.5) / 2 - 0.5 = -0.25 (clamped to 0), 0.25, 0.75, ...
        byte[] wide = pixels(
                ImageFolder.scan(root, ImageOptions.of(4, 8).withColor(ColorMode.GRAYSCALE))
                        .load(),
                0);
        assertArrayEquals(new byte[] {0, 3, 8, 13, 18, 23, 28, 30}, Arrays.copyOf(wide, 8));
    }

    @Test
    void anEmptyClassFolderOrNoClassFoldersAreErrors() throws IOException {
        Path root = folder();
        Files.createDirectories(root.resolve("emu"));
        Files.writeString(root.resolve("emu/readme.txt"), "no images yet");
        DatasetFormatException e =
                assertThrows(DatasetFormatException.class, () -> ImageFolder.scan(root, ImageOptions.of(4, 5)));
        assertEquals(
                root.resolve("emu") + ": class folder \"emu\" has no image files (bmp, gif, jpeg, jpg, png)",
                e.getMessage());
        Path flat = dir.resolve("flat");
        TestImages.png(flat.resolve("one.png"), 0, 2, 2);
        DatasetFormatException none =
                assertThrows(DatasetFormatException.class, () -> ImageFolder.scan(flat, ImageOptions.of(2, 2)));
        assertTrue(
                none.getMessage()
                        .contains("no class folders: expected one sub-folder of images per class (the 1 "
                                + "images directly in it belong to no class)"),
                none.getMessage());
        assertThrows(NoSuchFileException.class, () -> ImageFolder.scan(dir.resolve("absent"), ImageOptions.of(2, 2)));
    }

    @Test
    void aCorruptPngIsFatalByNameOrSkippedAndCounted() throws IOException {
        Path root = folder();
        byte[] good = Files.readAllBytes(root.resolve("cat/x.png"));
        Path cut = Files.write(root.resolve("cat/cut.png"), Arrays.copyOf(good, good.length / 2));
        Path text = Files.writeString(root.resolve("dog/fake.jpg"), "this is not a JPEG");
        DatasetFormatException fatal = assertThrows(
                DatasetFormatException.class,
                () -> ImageFolder.scan(root, ImageOptions.of(4, 5)).load());
        assertTrue(fatal.getMessage().startsWith(cut + ": cannot be decoded ("), fatal.getMessage());
        PixelArrayDataset skipped = ImageFolder.scan(root, ImageOptions.of(4, 5).withOnBadFile(OnBadFile.SKIP))
                .load();
        assertEquals(5, skipped.size(), "the two bad files left out");
        assertArrayEquals(new int[] {1, 2, 2}, skipped.classCounts());
        DatasetFormatException notImage =
                assertThrows(DatasetFormatException.class, () -> ImageDecoder.checkHeader(text));
        assertEquals(
                text + ": not an image ImageIO can decode (PNG, JPEG, BMP or GIF): its first bytes match none "
                        + "of them",
                notImage.getMessage());
        Path allBad = dir.resolve("bad");
        Files.createDirectories(allBad.resolve("a"));
        Files.writeString(allBad.resolve("a/x.png"), "nope");
        DatasetFormatException nothing = assertThrows(
                DatasetFormatException.class,
                () -> ImageFolder.scan(allBad, ImageOptions.of(2, 2).withOnBadFile(OnBadFile.SKIP))
                        .load());
        assertTrue(nothing.getMessage().contains("none of the 1 image files could be decoded"), nothing.getMessage());
    }

    @Test
    void aHeaderClaimingAHugeImageIsRefusedBeforeDecoding() throws IOException {
        Path file = TestImages.png(dir.resolve("a/big.png"), 0, 2, 2);
        byte[] png = Files.readAllBytes(file);
        // IHDR width and height at bytes 16-23: claim 100000 x 100000
        ByteBuffer.wrap(png).putInt(16, 100_000).putInt(20, 100_000);
        Files.write(file, png);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> ImageDecoder.read(file));
        assertTrue(e.getMessage().contains("its header claims 100000x100000 pixels"), e.getMessage());
    }
}
