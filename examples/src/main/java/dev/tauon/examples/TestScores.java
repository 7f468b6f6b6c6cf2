package dev.tauon.examples;

import dev.tauon.core.Batch;
import dev.tauon.core.NoGrad;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.losses.Loss;
import dev.tauon.nn.train.Accuracy;
import dev.tauon.nn.train.TestTimeAugmentation;
import java.util.function.UnaryOperator;

/**
 * The test loss, and the accuracy of each image's own logits (the reported accuracy, unless test
 * views are averaged). Filled in one pass over the test set by {@link #evaluate}.
 */
record TestScores(double loss, double singleViewAccuracy) {

    /**
     * One pass over the test set: fills {@code confusion} (which also gives the accuracy) and
     * returns the mean cross-entropy. With {@code views}, each image's logits are the mean over its
     * views, and its own logits (the first view, computed once) are scored too, so a run shows what
     * the views add.
     */
    static TestScores evaluate(
            Sequential model,
            Loss loss,
            Iterable<Batch> batches,
            TestTimeAugmentation views,
            ConfusionMatrix confusion) {
        double lossSum = 0;
        long examples = 0;
        long singleViewCorrect = 0;
        // The reference network ends in a softmax and has separate logits; airbench's outputs logits.
        UnaryOperator<Tensor> logitsOf = model.endsInSoftmax() ? model::forwardLogits : model::forward;
        model.eval();
        try (NoGrad scope = NoGrad.enter()) {
            for (Batch b : batches) {
                Tensor own = logitsOf.apply(b.inputs());
                Tensor logits = views == null ? own : views.logits(logitsOf, b.inputs(), own);
                lossSum += (double) loss.compute(logits, b).item() * b.size();
                examples += b.size();
                singleViewCorrect += Accuracy.correct(own, b);
                int classes = logits.dim(1);
                for (int i = 0; i < b.size(); i++) {
                    confusion.add(b.labels()[i], Accuracy.argmax(logits.data(), i * classes, classes));
                }
            }
        } finally {
            model.train();
        }
        return new TestScores(lossSum / examples, (double) singleViewCorrect / examples);
    }
}
