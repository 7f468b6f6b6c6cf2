package dev.tauon.data.image;

import dev.tauon.data.DatasetFormatException;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes image files with the JDK's ImageIO (PNG, JPEG, BMP, GIF; the first frame) into the
 * channel-major bytes of {@link ImageOptions}: grey images and 8-bit colour rasters are read
 * sample by sample (16-bit grey scaled to 8 bits), anything else through {@code getRGB} as sRGB;
 * then resized if the size differs, each resampled value rounded to the nearest byte. Holds no
 * state between calls, so threads may share one.
 */
public final class ImageDecoder {
    /** Deflate's largest compression ratio: at best a 258-byte match costs 2 bits (RFC 1951), 1032 bytes a byte. */
    private static final long MAX_DEFLATE_RATIO = 1032;

    private final ImageOptions options;

    /** A decoder into examples of {@code options}. */
    public ImageDecoder(ImageOptions options) {
        this.options = options;
    }

    /** How images are decoded. */
    public ImageOptions options() {
        return options;
    }

    /**
     * Decodes {@code file} into {@code dst[off .. off + options.imageBytes())}.
     *
     * @throws NoSuchFileException    if there is no such file
     * @throws DatasetFormatException naming the file: not an image ImageIO can read, damaged, or
     *                                larger than {@link ImageOptions#MAX_PIXELS} or than the whole heap decoded
     */
    public void decode(Path file, byte[] dst, int off) throws IOException {
        convert(read(file), dst, off);
    }

    /**
     * The first image in {@code file}, checked before it is decoded against {@link ImageOptions#MAX_PIXELS}
     * and against the heap: a raster larger than the whole heap ({@code -Xmx}) is refused from the header.
     */
    public static BufferedImage read(Path file) throws IOException {
        ImageReader reader = openReader(file);
        try {
            checkSize(reader, file);
            return reader.read(0);
        } catch (IOException | RuntimeException e) {
            throw e instanceof DatasetFormatException d ? d : damaged(file, e);
        } finally {
            close(reader);
        }
    }

    /**
     * Checks that {@code file} starts as an image ImageIO can read, of a size within
     * {@link ImageOptions#MAX_PIXELS}, reading only its header.
     */
    public static void checkHeader(Path file) throws IOException {
        ImageReader reader = openReader(file);
        try {
            checkSize(reader, file);
        } catch (IOException | RuntimeException e) {
            throw e instanceof DatasetFormatException d ? d : damaged(file, e);
        } finally {
            close(reader);
        }
    }

    private static ImageReader openReader(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no image file here");
        }
        ImageInputStream in = ImageIO.createImageInputStream(file.toFile());
        if (in == null) {
            throw new DatasetFormatException(file.toString(), -1, "cannot be opened as an image");
        }
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
            in.close();
            throw new DatasetFormatException(
                    file.toString(),
                    -1,
                    "not an image ImageIO can decode (PNG, JPEG, BMP or" + " GIF): its first bytes match none of them");
        }
        ImageReader reader = readers.next();
        reader.setInput(in, true, true);
        return reader;
    }

    private static void checkSize(ImageReader reader, Path file) throws IOException {
        long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
        if (pixels > ImageOptions.MAX_PIXELS || pixels <= 0) {
            throw new DatasetFormatException(
                    file.toString(),
                    -1,
                    "its header claims " + reader.getWidth(0) + "x" + reader.getHeight(0) + " pixels, more than the "
                            + ImageOptions.MAX_PIXELS + " decoded at most");
        }
        // ImageIO allocates the whole raster before it reads a byte of the pixels, so a 74-byte file
        // claiming 16384x16384 RGB would ask for 768 MB: beyond the heap that is an OutOfMemoryError
        // from a size field, not a decoding. (The raw type is unknown for some JPEGs: 4 bytes then.)
        ImageTypeSpecifier raw = reader.getRawImageType(0);
        long bytes = pixels * (raw == null ? 4 : (raw.getColorModel().getPixelSize() + 7) / 8);
        long heap = Runtime.getRuntime().maxMemory();
        if (bytes > heap) {
            throw new DatasetFormatException(
                    file.toString(),
                    -1,
                    "its header claims " + reader.getWidth(0) + "x"
                            + reader.getHeight(0) + " pixels, " + (bytes >> 20)
                            + " MB decoded, more than the whole heap ("
                            + (heap >> 20) + " MB, -Xmx)");
        }
        // Deflate packs at most 1032 bytes into one, so a PNG whose rows (a filter byte each) need more
        // than 1032 times its size is cut short; ImageIO would still walk every row of the raster,
        // for seconds on a 52-byte file claiming 67,108,867 x 2 pixels.
        if (raw != null && "png".equalsIgnoreCase(reader.getFormatName())) {
            long rowBytes = ((long) reader.getWidth(0) * raw.getColorModel().getPixelSize() + 7) / 8 + 1;
            long size = Files.size(file);
            if (rowBytes * reader.getHeight(0) > MAX_DEFLATE_RATIO * size) {
                throw new DatasetFormatException(
                        file.toString(),
                        -1,
                        "its header claims " + reader.getWidth(0) + "x"
                                + reader.getHeight(0) + " pixels, " + rowBytes * reader.getHeight(0)
                                + " bytes of image data,"
                                + " but the file has " + size + " bytes and deflate packs at most " + MAX_DEFLATE_RATIO
                                + " into one: it is cut short or damaged");
            }
        }
    }

    private static void close(ImageReader reader) throws IOException {
        Object input = reader.getInput();
        reader.dispose();
        if (input instanceof ImageInputStream in) {
            in.close();
        }
    }

    /**
     * The error for a file the decoder failed on; but ImageIO wraps what goes wrong inside it, an
     * {@link OutOfMemoryError} included, in an {@code IIOException}, and running out of memory is not
     * a damaged file (with {@link OnBadFile#SKIP} it would be skipped as one), so an {@link Error}
     * among the causes is thrown as it is.
     */
    private static DatasetFormatException damaged(Path file, Exception e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof Error error) {
                throw error;
            }
        }
        String what = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new DatasetFormatException(file.toString(), -1, "cannot be decoded (" + what + ")", e);
    }

    /** Converts a decoded image into {@code dst[off .. off + options.imageBytes())}. */
    public void convert(BufferedImage image, byte[] dst, int off) {
        int h = image.getHeight();
        int w = image.getWidth();
        int channels = options.color().channels();
        if (h == options.height() && w == options.width()) {
            extract(image, dst, off, channels);
            return;
        }
        byte[] planes = new byte[channels * h * w];
        extract(image, planes, 0, channels);
        float[] in = new float[planes.length];
        for (int i = 0; i < in.length; i++) {
            in[i] = planes[i] & 0xFF;
        }
        float[] out = new float[options.imageBytes()];
        Resampling.resize(in, h, w, out, options.height(), options.width(), channels, options.interpolation());
        for (int i = 0; i < out.length; i++) {
            dst[off + i] = (byte) Math.min(255, Math.max(0, Math.round(out[i])));
        }
    }

    /** The image's pixels as {@code channels} planes of bytes at its own size. */
    private static void extract(BufferedImage image, byte[] dst, int off, int channels) {
        int h = image.getHeight();
        int w = image.getWidth();
        int plane = h * w;
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        boolean indexed = cm instanceof IndexColorModel;
        int[] bits = raster.getSampleModel().getSampleSize();
        int[] row = new int[w];
        if (!indexed && cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
            // Samples as stored: getRGB would pass them through a linear-to-sRGB conversion.
            int max = (1 << bits[0]) - 1;
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    byte v = (byte) (max == 255 ? row[x] : (row[x] * 255 + max / 2) / max);
                    for (int c = 0; c < channels; c++) {
                        dst[off + c * plane + y * w + x] = v;
                    }
                }
            }
            return;
        }
        boolean eightBitRgb = !indexed
                && cm.getColorSpace().isCS_sRGB()
                && raster.getNumBands() >= 3
                && bits[0] == 8
                && bits[1] == 8
                && bits[2] == 8;
        int[] g = new int[w];
        int[] b = new int[w];
        for (int y = 0; y < h; y++) {
            if (eightBitRgb) {
                raster.getSamples(0, y, w, 1, 0, row);
                raster.getSamples(0, y, w, 1, 1, g);
                raster.getSamples(0, y, w, 1, 2, b);
            } else {
                image.getRGB(0, y, w, 1, row, 0, w);
                for (int x = 0; x < w; x++) {
                    int argb = row[x];
                    g[x] = (argb >> 8) & 0xFF;
                    b[x] = argb & 0xFF;
                    row[x] = (argb >> 16) & 0xFF;
                }
            }
            int at = off + y * w;
            for (int x = 0; x < w; x++) {
                if (channels == 3) {
                    dst[at + x] = (byte) row[x];
                    dst[at + plane + x] = (byte) g[x];
                    dst[at + 2 * plane + x] = (byte) b[x];
                } else {
                    dst[at + x] = (byte) ((19595 * row[x] + 38470 * g[x] + 7471 * b[x] + 0x8000) >> 16);
                }
            }
        }
    }
}
