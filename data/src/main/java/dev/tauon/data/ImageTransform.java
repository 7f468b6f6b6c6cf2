package dev.tauon.data;

/**
 * The transform drawn for one image by {@link Augmentation#draw}: which region to resample, how
 * far to shift, whether to mirror, where to cut out. Refilled image after image by the one thread
 * that fills a batch.
 */
final class ImageTransform {
    /** Whether the image is first resampled from the crop box below to its full size. */
    boolean resized;

    int boxTop;
    int boxLeft;
    int boxHeight;
    int boxWidth;
    /** Output pixel (y, x) is input pixel (y + shiftY, (flip ? width-1-x : x) + shiftX). */
    boolean flip;

    int shiftY;
    int shiftX;
    /** Whether pixels shifted in from outside are the image mirrored (else black). */
    boolean reflect;
    /** Side of the square set to 0, 0 for none, and its top-left pixel (possibly outside the image). */
    int cutSize;

    int cutTop;
    int cutLeft;

    /** Whether the shift and mirror leave every pixel where it is. */
    boolean keepsPixelsInPlace() {
        return !flip && shiftY == 0 && shiftX == 0;
    }
}
