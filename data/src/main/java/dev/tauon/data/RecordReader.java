package dev.tauon.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a file of fixed-size records (the {@link RecordFormat} layout) into one byte array, checks
 * it, and hands it over as a {@link RecordSet} block.
 *
 * <p>The size is checked before anything is allocated, against the record size and a limit the
 * caller sets from what the dataset can hold, so a corrupt size field can cause neither an
 * {@link OutOfMemoryError} nor a read that waits for data that is not there.
 */
public final class RecordReader {

    private RecordReader() {}

    /** Reads a whole record file. */
    public static byte[] read(Path file, RecordFormat format, long maxBytes) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "record file not found");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, Files.size(file), format, maxBytes, file.toString());
        }
    }

    /**
     * Reads exactly {@code size} bytes of records from {@code in}.
     *
     * @param source named in errors: the file, or {@code archive!entry}
     * @throws DatasetFormatException if the size is not whole records or above {@code maxBytes},
     *                                the stream ends early, or a label is out of range
     */
    public static byte[] read(InputStream in, long size, RecordFormat format, long maxBytes, String source)
            throws IOException {
        int recordBytes = format.recordBytes();
        if (size % recordBytes != 0) {
            throw new DatasetFormatException(
                    source,
                    -1,
                    "size " + size + " bytes is not a multiple of the "
                            + recordBytes + "-byte record (" + size / recordBytes + " whole records and "
                            + size % recordBytes + " bytes left over)");
        }
        if (size > maxBytes) {
            throw new DatasetFormatException(
                    source,
                    -1,
                    "size " + size + " bytes (" + size / recordBytes + " records) is more than the " + maxBytes
                            + " bytes this dataset's files can have");
        }
        byte[] block = new byte[(int) size];
        int n = in.readNBytes(block, 0, block.length);
        if (n < block.length) {
            throw new DatasetFormatException(
                    source,
                    n,
                    "truncated: " + size + " bytes expected (" + size / recordBytes
                            + " records), the data ends inside record " + n / recordBytes);
        }
        format.validate(block, block.length, source);
        return block;
    }
}
