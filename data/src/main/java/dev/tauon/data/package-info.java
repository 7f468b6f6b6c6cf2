/**
 * Data pipelines: the {@link dev.tauon.data.Dataset} abstraction of indexed examples (float
 * features of any shape with class labels or float targets; {@link dev.tauon.data.PixelDataset}
 * for images of bytes), datasets in memory ({@link dev.tauon.data.ArrayDataset},
 * {@link dev.tauon.data.PixelArrayDataset}, CIFAR-10's {@link dev.tauon.data.RecordSet}),
 * {@link dev.tauon.data.BatchLoader} for shuffled, augmented, prefetched batches of any of them in
 * numbered epochs (deterministic per seed and epoch, so a resumed run sees the same batches),
 * splits and per-channel normalisation.
 */
package dev.tauon.data;
