package dev.tauon.nn.quantize;

import dev.tauon.core.Batch;
import dev.tauon.core.Generator;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Activation;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.layers.BatchNorm2D;
import dev.tauon.nn.layers.Conv2D;
import dev.tauon.nn.layers.Dense;
import dev.tauon.nn.layers.Flatten;
import dev.tauon.nn.layers.GELU;
import dev.tauon.nn.layers.MaxPool2D;
import dev.tauon.nn.layers.Padding;
import dev.tauon.nn.layers.Rescaling;
import dev.tauon.nn.layers.Softmax;
import dev.tauon.nn.losses.Loss;
import dev.tauon.nn.optim.Adam;
import dev.tauon.nn.train.FitOptions;
import dev.tauon.nn.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Small trained models on synthetic data, for the quantisation tests. */
final class SyntheticTasks {
    private SyntheticTasks() {}

    /** Images 1x8x8 of noise with a bright 3x3 blob in one of four quadrants, the label. */
    static List<Batch> blobs(long seed, int batches, int batchSize) {
        Generator g = new Generator(seed);
        List<Batch> out = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            float[] x = new float[batchSize * 64];
            int[] labels = new int[batchSize];
            for (int n = 0; n < batchSize; n++) {
                for (int i = 0; i < 64; i++) {
                    x[n * 64 + i] = (float) g.nextGaussian() * 0.5f;
                }
                int label = g.nextInt(4);
                labels[n] = label;
                int y0 = (label / 2) * 4 + g.nextInt(2);
                int x0 = (label % 2) * 4 + g.nextInt(2);
                for (int dy = 0; dy < 3; dy++) {
                    for (int dx = 0; dx < 3; dx++) {
                        x[n * 64 + (y0 + dy) * 8 + x0 + dx] += 1.5f;
                    }
                }
            }
            out.add(Batch.ofLabels(Tensor.wrap(x, batchSize, 1, 8, 8), labels));
        }
        return out;
    }

    /** Points in 10 dimensions from three overlapping Gaussian clouds, the label. */
    static List<Batch> clouds(long seed, int batches, int batchSize) {
        Generator g = new Generator(seed);
        Generator centres = new Generator(99);
        float[][] c = new float[3][10];
        for (float[] row : c) {
            for (int i = 0; i < 10; i++) {
                row[i] = (float) centres.nextGaussian();
            }
        }
        List<Batch> out = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            float[] x = new float[batchSize * 10];
            int[] labels = new int[batchSize];
            for (int n = 0; n < batchSize; n++) {
                labels[n] = g.nextInt(3);
                for (int i = 0; i < 10; i++) {
                    x[n * 10 + i] = c[labels[n]][i] + (float) g.nextGaussian() * 0.8f;
                }
            }
            out.add(Batch.ofLabels(Tensor.wrap(x, batchSize, 10), labels));
        }
        return out;
    }

    static Sequential tinyCnn(long seed) {
        return new Sequential(
                        new Conv2D(8, 3, Activation.RELU).padding(Padding.SAME),
                        new MaxPool2D(2),
                        new Conv2D(8, 3, Activation.RELU),
                        new Flatten(),
                        new Dense(4, Activation.SOFTMAX))
                .build(new Generator(seed), 1, 8, 8);
    }

    /** An airbench-shaped CNN: a stem conv, then a plain Sequential block of conv, pool, BatchNorm, GELU, conv, BatchNorm, GELU. */
    static Sequential blockCnn(long seed) {
        return new Sequential(
                        new Conv2D(6, 2),
                        new GELU(),
                        new Sequential(
                                new Conv2D(8, 3).padding(Padding.SAME).useBias(false),
                                new MaxPool2D(2),
                                new BatchNorm2D(),
                                new GELU(),
                                new Conv2D(8, 3).padding(Padding.SAME).useBias(false),
                                new BatchNorm2D(),
                                new GELU()),
                        new MaxPool2D(3),
                        new Flatten(),
                        new Dense(4).useBias(false),
                        new Rescaling(0.5f),
                        new Softmax())
                .build(new Generator(seed), 1, 8, 8);
    }

    static Sequential mlp(long seed) {
        return new Sequential(new Dense(16, Activation.RELU), new Dense(3, Activation.SOFTMAX))
                .build(new Generator(seed), 10);
    }

    static <M extends Sequential> M trained(M model, List<Batch> data, int epochs) {
        new Trainer(model, Loss.crossEntropy(), new Adam(model, 0.01f))
                .fit(data, epochs, new FitOptions().progress(false));
        return model;
    }

    static List<Tensor> inputs(List<Batch> batches) {
        List<Tensor> x = new ArrayList<>();
        for (Batch b : batches) {
            x.add(b.inputs());
        }
        return x;
    }

    /** The share of examples whose largest output is at their label. */
    static double accuracy(Function<Tensor, Tensor> predict, List<Batch> batches) {
        int right = 0;
        int total = 0;
        for (Batch b : batches) {
            Tensor p = predict.apply(b.inputs());
            int classes = p.dim(1);
            for (int n = 0; n < b.labels().length; n++) {
                int best = 0;
                for (int c = 1; c < classes; c++) {
                    if (p.data()[n * classes + c] > p.data()[n * classes + best]) {
                        best = c;
                    }
                }
                right += best == b.labels()[n] ? 1 : 0;
                total++;
            }
        }
        return (double) right / total;
    }
}
