package dev.tauon.data;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Image records held in memory as raw bytes in the {@link RecordFormat} layout: a label byte and
 * the channel-major pixels. Kept as bytes, not floats, so the CIFAR-10 training set costs its
 * 153.65 MB file size rather than four times that; a {@link BatchLoader} converts per batch.
 *
 * <p>The records live in one or more blocks (typically one per file read), so that loading
 * several files never needs a second, concatenated copy. A record set is immutable and safe to
 * share between threads; {@link #subset} returns a view sharing the blocks. As a
 * {@link PixelDataset} its features are {@code [channels, height, width]}.
 */
public final class RecordSet implements PixelDataset {
    private final RecordFormat format;
    private final byte[][] blocks;
    /** Global index of each block's first record, plus the total at the end. */
    private final int[] blockStart;

    private final int from;
    private final int size;

    private RecordSet(RecordFormat format, byte[][] blocks, int[] blockStart, int from, int size) {
        this.format = format;
        this.blocks = blocks;
        this.blockStart = blockStart;
        this.from = from;
        this.size = size;
    }

    /**
     * Records from blocks in the {@link RecordFormat} layout, in order. The arrays are used as
     * they are, not copied: do not modify them afterwards.
     *
     * @throws IllegalArgumentException if a block is not whole records or has a label out of range
     */
    public static RecordSet of(RecordFormat format, byte[]... blocks) {
        return of(format, List.of(blocks));
    }

    /** As {@link #of(RecordFormat, byte[]...)}. */
    public static RecordSet of(RecordFormat format, List<byte[]> blocks) {
        for (int i = 0; i < blocks.size(); i++) {
            byte[] block = blocks.get(i);
            try {
                format.validate(block, block.length, "block " + i);
            } catch (DatasetFormatException e) {
                throw new IllegalArgumentException("record set: " + e.getMessage(), e);
            }
        }
        return ofValidated(format, blocks);
    }

    /** For readers that have already validated each block (and named the file in any error). */
    static RecordSet ofValidated(RecordFormat format, List<byte[]> blocks) {
        Objects.requireNonNull(format, "format");
        byte[][] copy = blocks.toArray(new byte[0][]);
        int[] start = new int[copy.length + 1];
        long total = 0;
        for (int i = 0; i < copy.length; i++) {
            start[i] = (int) total;
            total += copy[i].length / format.recordBytes();
            if (total > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("record set: more than " + Integer.MAX_VALUE + " records");
            }
        }
        start[copy.length] = (int) total;
        return new RecordSet(format, copy, start, 0, (int) total);
    }

    /** The layout of every record: channels, height, width and number of classes. */
    public RecordFormat format() {
        return format;
    }

    /** Number of records. */
    @Override
    public int size() {
        return size;
    }

    @Override
    public int[] featureShape() {
        return new int[] {format.channels(), format.height(), format.width()};
    }

    @Override
    public int numClasses() {
        return format.numClasses();
    }

    @Override
    public void readPixels(int index, byte[] dst, int offset) {
        int g = global(index);
        int b = blockOf(g);
        System.arraycopy(blocks[b], offsetIn(b, g) + 1, dst, offset, format.imageBytes());
    }

    /** The label of record {@code i}. */
    @Override
    public int label(int i) {
        int g = global(i);
        int b = blockOf(g);
        return blocks[b][offsetIn(b, g)] & 0xFF;
    }

    /** Pixel value 0..255 of record {@code i} at channel {@code c}, row {@code y}, column {@code x}. */
    public int pixel(int i, int c, int y, int x) {
        if (c < 0 || c >= format.channels() || y < 0 || y >= format.height() || x < 0 || x >= format.width()) {
            throw new IndexOutOfBoundsException("pixel (" + c + ", " + y + ", " + x + ") outside " + format.channels()
                    + "x" + format.height() + "x" + format.width());
        }
        int g = global(i);
        int b = blockOf(g);
        return blocks[b][offsetIn(b, g) + 1 + (c * format.height() + y) * format.width() + x] & 0xFF;
    }

    /** Records {@code from} (inclusive) to {@code to} (exclusive), sharing this set's memory. */
    @Override
    public RecordSet subset(int from, int to) {
        if (from < 0 || to > size || from > to) {
            throw new IndexOutOfBoundsException("subset [" + from + ", " + to + ") of " + size + " records");
        }
        return new RecordSet(format, blocks, blockStart, this.from + from, to - from);
    }

    /** How many records carry each label. */
    @Override
    public int[] classCounts() {
        int[] counts = new int[format.numClasses()];
        for (int i = 0; i < size; i++) {
            counts[label(i)]++;
        }
        return counts;
    }

    /** Bytes of record data this set can reach (the blocks it shares with other views included). */
    public long retainedBytes() {
        long total = 0;
        for (byte[] block : blocks) {
            total += block.length;
        }
        return total;
    }

    // The loader reads blocks directly: record i is at blocks[b][offsetIn(b, g)] with g = global(i).

    int global(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("record " + i + " of " + size);
        }
        return from + i;
    }

    int blockOf(int global) {
        int b = Arrays.binarySearch(blockStart, global);
        if (b >= 0) {
            // Skip empty blocks, which share their start with the next one.
            while (blockStart[b + 1] == global) {
                b++;
            }
            return b;
        }
        return -b - 2;
    }

    int offsetIn(int block, int global) {
        return (global - blockStart[block]) * format.recordBytes();
    }

    byte[] block(int b) {
        return blocks[b];
    }

    @Override
    public String toString() {
        return "RecordSet[" + size + " records of " + format.channels() + "x" + format.height() + "x" + format.width()
                + ", " + format.numClasses() + " classes]";
    }
}
