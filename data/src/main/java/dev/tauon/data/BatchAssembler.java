package dev.tauon.data;

import dev.tauon.core.Generator;
import java.util.Arrays;

/**
 * Fills a {@link BatchBuffer} with the examples a batch consists of: features (normalised and
 * augmented), labels, one-hot rows or targets. Pixel datasets go through the byte path, and a
 * {@link RecordSet}'s blocks are read in place, without a copy per image.
 *
 * <p>One thread at a time: the loader runs one epoch at a time, and stops an epoch's thread before
 * the next epoch starts.
 */
final class BatchAssembler {
    private final Dataset dataset;
    private final PixelDataset pixels;
    private final RecordSet records;
    private final int[] featureShape;
    private final int featureSize;
    private final int classes;
    private final int targetSize;
    private final boolean oneHot;
    private final ImageConverter converter;
    private final boolean normalizing;
    private final Augmentation augmentation;
    /** Per example, whether the alternating flip flips it in epoch 0; null without that flip. */
    private final boolean[] firstEpochFlips;

    private final ImageTransform transform = new ImageTransform();
    private byte[] pixelScratch;
    private float[] featureScratch;

    BatchAssembler(Dataset dataset, Normalization normalization, Augmentation augmentation, boolean oneHot, long seed) {
        this.dataset = dataset;
        this.pixels = dataset instanceof PixelDataset p ? p : null;
        this.records = dataset instanceof RecordSet r ? r : null;
        this.featureShape = dataset.featureShape();
        this.featureSize = dataset.featureSize();
        this.classes = dataset.numClasses();
        this.targetSize = dataset.targetSize();
        if ((classes > 0) == (targetSize > 0)) {
            throw new IllegalArgumentException("batch loader: " + dataset + " must have class labels (numClasses "
                    + classes + ") or float targets (targetSize " + targetSize + "), exactly one of them");
        }
        if (oneHot && classes == 0) {
            throw new IllegalArgumentException(
                    "batch loader: one-hot rows need class labels; " + dataset + " has float targets");
        }
        this.oneHot = oneHot;
        augmentation.checkFits(featureShape);
        this.augmentation = augmentation;
        int channels = featureShape.length == 0 ? 1 : featureShape[0];
        normalization.checkChannels(
                channels, "the examples of " + dataset + " have " + Arrays.toString(featureShape) + ", channels");
        if (pixels != null && featureShape.length != 3) {
            throw new IllegalArgumentException("batch loader: pixel dataset " + dataset + " has features "
                    + Arrays.toString(featureShape) + ", not [channels, height, width]");
        }
        // Features that are not images are normalised as channels x 1 x (the rest).
        boolean image = featureShape.length == 3;
        this.converter = new ImageConverter(
                channels,
                image ? featureShape[1] : 1,
                image ? featureShape[2] : featureSize / Math.max(1, channels),
                normalization);
        this.normalizing = !normalization.isNone();
        this.firstEpochFlips =
                augmentation.alternatingFlip() ? Augmentation.firstEpochFlips(seed, dataset.size()) : null;
    }

    /** A buffer for {@code capacity} examples of this dataset. */
    BatchBuffer newBuffer(int capacity) {
        return new BatchBuffer(capacity, featureShape, classes > 0, oneHot ? classes : targetSize);
    }

    /**
     * Fills {@code buffer} (whose capacity is the batch size) with examples {@code order[start ..
     * start+buffer.capacity)} of epoch {@code epoch}; {@code g} supplies the augmentation draws, in
     * batch order.
     */
    void fill(BatchBuffer buffer, int[] order, int start, Generator g, int epoch) {
        if (oneHot) {
            Arrays.fill(buffer.targets, 0f);
        }
        for (int i = 0; i < buffer.capacity; i++) {
            int index = order[start + i];
            ImageTransform t = null;
            if (!augmentation.isNone()) {
                // the alternating flip: each example's epoch-0 flip, inverted in odd epochs
                boolean alternated = firstEpochFlips != null && firstEpochFlips[index] != (epoch % 2 == 1);
                augmentation.draw(g, alternated, converter.height(), converter.width(), transform);
                t = transform;
            }
            int dOff = i * featureSize;
            int label;
            if (records != null) {
                label = convertRecord(index, buffer.inputs, dOff, t);
            } else {
                convertExample(index, buffer.inputs, dOff, t);
                label = classes > 0 ? dataset.label(index) : 0;
            }
            if (classes > 0) {
                if (label < 0 || label >= classes) {
                    // Datasets check their labels when built; this guards against data changed afterwards.
                    throw new IllegalStateException("record " + index + " has label " + label + ", expected 0.."
                            + (classes - 1) + " (" + dataset + ")");
                }
                buffer.labels[i] = label;
                if (oneHot) {
                    buffer.targets[i * classes + label] = 1f;
                }
            } else {
                dataset.readTarget(index, buffer.targets, i * targetSize);
            }
        }
    }

    /** Converts record {@code index} from its block and returns its label. */
    private int convertRecord(int index, float[] dst, int dOff, ImageTransform t) {
        int global = records.global(index);
        int b = records.blockOf(global);
        byte[] block = records.block(b);
        int off = records.offsetIn(b, global);
        if (t == null) {
            converter.convert(block, off + 1, dst, dOff);
        } else {
            converter.convert(block, off + 1, dst, dOff, t);
        }
        return block[off] & 0xFF;
    }

    private void convertExample(int index, float[] dst, int dOff, ImageTransform t) {
        if (pixels != null) {
            if (pixelScratch == null) {
                pixelScratch = new byte[featureSize];
            }
            pixels.readPixels(index, pixelScratch, 0);
            if (t == null) {
                converter.convert(pixelScratch, 0, dst, dOff);
            } else {
                converter.convert(pixelScratch, 0, dst, dOff, t);
            }
        } else if (t == null) {
            dataset.readFeatures(index, dst, dOff);
            if (normalizing) {
                converter.convert(dst, dOff, dst, dOff);
            }
        } else {
            if (featureScratch == null) {
                featureScratch = new float[featureSize];
            }
            dataset.readFeatures(index, featureScratch, 0);
            converter.convert(featureScratch, 0, dst, dOff, t);
        }
    }
}
