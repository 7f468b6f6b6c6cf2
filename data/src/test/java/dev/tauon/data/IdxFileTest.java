package dev.tauon.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Batch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFileTest {
    @TempDir
    Path dir;

    /** An IDX file of {@code type} with {@code dims}, then {@code data} as given (big-endian already). */
    static byte[] idx(int type, int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.put(data).array();
    }

    /** MNIST-like: {@code n} images of 3x4, pixel (i, y, x) = 20 i + 4 y + x, and labels i mod 3. */
    private Path[] mnist(int n, boolean gzip) throws IOException {
        byte[] pixels = new byte[n * 12];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < 12; p++) {
                pixels[i * 12 + p] = (byte) (20 * i + p);
            }
            labels[i] = (byte) (i % 3);
        }
        byte[] x = idx(0x08, new int[] {n, 3, 4}, pixels);
        byte[] y = idx(0x08, new int[] {n}, labels);
        String suffix = gzip ? ".gz" : "";
        return new Path[] {
            Files.write(dir.resolve("images-idx3-ubyte" + suffix), gzip ? TestData.gzip(x) : x),
            Files.write(dir.resolve("labels-idx1-ubyte" + suffix), gzip ? TestData.gzip(y) : y)
        };
    }

    @Test
    void mnistLikeFilesGzipOrNotBecomePixelImages() throws IOException {
        for (boolean gzip : new boolean[] {false, true}) {
            Path[] files = mnist(7, gzip);
            Dataset d = IdxFile.dataset(files[0], files[1]);
            assertInstanceOf(PixelDataset.class, d);
            assertArrayEquals(new int[] {1, 3, 4}, d.featureShape());
            assertEquals(3, d.numClasses());
            assertArrayEquals(new int[] {3, 2, 2}, d.classCounts());
            byte[] image = new byte[12];
            ((PixelDataset) d).readPixels(5, image, 0);
            assertEquals(100 + 7, image[7]);
            try (BatchLoader loader = BatchLoader.builder(d).batchSize(7).build()) {
                Batch b = loader.iterator().next();
                assertArrayEquals(new int[] {7, 1, 3, 4}, b.inputs().shape());
                assertEquals((20 * 2 + 4 + 1) / 255f, b.inputs().get(2, 0, 1, 1));
            }
        }
        IdxFile f = IdxFile.read(mnist(2, false)[0]);
        assertEquals(IdxFile.Type.UBYTE, f.type());
        assertArrayEquals(new int[] {2, 3, 4}, f.dims());
        assertEquals(24, f.size());
    }

    @Test
    void channelsLastBytesAndFloatFeatures() throws IOException {
        byte[] hwc = new byte[2 * 2 * 2 * 3];
        for (int i = 0; i < hwc.length; i++) {
            hwc[i] = (byte) i;
        }
        Path x = Files.write(dir.resolve("x"), idx(0x08, new int[] {2, 2, 2, 3}, hwc));
        Path y = Files.write(
                dir.resolve("y"),
                idx(
                        0x0C,
                        new int[] {2},
                        ByteBuffer.allocate(8).putInt(4).putInt(0).array()));
        PixelDataset colour = (PixelDataset) IdxFile.dataset(x, y);
        assertArrayEquals(new int[] {3, 2, 2}, colour.featureShape());
        assertEquals(5, colour.numClasses(), "classes 0 .. the largest label");
        byte[] chw = new byte[12];
        colour.readPixels(1, chw, 0);
        assertArrayEquals(new byte[] {12, 15, 18, 21, 13, 16, 19, 22, 14, 17, 20, 23}, chw);
        ByteBuffer floats = ByteBuffer.allocate(4 * 6);
        for (int i = 0; i < 6; i++) {
            floats.putFloat(i * 0.5f - 1);
        }
        Path fx = Files.write(dir.resolve("fx"), idx(0x0D, new int[] {2, 3}, floats.array()));
        Dataset d = IdxFile.dataset(fx, y);
        assertArrayEquals(new int[] {3}, d.featureShape());
        float[] row = new float[3];
        d.readFeatures(1, row, 0);
        assertArrayEquals(new float[] {0.5f, 1, 1.5f}, row);
        Path doubles = Files.write(
                dir.resolve("d"),
                idx(0x0E, new int[] {1}, ByteBuffer.allocate(8).putDouble(0.1).array()));
        assertEquals(0.1f, IdxFile.read(doubles).floatValue(0));
    }

    @Test
    void aHeaderWhoseSizesDisagreeWithTheFileIsRefused() throws IOException {
        Path shortFile = Files.write(dir.resolve("short"), idx(0x08, new int[] {10, 28, 28}, new byte[7000]));
        DatasetFormatException cut = assertThrows(DatasetFormatException.class, () -> IdxFile.read(shortFile));
        assertEquals(
                shortFile + " at byte 7016: truncated: the header's sizes [10, 28, 28] of ubyte call for 7840 "
                        + "bytes of data, the file has 7000",
                cut.getMessage());
        Path longFile = Files.write(dir.resolve("long"), idx(0x08, new int[] {2, 2}, new byte[7]));
        DatasetFormatException extra = assertThrows(DatasetFormatException.class, () -> IdxFile.read(longFile));
        assertEquals(
                longFile + " at byte 16: 3 bytes after the 4 bytes of data the header's sizes [2, 2] call for",
                extra.getMessage());
        Path gzCut = Files.write(dir.resolve("cut.gz"), TestData.gzip(idx(0x0D, new int[] {3}, new byte[8])));
        assertTrue(assertThrows(DatasetFormatException.class, () -> IdxFile.read(gzCut))
                .getMessage()
                .contains("call for 12 bytes of data, the file has 8"));
        Path huge = Files.write(dir.resolve("huge"), idx(0x0E, new int[] {60000, 60000}, new byte[0]));
        assertTrue(assertThrows(DatasetFormatException.class, () -> IdxFile.read(huge))
                .getMessage()
                .contains("claim more than"));
    }

    @Test
    void wrongMagicTypesAndLabelsAreRefusedByName() throws IOException {
        Path text = Files.writeString(dir.resolve("text"), "hello, world");
        assertEquals(
                text + " at byte 0: not an IDX file: it starts with 68 65, not 00 00",
                assertThrows(DatasetFormatException.class, () -> IdxFile.read(text))
                        .getMessage());
        Path type = Files.write(dir.resolve("type"), idx(0x0A, new int[] {1}, new byte[1]));
        assertTrue(assertThrows(DatasetFormatException.class, () -> IdxFile.read(type))
                .getMessage()
                .contains("at byte 2: unknown IDX type 0x0a"));
        Path[] files = mnist(4, false);
        Path fewer = Files.write(dir.resolve("fewer"), idx(0x08, new int[] {3}, new byte[3]));
        assertEquals(
                fewer + ": 3 labels for the 4 examples of " + files[0],
                assertThrows(DatasetFormatException.class, () -> IdxFile.dataset(files[0], fewer))
                        .getMessage());
        Path negative = Files.write(dir.resolve("neg"), idx(0x09, new int[] {4}, new byte[] {0, 1, -1, 2}));
        assertEquals(
                negative + " at byte 10: label 2 is -1, expected 0..16777216",
                assertThrows(DatasetFormatException.class, () -> IdxFile.dataset(files[0], negative))
                        .getMessage());
        Path floatLabels = Files.write(dir.resolve("fl"), idx(0x0D, new int[] {4}, new byte[16]));
        assertTrue(assertThrows(DatasetFormatException.class, () -> IdxFile.dataset(files[0], floatLabels))
                .getMessage()
                .contains("labels must be integers of one dimension, the file holds float of [4]"));
        assertThrows(NoSuchFileException.class, () -> IdxFile.read(dir.resolve("absent")));
    }
}
