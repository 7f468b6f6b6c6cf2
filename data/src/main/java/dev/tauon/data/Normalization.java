package dev.tauon.data;

import dev.tauon.data.io.JsonFields;
import java.util.Arrays;

/**
 * How features are normalised per channel: {@code (x - mean[c]) / std[c]}, computed in float
 * exactly as written, or left as they are ({@link #none()}). A channel is the first dimension of
 * an example's features: an image's colour channel ({@code [channels, height, width]}), a table's
 * column ({@code [columns]}). Pixel bytes are features {@code v / 255f}, so a byte becomes
 * {@code (v / 255f - mean[c]) / std[c]}.
 *
 * <p>Fit it on the training part only ({@link #compute} for the mean and standard deviation,
 * {@link #minMax} for min-max scaling, which is the same transform with the minimum as mean and
 * the range as deviation) and use it for validation, test and prediction too.
 */
public final class Normalization {
    private static final Normalization NONE = new Normalization(null, null);

    private final float[] mean;
    private final float[] std;

    private Normalization(float[] mean, float[] std) {
        this.mean = mean;
        this.std = std;
    }

    /** Pixels scaled to [0, 1], nothing more. */
    public static Normalization none() {
        return NONE;
    }

    /** Per-channel mean and standard deviation, on the [0, 1] scale. */
    public static Normalization of(float[] mean, float[] std) {
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("normalization: need one mean and one std per channel, got "
                    + mean.length + " means and " + std.length + " stds");
        }
        for (int c = 0; c < std.length; c++) {
            if (!(std[c] > 0) || !Float.isFinite(std[c]) || !Float.isFinite(mean[c])) {
                throw new IllegalArgumentException("normalization: channel " + c + " has mean " + mean[c] + " and std "
                        + std[c] + "; std must be positive and both finite");
            }
        }
        return new Normalization(mean.clone(), std.clone());
    }

    /**
     * The per-channel mean and (population) standard deviation of {@code data}'s features (for pixel
     * datasets on the [0, 1] scale). Compute it on the training examples only, and use it for
     * validation and test too. A constant channel gets deviation 1, so it is only centred.
     *
     * @throws IllegalArgumentException if {@code data} is empty
     */
    public static Normalization compute(Dataset data) {
        if (data.size() == 0) {
            throw new IllegalArgumentException("normalization: cannot compute mean/std of an empty dataset");
        }
        return data instanceof PixelDataset pixels
                ? ChannelStatistics.ofPixels(pixels).standardization()
                : ChannelStatistics.of(data).standardization();
    }

    /**
     * Min-max scaling fitted on {@code data}: per channel {@code (x - min) / (max - min)}, which maps
     * the training features into [0, 1] (a constant channel is only shifted to 0).
     *
     * @throws IllegalArgumentException if {@code data} is empty
     */
    public static Normalization minMax(Dataset data) {
        if (data.size() == 0) {
            throw new IllegalArgumentException("normalization: cannot compute the range of an empty dataset");
        }
        return data instanceof PixelDataset pixels
                ? ChannelStatistics.ofPixels(pixels).minMax()
                : ChannelStatistics.of(data).minMax();
    }

    /** Whether this normalisation changes nothing (no statistics). */
    public boolean isNone() {
        return mean == null;
    }

    /** Per-channel means (empty for {@link #none()}). */
    public float[] mean() {
        return mean == null ? new float[0] : mean.clone();
    }

    /** Per-channel standard deviations (empty for {@link #none()}). */
    public float[] std() {
        return std == null ? new float[0] : std.clone();
    }

    /** The float a byte value {@code v} of channel {@code c} becomes: {@code normalize(c, v / 255f)}. */
    public float apply(int c, int v) {
        return normalize(c, v / 255f);
    }

    /** The float a feature {@code x} of channel {@code c} becomes: {@code (x - mean[c]) / std[c]}, or {@code x}. */
    public float normalize(int c, float x) {
        return mean == null ? x : (x - mean[c]) / std[c];
    }

    /** Checks that this normalisation has {@code channels} channels (any number for {@link #none()}). */
    void checkChannels(int channels, String what) {
        if (mean != null && mean.length != channels) {
            throw new IllegalArgumentException(
                    "normalization: has " + mean.length + " channels, " + what + " " + channels);
        }
    }

    /** For each channel, the float each of the 256 byte values becomes. */
    float[][] lookupTables(int channels) {
        checkChannels(channels, "the images have");
        float[][] tables = new float[channels][256];
        for (int c = 0; c < channels; c++) {
            for (int v = 0; v < 256; v++) {
                tables[c][v] = apply(c, v);
            }
        }
        return tables;
    }

    /**
     * As a JSON object, {@code {"mean":[...],"std":[...]}} (both empty for {@link #none()}), each
     * float written so that it reads back as the same float.
     */
    public String toJson() {
        return "{\"mean\":" + floats(mean()) + ",\"std\":" + floats(std()) + "}";
    }

    /**
     * The normalisation {@link #toJson} wrote.
     *
     * @throws DatasetFormatException naming the file and the key if a field is missing or wrong
     */
    public static Normalization fromJson(JsonFields json) throws DatasetFormatException {
        float[] m = json.floats("mean");
        float[] s = json.floats("std");
        if (m.length == 0 && s.length == 0) {
            return NONE;
        }
        try {
            return of(m, s);
        } catch (IllegalArgumentException e) {
            throw new DatasetFormatException(json.source(), -1, e.getMessage());
        }
    }

    private static String floats(float[] values) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            sb.append(i == 0 ? "" : ",").append(values[i]);
        }
        return sb.append(']').toString();
    }

    @Override
    public String toString() {
        return isNone()
                ? "Normalization[none]"
                : "Normalization[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
