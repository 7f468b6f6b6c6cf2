package dev.tauon.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Batch;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** docs/data.md's "A new dataset in one class", as written there, batched by the loader. */
class OneClassDatasetTest {

    /** Two spirals of n points each: features (x, y), class 0 or 1. */
    static final class Spirals implements Dataset {
        private final int n;

        Spirals(int n) {
            this.n = n;
        }

        @Override
        public int size() {
            return 2 * n;
        }

        @Override
        public int[] featureShape() {
            return new int[] {2};
        }

        @Override
        public int numClasses() {
            return 2;
        }

        @Override
        public int label(int i) {
            return i % 2;
        }

        @Override
        public void readFeatures(int i, float[] dst, int off) {
            double t = 4 * Math.PI * (i / 2) / n;
            double sign = i % 2 == 0 ? 1 : -1;
            dst[off] = (float) (sign * t * Math.cos(t));
            dst[off + 1] = (float) (sign * t * Math.sin(t));
        }
    }

    @Test
    void theDocumentedClassIsBatchedShuffledAndNormalised() {
        Spirals spirals = new Spirals(500);
        assertArrayEquals(new int[] {500, 500}, spirals.classCounts());
        Normalization norm = Normalization.compute(spirals);
        try (BatchLoader loader = BatchLoader.builder(spirals)
                .batchSize(64)
                .shuffle(true)
                .seed(1)
                .normalization(norm)
                .build()) {
            Set<String> seen = new HashSet<>();
            int examples = 0;
            for (Batch b : loader) {
                assertArrayEquals(new int[] {b.size(), 2}, b.inputs().shape());
                for (int i = 0; i < b.size(); i++) {
                    seen.add(b.inputs().get(i, 0) + "," + b.inputs().get(i, 1) + "," + b.labels()[i]);
                }
                examples += b.size();
            }
            assertEquals(1000, examples);
            assertEquals(1000, seen.size(), "every example once");
        }
        Dataset mislabelled = new DatasetView(new Spirals(3), new int[] {0, 1}) {
            @Override
            public int label(int index) {
                return index == 1 ? 2 : 0;
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class, mislabelled::classCounts);
        assertTrue(e.getMessage().endsWith("example 1 has label 2, expected 0..1"), e.getMessage());
    }
}
