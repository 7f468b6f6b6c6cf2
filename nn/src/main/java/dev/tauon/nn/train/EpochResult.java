package dev.tauon.nn.train;

/**
 * What one epoch of {@code fit} measured. Losses and accuracies are means over the examples of the
 * epoch (each batch weighted by its size); validation values are NaN without a validation source.
 *
 * @param epoch            the epoch number, from 1
 * @param loss             mean training loss
 * @param accuracy         training accuracy (see {@link Accuracy}), NaN when undefined for the output
 * @param valLoss          mean validation loss, or NaN
 * @param valAccuracy      validation accuracy, or NaN
 * @param seconds          wall time of the epoch, validation included
 * @param imagesPerSecond  training examples per second of the training phase (validation excluded)
 */
public record EpochResult(
        int epoch,
        double loss,
        double accuracy,
        double valLoss,
        double valAccuracy,
        double seconds,
        double imagesPerSecond) {}
