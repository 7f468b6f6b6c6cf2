package dev.tauon.nn.train;

import dev.tauon.core.Batch;

/** Running sums over an epoch or an evaluation, batches weighted by their size. */
final class RunningTotals {
    double lossSum;
    long examples;
    long correct;
    boolean accuracyDefined = true;

    void add(Batch b, double batchLoss, int batchCorrect) {
        lossSum += batchLoss * b.size();
        examples += b.size();
        if (batchCorrect < 0) {
            accuracyDefined = false;
        } else {
            correct += batchCorrect;
        }
    }

    double meanLoss() {
        return examples == 0 ? Double.NaN : lossSum / examples;
    }

    double accuracy() {
        return examples == 0 || !accuracyDefined ? Double.NaN : (double) correct / examples;
    }
}
