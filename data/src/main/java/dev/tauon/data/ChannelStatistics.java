package dev.tauon.data;

import java.util.Arrays;

/**
 * Per-channel mean, population standard deviation, minimum and maximum of a dataset's features,
 * in one pass; a channel is the first dimension of the features. Pixel bytes are counted in a
 * histogram per channel, which makes the sums exact.
 */
final class ChannelStatistics {
    private final double[] mean;
    private final double[] std;
    private final double[] min;
    private final double[] max;

    private ChannelStatistics(double[] mean, double[] std, double[] min, double[] max) {
        this.mean = mean;
        this.std = std;
        this.min = min;
        this.max = max;
    }

    static ChannelStatistics ofPixels(PixelDataset data) {
        int[] shape = data.featureShape();
        int channels = shape[0];
        int plane = data.featureSize() / channels;
        long[][] histogram = new long[channels][256];
        byte[] pixels = new byte[data.featureSize()];
        for (int i = 0; i < data.size(); i++) {
            data.readPixels(i, pixels, 0);
            for (int c = 0, s = 0; c < channels; c++) {
                long[] h = histogram[c];
                for (int end = s + plane; s < end; s++) {
                    h[pixels[s] & 0xFF]++;
                }
            }
        }
        double n = (double) data.size() * plane;
        double[] mean = new double[channels];
        double[] std = new double[channels];
        double[] min = new double[channels];
        double[] max = new double[channels];
        for (int c = 0; c < channels; c++) {
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
            mean[c] = m;
            std[c] = Math.sqrt(sq / n);
            int lo = 0;
            while (histogram[c][lo] == 0) {
                lo++;
            }
            int hi = 255;
            while (histogram[c][hi] == 0) {
                hi--;
            }
            min[c] = lo / 255f;
            max[c] = hi / 255f;
        }
        return new ChannelStatistics(mean, std, min, max);
    }

    static ChannelStatistics of(Dataset data) {
        int[] shape = data.featureShape();
        int size = data.featureSize();
        int channels = shape.length == 0 ? 1 : shape[0];
        int plane = size / channels;
        float[] features = new float[size];
        // Sums of deviations from the first example's values keep the variance free of cancellation.
        double[] shift = new double[channels];
        double[] sum = new double[channels];
        double[] sq = new double[channels];
        double[] min = new double[channels];
        double[] max = new double[channels];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < data.size(); i++) {
            data.readFeatures(i, features, 0);
            for (int c = 0; c < channels; c++) {
                if (i == 0) {
                    shift[c] = features[c * plane];
                }
                for (int k = c * plane, end = k + plane; k < end; k++) {
                    float x = features[k];
                    if (!Float.isFinite(x)) {
                        throw new IllegalArgumentException("normalization: example " + i + " of " + data + " has "
                                + "feature " + x + " at position " + k + "; features must be finite");
                    }
                    double d = x - shift[c];
                    sum[c] += d;
                    sq[c] += d * d;
                    min[c] = Math.min(min[c], x);
                    max[c] = Math.max(max[c], x);
                }
            }
        }
        double n = (double) data.size() * plane;
        double[] mean = new double[channels];
        double[] std = new double[channels];
        for (int c = 0; c < channels; c++) {
            double m = sum[c] / n;
            mean[c] = shift[c] + m;
            std[c] = Math.sqrt(Math.max(0, sq[c] / n - m * m));
        }
        return new ChannelStatistics(mean, std, min, max);
    }

    /** Mean and deviation; a constant channel gets deviation 1, which leaves it merely centred. */
    Normalization standardization() {
        float[] m = new float[mean.length];
        float[] s = new float[mean.length];
        for (int c = 0; c < m.length; c++) {
            m[c] = (float) mean[c];
            s[c] = (float) std[c] > 0 ? (float) std[c] : 1f;
        }
        return Normalization.of(m, s);
    }

    /** Minimum as mean, range as deviation; a constant channel gets range 1. */
    Normalization minMax() {
        float[] m = new float[mean.length];
        float[] s = new float[mean.length];
        for (int c = 0; c < m.length; c++) {
            m[c] = (float) min[c];
            float range = (float) (max[c] - min[c]);
            s[c] = range > 0 ? range : 1f;
        }
        return Normalization.of(m, s);
    }
}
