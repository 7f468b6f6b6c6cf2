package dev.tauon.examples;

import dev.tauon.data.Augmentation;
import dev.tauon.data.BatchLoader;
import dev.tauon.data.Dataset;
import dev.tauon.data.Normalization;
import dev.tauon.nn.Module;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.io.Weights;
import dev.tauon.nn.losses.Loss;
import dev.tauon.nn.optim.Adam;
import dev.tauon.nn.train.FitOptions;
import dev.tauon.nn.train.Trainer;
import dev.tauon.nn.train.TrainingListener;
import java.io.IOException;
import java.util.List;

/**
 * The CIFAR-10 subset of the short studies: the first images of the training and test sets,
 * pixels / 255 as the reference recipe, and the small CNN trained on them by the reference recipe.
 *
 * @param train      the training images
 * @param test       the test images
 * @param classNames the class of each label
 */
record SmallCifar(Dataset train, Dataset test, List<String> classNames) {
    static final int BATCH = 64;

    static SmallCifar load(SmallRunOptions o) throws IOException {
        Cifar10Data all = Cifar10Data.load(o.data, 0, 0.2, o.seed);
        return new SmallCifar(first(all.train(), o.trainImages), first(all.test(), o.testImages), all.classNames());
    }

    private static Dataset first(Dataset d, int n) {
        int[] idx = new int[Math.min(n, d.size())];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        return d.select(idx);
    }

    BatchLoader trainBatches(long seed, Augmentation augmentation) {
        return BatchLoader.builder(train)
                .batchSize(BATCH)
                .shuffle(true)
                .seed(seed)
                .normalization(Normalization.none())
                .augmentation(augmentation)
                .build();
    }

    /** Batches of one epoch. */
    long batchesPerEpoch() {
        return (train.size() + BATCH - 1) / BATCH;
    }

    BatchLoader testBatches() {
        return BatchLoader.builder(test)
                .batchSize(256)
                .shuffle(false)
                .normalization(Normalization.none())
                .build();
    }

    /** Trains {@code model} with Adam at {@code lr} on the training images; returns the test accuracy. */
    double fit(Module model, Loss loss, float lr, int epochs, long seed, TrainingListener... listeners) {
        FitOptions options = new FitOptions().progress(false);
        for (TrainingListener l : listeners) {
            options.listener(l);
        }
        return fit(new Trainer(model, loss, new Adam(model, lr)), options, Augmentation.NONE, epochs, seed);
    }

    /** Runs {@code trainer} over the training images; returns the test accuracy. */
    double fit(Trainer trainer, FitOptions options, Augmentation augmentation, int epochs, long seed) {
        Module model = trainer.model();
        try (BatchLoader batches = trainBatches(seed, augmentation)) {
            trainer.fit(batches, epochs, options);
        }
        return accuracy(model);
    }

    /** The test accuracy of {@code model}. */
    double accuracy(Module model) {
        Trainer t = new Trainer(model, Loss.crossEntropy(), new Adam(model, 0f));
        try (BatchLoader test = testBatches()) {
            return t.evaluate(test).accuracy();
        }
    }

    /** The small CNN with the weights of {@code o.weights}, or else trained by the reference recipe for {@code o.epochs}. */
    Sequential cnn(SmallRunOptions o) throws IOException {
        Sequential model = Cifar10Model.create(o.seed, classNames.size());
        if (o.weights != null) {
            Weights.load(model, o.weights);
        } else {
            fit(model, Loss.crossEntropy(), 1e-3f, o.epochs, o.seed);
        }
        return model;
    }
}
