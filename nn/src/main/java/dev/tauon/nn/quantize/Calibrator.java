package dev.tauon.nn.quantize;

import java.util.Locale;

/**
 * How the range of a layer's input is chosen from calibration data: the scale is
 * {@code range / 127} and values beyond the range are clamped. {@link #minMax()} takes the largest
 * magnitude seen, so nothing is clamped but one outlier can waste most of the 255 levels;
 * {@link #percentile(double)} takes the magnitude below which that share of the values lie
 * (from a histogram of 2,048 bins up to the largest), clamping the rare outliers.
 */
public final class Calibrator {
    /** Histogram bins between 0 and the largest magnitude, for {@link #percentile}. */
    static final int BINS = 2048;

    private final double percent;

    private Calibrator(double percent) {
        this.percent = percent;
    }

    /** The largest magnitude seen. */
    public static Calibrator minMax() {
        return new Calibrator(100);
    }

    /**
     * The magnitude below which {@code percent} percent of the values lie, for example 99.99.
     *
     * @throws IllegalArgumentException unless 0 &lt; percent &lt;= 100
     */
    public static Calibrator percentile(double percent) {
        if (!(percent > 0 && percent <= 100)) {
            throw new IllegalArgumentException("Calibrator.percentile: percent must be in (0, 100], was " + percent);
        }
        return new Calibrator(percent);
    }

    /** Whether the range needs a histogram, that is a second pass over the calibration data. */
    boolean needsHistogram() {
        return percent < 100;
    }

    /** The range from the largest magnitude and, for a percentile, the histogram of magnitudes. */
    float range(float maxAbs, long[] histogram) {
        if (!needsHistogram() || maxAbs == 0) {
            return maxAbs;
        }
        long total = 0;
        for (long c : histogram) {
            total += c;
        }
        double wanted = total * percent / 100;
        long seen = 0;
        for (int bin = 0; bin < histogram.length; bin++) {
            seen += histogram[bin];
            if (seen >= wanted) {
                return maxAbs * (bin + 1) / histogram.length;
            }
        }
        return maxAbs;
    }

    /** {@code "min/max"} or {@code "percentile 99.99"}: recorded in the saved file. */
    @Override
    public String toString() {
        return needsHistogram() ? String.format(Locale.ROOT, "percentile %s", percent) : "min/max";
    }
}
