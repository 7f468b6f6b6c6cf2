package dev.tauon.data.image;

import java.util.Objects;

/**
 * How images are decoded into a dataset's examples: every image becomes {@code channels x height x
 * width} bytes, resized if its size differs.
 *
 * @param height        rows of every example
 * @param width         columns of every example
 * @param color         grey (1 channel) or RGB (3)
 * @param interpolation how images of another size are resized
 * @param onBadFile     what happens to a file that cannot be decoded
 */
public record ImageOptions(int height, int width, ColorMode color, Interpolation interpolation, OnBadFile onBadFile) {
    /** The largest image decoded, in pixels: a bigger one is a bad file (a decompression bomb, or the wrong file). */
    public static final long MAX_PIXELS = 1L << 28;

    /** Checks the options: a positive target size of at most 2^26 pixels. */
    public ImageOptions {
        if (height <= 0 || width <= 0 || (long) height * width > 1 << 26) {
            throw new IllegalArgumentException(
                    "image options: the size must be positive and at most 2^26 pixels, got " + height + "x" + width);
        }
        Objects.requireNonNull(color, "color");
        Objects.requireNonNull(interpolation, "interpolation");
        Objects.requireNonNull(onBadFile, "onBadFile");
    }

    /** RGB images of {@code height x width}, resized bilinearly, a bad file fatal (Keras' defaults). */
    public static ImageOptions of(int height, int width) {
        return new ImageOptions(height, width, ColorMode.RGB, Interpolation.BILINEAR, OnBadFile.FAIL);
    }

    /** The same, decoded into {@code color}. */
    public ImageOptions withColor(ColorMode color) {
        return new ImageOptions(height, width, color, interpolation, onBadFile);
    }

    /** The same, resized by {@code interpolation}. */
    public ImageOptions withInterpolation(Interpolation interpolation) {
        return new ImageOptions(height, width, color, interpolation, onBadFile);
    }

    /** The same, doing {@code onBadFile} with a file that cannot be decoded. */
    public ImageOptions withOnBadFile(OnBadFile onBadFile) {
        return new ImageOptions(height, width, color, interpolation, onBadFile);
    }

    /** Bytes of one decoded example. */
    public int imageBytes() {
        return color.channels() * height * width;
    }
}
