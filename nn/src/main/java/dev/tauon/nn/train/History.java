package dev.tauon.nn.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** The {@link EpochResult} of every epoch of a {@code fit}, in order, like Keras' {@code History}. */
public final class History {
    /** The header of {@link #toCsv()}. */
    public static final String CSV_HEADER = "epoch,loss,accuracy,val_loss,val_accuracy,seconds,images_per_s";

    private final List<EpochResult> epochs = new ArrayList<>();

    /** Appends the result of the next epoch (the trainer calls this). */
    public void add(EpochResult r) {
        epochs.add(r);
    }

    /** Every epoch so far (unmodifiable copy). */
    public List<EpochResult> epochs() {
        return List.copyOf(epochs);
    }

    /** The number of epochs recorded. */
    public int size() {
        return epochs.size();
    }

    /** The last epoch; fails if there is none. */
    public EpochResult last() {
        if (epochs.isEmpty()) {
            throw new IllegalStateException("History: no epoch has finished");
        }
        return epochs.get(epochs.size() - 1);
    }

    /** The training loss of each epoch. */
    public double[] loss() {
        return column(EpochResult::loss);
    }

    /** The training accuracy of each epoch. */
    public double[] accuracy() {
        return column(EpochResult::accuracy);
    }

    /** The validation loss of each epoch (NaN without validation). */
    public double[] valLoss() {
        return column(EpochResult::valLoss);
    }

    /** The validation accuracy of each epoch (NaN without validation). */
    public double[] valAccuracy() {
        return column(EpochResult::valAccuracy);
    }

    /** The wall-clock seconds of each epoch. */
    public double[] seconds() {
        return column(EpochResult::seconds);
    }

    /** The training images per second of each epoch. */
    public double[] imagesPerSecond() {
        return column(EpochResult::imagesPerSecond);
    }

    private double[] column(ToDoubleFunction<EpochResult> f) {
        return epochs.stream().mapToDouble(f).toArray();
    }

    /** One line per epoch under {@link #CSV_HEADER}; numbers in full precision, so {@link #fromCsv} restores them exactly. */
    public String toCsv() {
        StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
        for (EpochResult r : epochs) {
            sb.append(String.format(
                    Locale.ROOT,
                    "%d,%s,%s,%s,%s,%s,%s\n",
                    r.epoch(),
                    r.loss(),
                    r.accuracy(),
                    r.valLoss(),
                    r.valAccuracy(),
                    r.seconds(),
                    r.imagesPerSecond()));
        }
        return sb.toString();
    }

    /** Parses the output of {@link #toCsv()}. */
    public static History fromCsv(String csv) {
        String[] lines = csv.split("\n");
        if (lines.length == 0 || !lines[0].equals(CSV_HEADER)) {
            throw new IllegalArgumentException("History: CSV must start with the header " + CSV_HEADER);
        }
        History h = new History();
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split(",");
            if (f.length != 7) {
                throw new IllegalArgumentException(
                        "History: CSV line " + (i + 1) + " has " + f.length + " fields, not 7: " + lines[i]);
            }
            h.add(new EpochResult(
                    Integer.parseInt(f[0]),
                    Double.parseDouble(f[1]),
                    Double.parseDouble(f[2]),
                    Double.parseDouble(f[3]),
                    Double.parseDouble(f[4]),
                    Double.parseDouble(f[5]),
                    Double.parseDouble(f[6])));
        }
        return h;
    }
}
