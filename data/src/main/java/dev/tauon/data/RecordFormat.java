package dev.tauon.data;

/**
 * The layout of one fixed-size image record: one label byte, then the pixels as unsigned bytes,
 * channel-major (all of channel 0 row by row, then channel 1, ...). This is the CIFAR-10 binary
 * layout, and the in-memory layout of a {@link RecordSet}, so a file in it can be used as read.
 *
 * @param channels   channels per image (3 for RGB)
 * @param height     image height in pixels
 * @param width      image width in pixels
 * @param numClasses labels must be in {@code 0 .. numClasses-1}
 */
public record RecordFormat(int channels, int height, int width, int numClasses) {

    /** Checks the format: positive sizes and 1 to 256 classes (a label is one byte). */
    public RecordFormat {
        if (channels <= 0 || height <= 0 || width <= 0 || numClasses <= 0 || numClasses > 256) {
            throw new IllegalArgumentException(
                    "record format: channels, height, width must be positive and " + "classes in 1..256, got "
                            + channels + "x" + height + "x" + width + ", " + numClasses + " classes");
        }
        if ((long) channels * height * width + 1 > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException(
                    "record format: " + channels + "x" + height + "x" + width + " images are too large for one record");
        }
    }

    /** Pixels per channel plane. */
    public int planeSize() {
        return height * width;
    }

    /** Bytes of pixels in one record. */
    public int imageBytes() {
        return channels * height * width;
    }

    /** Bytes of one whole record: the label byte and the pixels. */
    public int recordBytes() {
        return 1 + imageBytes();
    }

    /**
     * Checks that the first {@code length} bytes of {@code block} are whole records with valid
     * labels.
     *
     * @param source named in the exception, e.g. the file the block was read from
     * @throws DatasetFormatException naming {@code source}, the record and its byte offset
     */
    public void validate(byte[] block, int length, String source) throws DatasetFormatException {
        int recordBytes = recordBytes();
        if (length % recordBytes != 0) {
            throw new DatasetFormatException(
                    source,
                    -1,
                    "size " + length + " bytes is not a multiple of the "
                            + recordBytes + "-byte record (" + length / recordBytes + " whole records and "
                            + length % recordBytes + " bytes left over)");
        }
        for (int r = 0, off = 0; off < length; r++, off += recordBytes) {
            int label = block[off] & 0xFF;
            if (label >= numClasses) {
                throw new DatasetFormatException(
                        source, off, "record " + r + " has label " + label + ", expected 0.." + (numClasses - 1));
            }
        }
    }
}
