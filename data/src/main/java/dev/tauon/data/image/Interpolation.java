package dev.tauon.data.image;

/**
 * How an image is resampled to another size. All use half-pixel centres (output pixel {@code o}
 * of {@code n} covers source coordinates {@code [o * s, (o + 1) * s)} with {@code s = in / n}), as
 * {@code tf.image.resize} and PyTorch's {@code interpolate(align_corners=False)}, without
 * antialiasing.
 */
public enum Interpolation {
    /** The source pixel under the output pixel's centre: {@code floor((o + 0.5) * s)}. */
    NEAREST,
    /** The four source pixels around the output pixel's centre, weighted by distance; edge pixels repeat beyond the edge. */
    BILINEAR,
    /** The mean of the source pixels the output pixel covers, partly covered ones by the part covered (Keras' {@code "area"}); suits shrinking. */
    AREA
}
