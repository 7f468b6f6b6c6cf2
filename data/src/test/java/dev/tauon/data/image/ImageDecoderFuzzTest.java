package dev.tauon.data.image;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tauon.data.FuzzedFile;
import java.awt.image.BufferedImage;
import java.io.IOException;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of {@link ImageDecoder#read} (PNG, JPEG, BMP, GIF through ImageIO) under
 * the contract of {@link FuzzedFile}: an image that decodes has a size within
 * {@link ImageOptions#MAX_PIXELS}, and whatever ImageIO throws inside reaches the caller as the
 * library's exception.
 */
class ImageDecoderFuzzTest {
    @FuzzTest(maxDuration = "30m")
    @Timeout(10)
    void read(byte[] bytes) throws IOException {
        FuzzedFile.check(bytes, "input.img", file -> {
            BufferedImage image = ImageDecoder.read(file);
            long pixels = (long) image.getWidth() * image.getHeight();
            assertTrue(pixels > 0 && pixels <= ImageOptions.MAX_PIXELS, pixels + " pixels");
        });
    }
}
