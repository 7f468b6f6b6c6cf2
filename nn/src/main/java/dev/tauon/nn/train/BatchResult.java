package dev.tauon.nn.train;

/**
 * What a listener hears after each training batch.
 *
 * @param epoch          the epoch, from 1
 * @param epochs         the last epoch of this fit
 * @param batch          the batch within the epoch, from 1
 * @param totalBatches   batches this epoch will have, or -1 when the source does not say
 * @param loss           this batch's mean loss
 * @param meanLoss       mean loss over the epoch so far
 * @param meanAccuracy   accuracy over the epoch so far, NaN when undefined
 * @param examples       training examples seen in the epoch so far
 * @param seconds        seconds since the epoch started
 */
public record BatchResult(
        int epoch,
        int epochs,
        int batch,
        int totalBatches,
        double loss,
        double meanLoss,
        double meanAccuracy,
        long examples,
        double seconds) {}
