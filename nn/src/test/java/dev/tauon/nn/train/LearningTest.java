package dev.tauon.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Batch;
import dev.tauon.core.Generator;
import dev.tauon.nn.Activation;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.layers.Conv2D;
import dev.tauon.nn.layers.Dense;
import dev.tauon.nn.layers.Flatten;
import dev.tauon.nn.layers.MaxPool2D;
import dev.tauon.nn.losses.Loss;
import dev.tauon.nn.optim.Adam;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** End-to-end: the library can actually fit things. */
class LearningTest {

    @Test
    void mlpLearnsXorInUnderASecond() {
        Sequential model = new Sequential(new Dense(8, Activation.TANH), new Dense(1, Activation.SIGMOID))
                .build(new Generator(1), 2);
        Trainer trainer = new Trainer(model, Loss.meanSquaredError(), new Adam(model, 0.05f));
        List<Batch> data = List.of(TrainingExamples.xor());
        long start = System.nanoTime();
        trainer.fit(data, 300, new FitOptions().progress(false));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(1.0, trainer.evaluate(data).accuracy());
        assertTrue(seconds < 1.0, "took " + seconds + " s");
        float[] p = trainer.predict(TrainingExamples.xor().inputs()).toArray();
        assertTrue(p[0] < 0.2 && p[1] > 0.8 && p[2] > 0.8 && p[3] < 0.2, Arrays.toString(p));
    }

    @Test
    void smallCnnOverfitsRandomLabels() {
        List<Batch> data = TrainingExamples.randomImages(3, 64, 16, 10, 3, 8, 8);
        Sequential model = new Sequential(
                        new Conv2D(8, 3, Activation.RELU),
                        new MaxPool2D(2),
                        new Flatten(),
                        new Dense(32, Activation.RELU),
                        new Dense(10, Activation.SOFTMAX))
                .build(new Generator(2), 3, 8, 8);
        Trainer trainer = new Trainer(model, Loss.crossEntropy(), new Adam(model, 0.01f));
        History h = trainer.fit(data, 150, new FitOptions().progress(false).listener(new TrainingListener() {
                    @Override
                    public void onEpochEnd(Trainer t, EpochResult r) {
                        if (r.accuracy() == 1.0) {
                            t.requestStop();
                        }
                    }
                }));
        assertEquals(
                1.0,
                trainer.evaluate(data).accuracy(),
                "after " + h.size() + " epochs, loss " + h.last().loss());
        assertTrue(h.size() < 150);
    }
}
