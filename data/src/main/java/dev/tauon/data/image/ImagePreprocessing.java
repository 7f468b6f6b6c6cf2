package dev.tauon.data.image;

import dev.tauon.core.io.Excerpt;
import dev.tauon.core.io.JsonStrings;
import dev.tauon.data.DatasetFormatException;
import dev.tauon.data.Normalization;
import dev.tauon.data.io.JsonFields;
import dev.tauon.data.io.JsonFile;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What an image model needs besides its weights to predict: how files are decoded (size, colour,
 * interpolation), the class names in label order, and the per-channel normalisation fitted on the
 * training images. Saved as a small JSON file next to the model ({@link #save}), read back with
 * {@link #load}; {@link #features} turns an image file into the model's input exactly as training
 * did.
 *
 * @param options       how images are decoded
 * @param classNames    the class of each label, in label order
 * @param normalization per-channel normalisation of the {@code byte / 255f} pixels
 */
public record ImagePreprocessing(ImageOptions options, List<String> classNames, Normalization normalization) {
    /** The {@code "format"} of the saved file. */
    public static final String FORMAT = "tauon-image-preprocessing";
    /** The version written. */
    public static final int VERSION = 1;

    /** Checks and copies the settings: a normalisation has one statistic per image channel. */
    public ImagePreprocessing {
        Objects.requireNonNull(options, "options");
        classNames = List.copyOf(classNames);
        Objects.requireNonNull(normalization, "normalization");
        if (!normalization.isNone()
                && normalization.mean().length != options.color().channels()) {
            throw new IllegalArgumentException(
                    "image preprocessing: the normalisation has " + normalization.mean().length
                            + " channels, the images " + options.color().channels());
        }
    }

    /** The model's input for the image in {@code file}: {@code [channels * height * width]}, CHW. */
    public float[] features(Path file) throws IOException {
        return features(ImageDecoder.read(file));
    }

    /** The model's input for a decoded image. */
    public float[] features(BufferedImage image) {
        byte[] pixels = new byte[options.imageBytes()];
        new ImageDecoder(options).convert(image, pixels, 0);
        float[] out = new float[pixels.length];
        int plane = options.height() * options.width();
        for (int i = 0; i < out.length; i++) {
            out[i] = normalization.apply(i / plane, pixels[i] & 0xFF);
        }
        return out;
    }

    /** Writes everything to {@code file} as JSON, through a temporary file. */
    public void save(Path file) throws IOException {
        StringBuilder names = new StringBuilder("[");
        for (int i = 0; i < classNames.size(); i++) {
            names.append(i == 0 ? "" : ",").append(JsonStrings.quote(classNames.get(i)));
        }
        names.append(']');
        JsonFile.write(
                file,
                FORMAT,
                VERSION,
                "\"height\":" + options.height() + ",\"width\":" + options.width()
                        + ",\"color\":" + JsonStrings.quote(lower(options.color())) + ",\"interpolation\":"
                        + JsonStrings.quote(lower(options.interpolation())) + ",\"classes\":" + names
                        + ",\"normalization\":" + normalization.toJson());
    }

    /**
     * Reads what {@link #save} wrote.
     *
     * @throws DatasetFormatException naming the file and the field, if it is not such a file or is damaged
     */
    public static ImagePreprocessing load(Path file) throws IOException {
        JsonFields json = JsonFile.read(file, FORMAT, VERSION);
        int height = json.integer("height", 1, 1 << 13);
        int width = json.integer("width", 1, 1 << 13);
        ColorMode color = named(ColorMode.class, json.string("color"), file, "color");
        Interpolation interpolation = named(Interpolation.class, json.string("interpolation"), file, "interpolation");
        try {
            return new ImagePreprocessing(
                    new ImageOptions(height, width, color, interpolation, OnBadFile.FAIL),
                    json.strings("classes"),
                    Normalization.fromJson(json.object("normalization")));
        } catch (IllegalArgumentException e) {
            throw new DatasetFormatException(file.toString(), -1, e.getMessage());
        }
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static <E extends Enum<E>> E named(Class<E> type, String value, Path file, String key)
            throws DatasetFormatException {
        for (E e : type.getEnumConstants()) {
            if (lower(e).equals(value)) {
                return e;
            }
        }
        throw new DatasetFormatException(
                file.toString(),
                -1,
                key + " is " + Excerpt.of(value) + "; expected one of "
                        + Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT));
    }
}
