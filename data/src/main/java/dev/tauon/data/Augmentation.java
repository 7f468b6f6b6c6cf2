package dev.tauon.data;

import dev.tauon.core.Generator;

/**
 * Random training-time transforms, drawn from a seeded {@link Generator} so runs repeat: a
 * horizontal flip with probability 1/2, and a random crop of the original size from the image
 * padded with {@code cropPadding} black pixels on each side (the usual CIFAR-10 recipe is
 * flip + crop with padding 4).
 *
 * <p>Per image, the draws are, in this order: {@code nextInt(2)} for the flip (1 = flip) if
 * enabled, then {@code nextInt(2p+1)} for the row and then the column of the crop's top-left
 * corner in the padded image if {@code p > 0}. The crop is taken first, then mirrored.
 *
 * @param horizontalFlip flip each image left-right with probability 1/2
 * @param cropPadding    padding {@code p} for the random crop, 0 for no crop
 */
public record Augmentation(boolean horizontalFlip, int cropPadding) {

    /** No augmentation. */
    public static final Augmentation NONE = new Augmentation(false, 0);

    public Augmentation {
        if (cropPadding < 0) {
            throw new IllegalArgumentException("augmentation: crop padding must be >= 0, got " + cropPadding);
        }
    }

    /** Random horizontal flip and random crop with {@code padding} pixels of padding. */
    public static Augmentation flipAndCrop(int padding) {
        return new Augmentation(true, padding);
    }

    public boolean isNone() {
        return !horizontalFlip && cropPadding == 0;
    }

    void checkFits(RecordFormat format) {
        if (cropPadding > format.height() || cropPadding > format.width()) {
            throw new IllegalArgumentException("augmentation: crop padding " + cropPadding + " is larger than the "
                    + format.height() + "x" + format.width() + " image");
        }
    }

    /** Draws this image's transform from {@code g} and converts the record with it. */
    void apply(ImageConverter converter, Generator g, byte[] src, int off, float[] dst, int dOff) {
        boolean flip = horizontalFlip && g.nextInt(2) == 1;
        int shiftY = 0;
        int shiftX = 0;
        if (cropPadding > 0) {
            shiftY = g.nextInt(2 * cropPadding + 1) - cropPadding;
            shiftX = g.nextInt(2 * cropPadding + 1) - cropPadding;
        }
        converter.convert(src, off, dst, dOff, flip, shiftY, shiftX);
    }
}
