package dev.tauon.data.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Image files written by the tests with ImageIO. */
final class TestImages {
    private TestImages() {}

    /** The RGB value image {@code id} has at (y, x): distinct per position and image. */
    static int rgb(int id, int y, int x) {
        int r = (id * 40 + y * 7) & 0xFF;
        int g = (x * 11 + 3) & 0xFF;
        int b = (id * 13 + x * y) & 0xFF;
        return r << 16 | g << 8 | b;
    }

    static BufferedImage rgbImage(int id, int h, int w) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rgb(id, y, x));
            }
        }
        return img;
    }

    static Path write(BufferedImage img, Path file, String format) throws IOException {
        Files.createDirectories(file.getParent());
        if (!ImageIO.write(img, format, file.toFile())) {
            throw new IOException("no ImageIO writer for " + format);
        }
        return file;
    }

    /** Writes image {@code id} ({@code h x w}, RGB) as a PNG at {@code file}. */
    static Path png(Path file, int id, int h, int w) throws IOException {
        return write(rgbImage(id, h, w), file, "png");
    }
}
