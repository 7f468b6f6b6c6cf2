package dev.tauon.benchmarks;

import java.util.SplittableRandom;

/** Benchmark inputs: reproducible uniform values in [-1, 1). */
final class Data {

    private Data() {}

    static float[] uniform(SplittableRandom random, int size) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return v;
    }
}
