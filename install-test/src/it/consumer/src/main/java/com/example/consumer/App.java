package com.example.consumer;

import dev.tauon.core.Generator;
import dev.tauon.data.BatchLoader;
import dev.tauon.data.RecordFormat;
import dev.tauon.data.RecordSet;
import dev.tauon.nn.Activation;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.layers.Dense;
import dev.tauon.nn.layers.Flatten;
import dev.tauon.nn.losses.Loss;
import dev.tauon.nn.optim.SGD;
import dev.tauon.nn.train.Evaluation;
import dev.tauon.nn.train.FitOptions;
import dev.tauon.nn.train.History;
import dev.tauon.nn.train.Trainer;
import java.util.Random;

/**
 * A small application that uses Tauon as a library: 64 grey 4x4 images in memory, dark ones of
 * class 0 and bright ones of class 1, fed by tauon-data's loader to a two-layer tauon-nn model.
 */
public final class App {

    private static final int IMAGES = 64;

    public static void main(String[] args) throws Exception {
        RecordSet records = RecordSet.of(new RecordFormat(1, 4, 4, 2), darkAndBrightImages());
        Sequential model = new Sequential(
                new Flatten(),
                new Dense(8, Activation.RELU),
                new Dense(2, Activation.SOFTMAX));
        model.build(new Generator(1), 1, 4, 4);
        Trainer trainer = new Trainer(model, Loss.crossEntropy(), new SGD(model, 0.5f));
        try (BatchLoader batches = BatchLoader.builder(records).batchSize(16).shuffle(true).seed(3).build()) {
            double before = trainer.evaluate(batches).loss();
            History history = trainer.fit(batches, 10, new FitOptions().progress(false));
            Evaluation after = trainer.evaluate(batches);
            System.out.printf("tauon-consumer: %d epochs, loss %.4f -> %.4f, accuracy %.4f%n",
                    history.epochs().size(), before, after.loss(), after.accuracy());
        }
    }

    /** Records in tauon-data's layout: a label byte, then the pixels. */
    private static byte[] darkAndBrightImages() {
        int pixels = 4 * 4;
        byte[] block = new byte[IMAGES * (1 + pixels)];
        Random random = new Random(7);
        for (int i = 0; i < IMAGES; i++) {
            int label = i % 2;
            int at = i * (1 + pixels);
            block[at] = (byte) label;
            for (int p = 1; p <= pixels; p++) {
                block[at + p] = (byte) (label * 160 + random.nextInt(96));
            }
        }
        return block;
    }
}
