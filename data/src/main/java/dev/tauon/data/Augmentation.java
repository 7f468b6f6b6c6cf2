package dev.tauon.data;

import dev.tauon.core.Generator;

import java.util.Objects;

/**
 * Random training-time transforms, drawn from a seeded {@link Generator} so runs repeat: a
 * horizontal flip with probability 1/2 (or airbench's alternating flip), a random crop of the
 * original size from the image padded by {@code cropPadding} pixels on each side (black, or the
 * image reflected), and cutout. The usual CIFAR-10 recipe is flip + crop with padding 4:
 * {@link #flipAndCrop flipAndCrop(4)}; airbench's (Jordan, arXiv 2404.00498) is
 * {@code flipAndCrop(2).withReflectPadding().withAlternatingFlip()}.
 *
 * <p>Per image, the draws from the epoch's generator are, in this order: {@code nextInt(2)} for
 * the flip (1 = flip) if {@code horizontalFlip}; then {@code nextInt(2p+1)} for the row and then
 * the column of the crop's top-left corner in the padded image if {@code p > 0}; then
 * {@code nextInt(height)} and {@code nextInt(width)} for the cutout's centre if {@code cutout > 0}.
 * The crop is taken first, then mirrored, then cut out. The alternating flip draws nothing there.
 *
 * @param horizontalFlip  flip each image left-right with probability 1/2
 * @param cropPadding     padding {@code p} for the random crop, 0 for no crop
 * @param cropBorder      what the crop's padding holds: black pixels, or the image reflected
 * @param alternatingFlip airbench's derandomised flip instead of the random one: in epoch 0 each
 *                        image is flipped with probability 1/2, and in every later epoch image
 *                        {@code i} is flipped iff it was in epoch 0 XOR the epoch is odd, so each
 *                        image alternates between its two orientations. Whether image {@code i}
 *                        (its index in the loader's record set) is flipped in epoch 0 is draw
 *                        {@code i} ({@code nextInt(2)}, 1 = flip) of
 *                        {@code new Generator(BatchLoader.epochSeed(seed, -1))}, the stream of an
 *                        epoch -1 that the loader never runs, so it depends on the seed and the
 *                        image only, not on the order images are batched in
 * @param cutout          side {@code s} of a square set to 0 in every channel (in the normalised
 *                        output: the mean colour when normalised by the data's mean and deviation,
 *                        as DeVries and Taylor's cutout; black without normalisation), 0 for none.
 *                        Its rows are {@code cy - s/2 .. cy - s/2 + s - 1} around the drawn centre
 *                        row {@code cy} (columns alike), cut to the image, so near an edge only
 *                        part of the square is inside
 */
public record Augmentation(boolean horizontalFlip, int cropPadding, Border cropBorder, boolean alternatingFlip,
                           int cutout) {

    /** What a random crop's padding holds. */
    public enum Border {
        /** Black pixels (byte 0, normalised). */
        BLACK,
        /** The image mirrored about its edge pixels (row -1 is row 1), as PyTorch's {@code ReflectionPad2d}. */
        REFLECT
    }

    /** No augmentation. */
    public static final Augmentation NONE = new Augmentation(false, 0);

    public Augmentation {
        if (cropPadding < 0) {
            throw new IllegalArgumentException("augmentation: crop padding must be >= 0, got " + cropPadding);
        }
        Objects.requireNonNull(cropBorder, "cropBorder");
        if (horizontalFlip && alternatingFlip) {
            throw new IllegalArgumentException("augmentation: choose the random or the alternating flip, not both");
        }
        if (cutout < 0) {
            throw new IllegalArgumentException("augmentation: cutout size must be >= 0, got " + cutout);
        }
    }

    /** A random flip and a crop with a black border, without cutout. */
    public Augmentation(boolean horizontalFlip, int cropPadding) {
        this(horizontalFlip, cropPadding, Border.BLACK, false, 0);
    }

    /** Random horizontal flip and random crop with {@code padding} pixels of padding. */
    public static Augmentation flipAndCrop(int padding) {
        return new Augmentation(true, padding);
    }

    /** The same, with the crop's padding reflecting the image instead of black. */
    public Augmentation withReflectPadding() {
        return new Augmentation(horizontalFlip, cropPadding, Border.REFLECT, alternatingFlip, cutout);
    }

    /** The same, with airbench's alternating flip instead of the random flip. */
    public Augmentation withAlternatingFlip() {
        return new Augmentation(false, cropPadding, cropBorder, true, cutout);
    }

    /** The same, with a cutout square of side {@code size} (0 for none). */
    public Augmentation withCutout(int size) {
        return new Augmentation(horizontalFlip, cropPadding, cropBorder, alternatingFlip, size);
    }

    public boolean isNone() {
        return !horizontalFlip && !alternatingFlip && cropPadding == 0 && cutout == 0;
    }

    void checkFits(RecordFormat format) {
        int limit = cropBorder == Border.REFLECT ? Math.min(format.height(), format.width()) - 1
                : Math.min(format.height(), format.width());
        if (cropPadding > limit) {
            throw new IllegalArgumentException("augmentation: crop padding " + cropPadding + " is larger than the "
                    + format.height() + "x" + format.width() + " image"
                    + (cropBorder == Border.REFLECT ? " can reflect (at most " + limit + ")" : ""));
        }
        if (cutout > format.height() || cutout > format.width()) {
            throw new IllegalArgumentException("augmentation: cutout " + cutout + " is larger than the "
                    + format.height() + "x" + format.width() + " image");
        }
    }

    /**
     * Whether each of {@code images} images is flipped in epoch 0 by the alternating flip, drawn as
     * documented on the record.
     */
    static boolean[] firstEpochFlips(long seed, int images) {
        Generator g = new Generator(BatchLoader.epochSeed(seed, -1));
        boolean[] flips = new boolean[images];
        for (int i = 0; i < images; i++) {
            flips[i] = g.nextInt(2) == 1;
        }
        return flips;
    }

    /**
     * Draws this image's transform from {@code g} and converts the record with it;
     * {@code alternatedFlip} is whether the alternating flip, if on, flips this image this epoch.
     */
    void apply(ImageConverter converter, Generator g, boolean alternatedFlip, byte[] src, int off, float[] dst,
               int dOff) {
        boolean flip = horizontalFlip ? g.nextInt(2) == 1 : alternatingFlip && alternatedFlip;
        int shiftY = 0;
        int shiftX = 0;
        if (cropPadding > 0) {
            shiftY = g.nextInt(2 * cropPadding + 1) - cropPadding;
            shiftX = g.nextInt(2 * cropPadding + 1) - cropPadding;
        }
        converter.convert(src, off, dst, dOff, flip, shiftY, shiftX, cropBorder == Border.REFLECT);
        if (cutout > 0) {
            int centreY = g.nextInt(converter.height());
            int centreX = g.nextInt(converter.width());
            converter.zeroSquare(dst, dOff, centreY - cutout / 2, centreX - cutout / 2, cutout);
        }
    }
}
