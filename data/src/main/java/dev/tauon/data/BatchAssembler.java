package dev.tauon.data;

import dev.tauon.core.Generator;

import java.util.Arrays;

/** Fills a {@link BatchBuffer} with the records a batch consists of: pixels, labels, one-hot rows. */
final class BatchAssembler {
    private final RecordSet records;
    private final RecordFormat format;
    private final ImageConverter converter;
    private final Augmentation augmentation;
    /** Per record, whether the alternating flip flips it in epoch 0; null without that flip. */
    private final boolean[] firstEpochFlips;

    BatchAssembler(RecordSet records, Normalization normalization, Augmentation augmentation, long seed) {
        this.records = records;
        this.format = records.format();
        this.converter = new ImageConverter(format, normalization);
        this.augmentation = augmentation;
        augmentation.checkFits(format);
        this.firstEpochFlips = augmentation.alternatingFlip() ? Augmentation.firstEpochFlips(seed, records.size()) : null;
    }

    /**
     * Fills {@code buffer} (whose capacity is the batch size) with records {@code order[start ..
     * start+buffer.capacity)} of epoch {@code epoch}; {@code g} supplies the augmentation draws, in
     * batch order.
     */
    void fill(BatchBuffer buffer, int[] order, int start, Generator g, int epoch) {
        int imageSize = format.imageBytes();
        int classes = format.numClasses();
        if (buffer.targets != null) {
            Arrays.fill(buffer.targets, 0f);
        }
        for (int i = 0; i < buffer.capacity; i++) {
            int global = records.global(order[start + i]);
            int b = records.blockOf(global);
            byte[] block = records.block(b);
            int off = records.offsetIn(b, global);
            if (augmentation.isNone()) {
                converter.convert(block, off, buffer.images, i * imageSize);
            } else {
                // the alternating flip: each record's epoch-0 flip, inverted in odd epochs
                boolean alternated = firstEpochFlips != null && firstEpochFlips[order[start + i]] != (epoch % 2 == 1);
                augmentation.apply(converter, g, alternated, block, off, buffer.images, i * imageSize);
            }
            int label = block[off] & 0xFF;
            if (label >= classes) {
                // Record sets are validated when built; this guards against a block changed afterwards.
                throw new IllegalStateException("record " + order[start + i] + " has label " + label
                        + ", expected 0.." + (classes - 1));
            }
            buffer.labels[i] = label;
            if (buffer.targets != null) {
                buffer.targets[i * classes + label] = 1f;
            }
        }
    }
}
