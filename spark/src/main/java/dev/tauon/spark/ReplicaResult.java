package dev.tauon.spark;

import java.io.Serializable;

/**
 * What one shard sends back for one task, as plain arrays.
 *
 * @param partition   the shard's partition index, by which the driver orders the results
 * @param gradient    the gradient of the mean loss of the shard's share (synchronous mode), or null
 * @param model       the state dict afterwards, flattened: after the local steps, or after a
 *                    synchronous step for its new buffers (running statistics); null after a
 *                    synchronous step of a model without buffers
 * @param bufferNames the optimiser's buffer names after the local steps, or an empty array
 * @param buffers     the optimiser's buffers, in the order of {@code bufferNames}
 * @param generators  the model's generator states after a synchronous step, or an empty array
 * @param lossSum     the sum of the steps' mean losses
 * @param correct     examples classified right, summed over the steps
 * @param examples    examples seen, summed over the steps
 */
record ReplicaResult(
        int partition,
        float[] gradient,
        float[] model,
        String[] bufferNames,
        float[][] buffers,
        long[][] generators,
        double lossSum,
        long correct,
        long examples)
        implements Serializable {}
