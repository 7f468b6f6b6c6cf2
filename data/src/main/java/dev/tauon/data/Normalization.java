package dev.tauon.data;

import java.util.Arrays;

/**
 * How raw pixel bytes become floats: {@code v / 255f}, then optionally per channel
 * {@code (v / 255f - mean[c]) / std[c]}, computed in float exactly as written.
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
                throw new IllegalArgumentException("normalization: channel " + c + " has mean " + mean[c]
                        + " and std " + std[c] + "; std must be positive and both finite");
            }
        }
        return new Normalization(mean.clone(), std.clone());
    }

    /**
     * The per-channel mean and (population) standard deviation of {@code records} on the [0, 1]
     * scale. Compute it on the training records only, and use it for validation and test too.
     */
    public static Normalization compute(RecordSet records) {
        RecordFormat f = records.format();
        if (records.size() == 0) {
            throw new IllegalArgumentException("normalization: cannot compute mean/std of an empty record set");
        }
        // A histogram per channel makes the sums exact and the pass a simple count.
        long[][] histogram = new long[f.channels()][256];
        int plane = f.planeSize();
        for (int i = 0; i < records.size(); i++) {
            int g = records.global(i);
            int b = records.blockOf(g);
            byte[] block = records.block(b);
            int s = records.offsetIn(b, g) + 1;
            for (int c = 0; c < f.channels(); c++) {
                long[] h = histogram[c];
                for (int end = s + plane; s < end; s++) {
                    h[block[s] & 0xFF]++;
                }
            }
        }
        float[] mean = new float[f.channels()];
        float[] std = new float[f.channels()];
        double n = (double) records.size() * plane;
        for (int c = 0; c < f.channels(); c++) {
            double sum = 0;
            for (int v = 0; v < 256; v++) {
                sum += histogram[c][v] * (v / 255.0);
            }
            double m = sum / n;
            double sq = 0;
            for (int v = 0; v < 256; v++) {
                double d = v / 255.0 - m;
                sq += histogram[c][v] * d * d;
            }
            mean[c] = (float) m;
            // A constant channel would divide by zero; 1 leaves it merely centred.
            double s = Math.sqrt(sq / n);
            std[c] = s > 0 ? (float) s : 1f;
        }
        return of(mean, std);
    }

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

    /** The float a byte value {@code v} of channel {@code c} becomes. */
    public float apply(int c, int v) {
        float x = v / 255f;
        return mean == null ? x : (x - mean[c]) / std[c];
    }

    /** For each channel, the float each of the 256 byte values becomes. */
    float[][] lookupTables(int channels) {
        if (mean != null && mean.length != channels) {
            throw new IllegalArgumentException("normalization: has " + mean.length + " channels, the images have "
                    + channels);
        }
        float[][] tables = new float[channels][256];
        for (int c = 0; c < channels; c++) {
            for (int v = 0; v < 256; v++) {
                tables[c][v] = apply(c, v);
            }
        }
        return tables;
    }

    @Override
    public String toString() {
        return isNone() ? "Normalization[none]"
                : "Normalization[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
