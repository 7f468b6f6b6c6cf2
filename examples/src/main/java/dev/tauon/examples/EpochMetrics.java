package dev.tauon.examples;

/** One line of history.csv. Validation figures are NaN when the run had no validation set. */
public record EpochMetrics(int epoch, double loss, double accuracy, double valLoss, double valAccuracy,
                           double seconds, double imagesPerSecond) {

    public static final String CSV_HEADER = "epoch,loss,accuracy,val_loss,val_accuracy,seconds,images_per_s";

    public String toCsv() {
        return epoch + "," + loss + "," + accuracy + "," + valLoss + "," + valAccuracy + "," + seconds + ","
                + imagesPerSecond;
    }
}
