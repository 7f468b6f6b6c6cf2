package dev.tauon.benchmarks;

import dev.tauon.core.NoGrad;
import dev.tauon.core.Tensor;
import dev.tauon.nn.quantize.Calibrator;
import dev.tauon.nn.quantize.QuantizedModel;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Inference of the CIFAR-10 CNN in float and in int8 ({@link QuantizedModel}, calibrated on the
 * benchmark's own random images: speed does not depend on the values), at batch 256 and batch 1.
 * Primary score: batches per second; secondary {@code images}: images/s. Run both precisions in one
 * JMH invocation so they share the machine's state.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class QuantizedInferenceBenchmark {

    @Param({"float", "int8"})
    public String precision;

    @Param({"256", "1"})
    public int batch;

    @Param({"2"})
    public int threads;

    private CnnFixture f;
    private QuantizedModel quantized;

    @Setup(Level.Trial)
    public void setUp() {
        f = new CnnFixture(batch, threads);
        quantized = QuantizedModel.quantize(f.model, List.of(f.images), Calibrator.percentile(99.99));
        f.model.eval();
    }

    @Benchmark
    public Tensor predict(ImageCounter images) {
        images.add(batch);
        if (precision.equals("int8")) {
            return quantized.predict(f.images);
        }
        try (NoGrad scope = NoGrad.enter()) {
            return f.model.forward(f.images);
        }
    }
}
