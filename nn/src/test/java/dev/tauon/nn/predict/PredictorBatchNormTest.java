package dev.tauon.nn.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.tauon.core.Generator;
import dev.tauon.core.NoGrad;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Module;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.layers.BatchNorm1D;
import dev.tauon.nn.layers.Dense;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** A predictor's copy carries the model's buffers too: BatchNorm's running statistics, not fresh ones. */
class PredictorBatchNormTest {

    @Test
    void snapshotUsesTheTrainedRunningStatistics() {
        Supplier<Module> architecture = () -> new Sequential(new Dense(6), new BatchNorm1D(), new Dense(3));
        Module trained = architecture.get().build(new Generator(1), 4);
        try (NoGrad ignored = NoGrad.enter()) { // training-mode forwards move the running statistics
            for (int i = 0; i < 5; i++) {
                trained.forward(Tensor.uniform(new Generator(10 + i), 2f, 5f, 8, 4));
            }
        }
        Tensor x = Tensor.uniform(new Generator(3), 2f, 5f, 5, 4);
        trained.eval();
        Tensor expected;
        try (NoGrad ignored = NoGrad.enter()) {
            expected = trained.forward(x);
        }
        Predictor p = Predictor.snapshot(trained, architecture);
        assertArrayEquals(expected.toArray(), p.predict(x).toArray());
    }
}
