package dev.tauon.data;

import dev.tauon.core.Generator;
import java.util.Arrays;
import java.util.Objects;

/**
 * Random training-time transforms of images, drawn from a seeded {@link Generator} so runs
 * repeat: a random resized crop (for images larger than CIFAR's), a horizontal flip with
 * probability 1/2 (or airbench's alternating flip), a random crop of the original size from the
 * image padded by {@code cropPadding} pixels on each side (black, or the image reflected), and
 * cutout. The usual CIFAR-10 recipe is flip + crop with padding 4: {@link #flipAndCrop
 * flipAndCrop(4)}; airbench's (Jordan, arXiv 2404.00498) is
 * {@code flipAndCrop(2).withReflectPadding().withAlternatingFlip()}; the ImageNet one is
 * {@code new Augmentation(true, 0).withRandomResizedCrop(0.08, 1)}.
 *
 * <p>They apply to any dataset whose features are images {@code [channels, height, width]}, pixel
 * bytes ({@link PixelDataset}) or floats. Per image, the draws from the epoch's generator are, in
 * this order: the resized crop's ({@link ResizedCrop}) if it is on; {@code nextInt(2)} for the
 * flip (1 = flip) if {@code horizontalFlip}; then {@code nextInt(2p+1)} for the row and then the
 * column of the crop's top-left corner in the padded image if {@code p > 0}; then
 * {@code nextInt(height)} and {@code nextInt(width)} for the cutout's centre if {@code cutout > 0}.
 * The resized crop is taken first, then the padded crop, which is then mirrored, then cut out.
 * The alternating flip draws nothing there.
 *
 * @param horizontalFlip  flip each image left-right with probability 1/2
 * @param cropPadding     padding {@code p} for the random crop, 0 for no crop
 * @param cropBorder      what the crop's padding holds: black pixels, or the image reflected
 * @param alternatingFlip airbench's derandomised flip instead of the random one: in epoch 0 each
 *                        image is flipped with probability 1/2, and in every later epoch image
 *                        {@code i} is flipped iff it was in epoch 0 XOR the epoch is odd, so each
 *                        image alternates between its two orientations. Whether image {@code i}
 *                        (its index in the loader's dataset) is flipped in epoch 0 is draw
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
 * @param resizedCrop     a random resized crop taken before everything else, or {@code null} for none
 */
public record Augmentation(
        boolean horizontalFlip,
        int cropPadding,
        Border cropBorder,
        boolean alternatingFlip,
        int cutout,
        ResizedCrop resizedCrop) {

    /** What a random crop's padding holds. */
    public enum Border {
        /** Black pixels (byte 0, normalised). */
        BLACK,
        /** The image mirrored about its edge pixels (row -1 is row 1), as PyTorch's {@code ReflectionPad2d}. */
        REFLECT
    }

    /**
     * A random resized crop, as torchvision's {@code RandomResizedCrop}: a box of a random area and
     * aspect ratio at a random place, resampled bilinearly to the full image size (the images keep
     * their size; resize them when reading, e.g. with {@link dev.tauon.data.image.ImageFolder}, to the size the model
     * takes). The draws, per image: up to 10 tries of {@code nextDouble()} for the area (a fraction
     * uniform in {@code [minScale, maxScale)} of the image's) and {@code nextDouble()} for the aspect
     * ratio (width / height, log-uniform in {@code [minRatio, maxRatio)}), giving a box of width
     * {@code round(sqrt(area * ratio))} and height {@code round(sqrt(area / ratio))}; the first box
     * that fits the image is placed at row {@code nextInt(height - h + 1)} and column
     * {@code nextInt(width - w + 1)}. If none fits in 10 tries, the box is the centred one of the
     * largest size whose ratio is in range, without further draws.
     *
     * @param minScale smallest area fraction, in (0, 1]
     * @param maxScale largest area fraction, in [minScale, 1]
     * @param minRatio smallest aspect ratio, positive
     * @param maxRatio largest aspect ratio, at least {@code minRatio}
     */
    public record ResizedCrop(double minScale, double maxScale, double minRatio, double maxRatio) {
        /** Tries before falling back to the centred box, as torchvision. */
        static final int TRIES = 10;

        /**
         * Checks the ranges: scales with {@code 0 < min <= max <= 1}, finite aspect ratios with {@code 0 < min <= max}.
         */
        public ResizedCrop {
            if (!(minScale > 0 && minScale <= maxScale && maxScale <= 1)) {
                throw new IllegalArgumentException("augmentation: resized crop scales must satisfy 0 < min <= max <= 1,"
                        + " got " + minScale + " and " + maxScale);
            }
            if (!(minRatio > 0 && minRatio <= maxRatio && Double.isFinite(maxRatio))) {
                throw new IllegalArgumentException("augmentation: resized crop ratios must satisfy 0 < min <= max,"
                        + " finite, got " + minRatio + " and " + maxRatio);
            }
        }

        /** Draws the box for a {@code height x width} image into {@code t}. */
        void draw(Generator g, int height, int width, ImageTransform t) {
            double area = (double) height * width;
            double logMin = Math.log(minRatio);
            double logMax = Math.log(maxRatio);
            for (int i = 0; i < TRIES; i++) {
                double target = area * (minScale + (maxScale - minScale) * g.nextDouble());
                double ratio = Math.exp(logMin + (logMax - logMin) * g.nextDouble());
                int w = (int) Math.round(Math.sqrt(target * ratio));
                int h = (int) Math.round(Math.sqrt(target / ratio));
                if (w > 0 && w <= width && h > 0 && h <= height) {
                    box(t, g.nextInt(height - h + 1), g.nextInt(width - w + 1), h, w);
                    return;
                }
            }
            double inRatio = (double) width / height;
            int w = width;
            int h = height;
            if (inRatio < minRatio) {
                h = (int) Math.max(1, Math.round(w / minRatio));
            } else if (inRatio > maxRatio) {
                w = (int) Math.max(1, Math.round(h * maxRatio));
            }
            box(t, (height - h) / 2, (width - w) / 2, h, w);
        }

        private static void box(ImageTransform t, int top, int left, int h, int w) {
            t.resized = true;
            t.boxTop = top;
            t.boxLeft = left;
            t.boxHeight = h;
            t.boxWidth = w;
        }
    }

    /** No augmentation. */
    public static final Augmentation NONE = new Augmentation(false, 0);

    /** Checks the settings: crop padding and cutout at least 0, and at most one kind of flip. */
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

    /** Without a resized crop. */
    public Augmentation(
            boolean horizontalFlip, int cropPadding, Border cropBorder, boolean alternatingFlip, int cutout) {
        this(horizontalFlip, cropPadding, cropBorder, alternatingFlip, cutout, null);
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
        return new Augmentation(horizontalFlip, cropPadding, Border.REFLECT, alternatingFlip, cutout, resizedCrop);
    }

    /** The same, with airbench's alternating flip instead of the random flip. */
    public Augmentation withAlternatingFlip() {
        return new Augmentation(false, cropPadding, cropBorder, true, cutout, resizedCrop);
    }

    /** The same, with a cutout square of side {@code size} (0 for none). */
    public Augmentation withCutout(int size) {
        return new Augmentation(horizontalFlip, cropPadding, cropBorder, alternatingFlip, size, resizedCrop);
    }

    /**
     * The same, with a random resized crop of an area fraction in {@code [minScale, maxScale)} and an
     * aspect ratio in {@code [3/4, 4/3)}, torchvision's default ratios.
     */
    public Augmentation withRandomResizedCrop(double minScale, double maxScale) {
        return withRandomResizedCrop(new ResizedCrop(minScale, maxScale, 3.0 / 4, 4.0 / 3));
    }

    /** The same, with the random resized crop {@code crop} ({@code null} for none). */
    public Augmentation withRandomResizedCrop(ResizedCrop crop) {
        return new Augmentation(horizontalFlip, cropPadding, cropBorder, alternatingFlip, cutout, crop);
    }

    /** Whether this leaves every image as it is. */
    public boolean isNone() {
        return !horizontalFlip && !alternatingFlip && cropPadding == 0 && cutout == 0 && resizedCrop == null;
    }

    /** Checks that the transforms fit examples of {@code featureShape}: images, large enough. */
    void checkFits(int[] featureShape) {
        if (isNone()) {
            return;
        }
        if (featureShape.length != 3) {
            throw new IllegalArgumentException("augmentation: needs images [channels, height, width], the examples"
                    + " are " + Arrays.toString(featureShape));
        }
        int height = featureShape[1];
        int width = featureShape[2];
        int limit = cropBorder == Border.REFLECT ? Math.min(height, width) - 1 : Math.min(height, width);
        if (cropPadding > limit) {
            throw new IllegalArgumentException("augmentation: crop padding " + cropPadding + " is larger than the "
                    + height + "x" + width + " image"
                    + (cropBorder == Border.REFLECT ? " can reflect (at most " + limit + ")" : ""));
        }
        if (cutout > height || cutout > width) {
            throw new IllegalArgumentException(
                    "augmentation: cutout " + cutout + " is larger than the " + height + "x" + width + " image");
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
     * Draws one {@code height x width} image's transform from {@code g} into {@code t};
     * {@code alternatedFlip} is whether the alternating flip, if on, flips this image this epoch.
     */
    void draw(Generator g, boolean alternatedFlip, int height, int width, ImageTransform t) {
        t.resized = false;
        if (resizedCrop != null) {
            resizedCrop.draw(g, height, width, t);
        }
        t.flip = horizontalFlip ? g.nextInt(2) == 1 : alternatingFlip && alternatedFlip;
        t.shiftY = 0;
        t.shiftX = 0;
        if (cropPadding > 0) {
            t.shiftY = g.nextInt(2 * cropPadding + 1) - cropPadding;
            t.shiftX = g.nextInt(2 * cropPadding + 1) - cropPadding;
        }
        t.reflect = cropBorder == Border.REFLECT;
        t.cutSize = cutout;
        if (cutout > 0) {
            t.cutTop = g.nextInt(height) - cutout / 2;
            t.cutLeft = g.nextInt(width) - cutout / 2;
        }
    }
}
