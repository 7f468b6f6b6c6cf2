package dev.tauon.spark;

import dev.tauon.core.Tensor;
import dev.tauon.nn.Module;
import dev.tauon.nn.optim.OptimizerState;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the driver sends to every shard: the model's state dict as one float array and, in the
 * local-steps mode, the optimiser's state as named float arrays. Plain arrays, so that nothing of
 * a model's classes is serialised and driver and executors only need to agree on the model's code.
 *
 * @param model         the state dict, flattened ({@link FlatState})
 * @param bufferNames   the optimiser's buffer names, or an empty array
 * @param buffers       the optimiser's buffers, in the order of {@code bufferNames}
 * @param iterations    the optimiser's step count
 * @param learningRate  the optimiser's learning rate
 * @param generators    the states of the model's random generators (synchronous mode), or an empty array
 */
record ReplicaState(
        float[] model,
        String[] bufferNames,
        float[][] buffers,
        long iterations,
        float learningRate,
        long[][] generators)
        implements Serializable {

    /** The model's weights, buffers and generators, without optimiser state (the synchronous mode). */
    static ReplicaState of(Module model) {
        return new ReplicaState(
                FlatState.flatten(model.stateDict().values()),
                new String[0],
                new float[0][],
                0,
                0f,
                FlatState.generatorStates(model));
    }

    /** The model's state and the optimiser's (the local-steps mode). */
    static ReplicaState of(Module model, OptimizerState optimizer) {
        String[] names = optimizer.buffers().keySet().toArray(new String[0]);
        float[][] values = new float[names.length][];
        for (int i = 0; i < names.length; i++) {
            values[i] = optimizer.buffers().get(names[i]).data().clone();
        }
        return new ReplicaState(
                FlatState.flatten(model.stateDict().values()),
                names,
                values,
                optimizer.iterations(),
                optimizer.learningRate(),
                new long[0][]);
    }

    /** The optimiser state these arrays describe. */
    OptimizerState optimizerState() {
        return optimizerState(bufferNames, buffers, iterations, learningRate);
    }

    static OptimizerState optimizerState(String[] names, float[][] values, long iterations, float learningRate) {
        Map<String, Tensor> map = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            map.put(names[i], Tensor.of(values[i], values[i].length));
        }
        return new OptimizerState(iterations, learningRate, map);
    }
}
