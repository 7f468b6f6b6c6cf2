/**
 * Data pipelines: CIFAR-10 records read from the official archive or a download,
 * {@link dev.tauon.data.BatchLoader} for shuffled, augmented, prefetched batches in numbered epochs
 * (deterministic per seed and epoch, so a resumed run sees the same batches), validation splits and
 * per-channel normalisation.
 */
package dev.tauon.data;
