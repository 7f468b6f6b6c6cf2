package dev.tauon.data.image;

/** The channels images are decoded into. */
public enum ColorMode {
    /**
     * One channel of luma, from colour images {@code (19595 R + 38470 G + 7471 B + 32768) >> 16},
     * ITU-R 601-2 in 16-bit fixed point as Pillow's {@code convert("L")}, which Keras uses.
     */
    GRAYSCALE(1),
    /** Red, green, blue; grey images repeat their one channel, an alpha channel is dropped. */
    RGB(3);

    private final int channels;

    ColorMode(int channels) {
        this.channels = channels;
    }

    /** Channels per pixel: 1 or 3. */
    public int channels() {
        return channels;
    }
}
