package dev.tauon.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.tauon.core.Tensor;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;

/** Runs an ONNX model in ONNX Runtime (one thread, as the machine is shared) on one float input. */
final class OrtRun {
    private OrtRun() {}

    static Tensor run(byte[] model, Tensor input) throws OrtException {
        return run(model, input, OrtSession.SessionOptions.OptLevel.ALL_OPT);
    }

    /** {@link #run} with ONNX Runtime's graph optimisations at {@code level} (its default is all of them). */
    static Tensor run(byte[] model, Tensor input, OrtSession.SessionOptions.OptLevel level) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        long[] shape = Arrays.stream(input.shape()).asLongStream().toArray();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(level);
            // On x86 CPUs without VNNI (AVX2, as on AMD Zen 3) ONNX Runtime's fused u8s8 kernels add
            // pairs of products in saturating 16-bit lanes, and the logits of QuantizedExportTest came
            // out in other classes; this option makes it use kernels that do not saturate
            // (docs/onnx.md). Hosts with VNNI give the same results with or without it.
            options.addConfigEntry("session.x64quantprecision", "1");
            try (OrtSession session = env.createSession(model, options);
                    ai.onnxruntime.OnnxTensor x = ai.onnxruntime.OnnxTensor.createTensor(
                            env, FloatBuffer.wrap(input.data().clone()), shape);
                    OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, x))) {
                ai.onnxruntime.OnnxTensor y = (ai.onnxruntime.OnnxTensor) result.get(0);
                FloatBuffer buffer = y.getFloatBuffer();
                float[] values = new float[buffer.remaining()];
                buffer.get(values);
                int[] outShape = Arrays.stream(y.getInfo().getShape())
                        .mapToInt(d -> (int) d)
                        .toArray();
                return Tensor.of(values, outShape);
            }
        }
    }
}
