package dev.tauon.nn.train;

import dev.tauon.core.Batch;
import dev.tauon.core.Generator;
import dev.tauon.core.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Small data sets made by the tests. */
final class TrainingExamples {
    private TrainingExamples() {}

    /** The four XOR cases with one-column 0/1 targets. */
    static Batch xor() {
        return Batch.ofTargets(
                Tensor.of(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, 4, 2), Tensor.of(new float[] {0, 1, 1, 0}, 4, 1));
    }

    /** {@code n} random images of shape {@code chw} with random labels in [0, classes), in batches of {@code batch}. */
    static List<Batch> randomImages(long seed, int n, int batch, int classes, int... chw) {
        Generator g = new Generator(seed);
        List<Batch> batches = new ArrayList<>();
        for (int start = 0; start < n; start += batch) {
            int size = Math.min(batch, n - start);
            int[] shape = {size, chw[0], chw[1], chw[2]};
            int[] labels = new int[size];
            for (int i = 0; i < size; i++) {
                labels[i] = g.nextInt(classes);
            }
            batches.add(Batch.ofLabels(Tensor.rand(g, shape), labels));
        }
        return batches;
    }

    /** The batches in an order shuffled from {@code seed} and {@code epoch}: what a data loader does each epoch. */
    static List<Batch> shuffled(List<Batch> batches, long seed, int epoch) {
        int[] order = new int[batches.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        new Generator(seed * 1000 + epoch).shuffle(order);
        List<Batch> out = new ArrayList<>();
        for (int i : order) {
            out.add(batches.get(i));
        }
        return out;
    }
}
