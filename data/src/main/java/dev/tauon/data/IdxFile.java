package dev.tauon.data;

import dev.tauon.data.io.ArchiveInput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * An IDX file, the format of MNIST and Fashion-MNIST: a 4-byte magic ({@code 0, 0}, the type, the
 * number of dimensions), each dimension's size as a big-endian int, then the values big-endian in
 * row-major order. {@link #read} takes it gzip-compressed or not (told by its magic bytes) and
 * checks that the data are exactly as long as the sizes say; {@link #dataset} pairs an images file
 * with a labels file.
 */
public final class IdxFile {
    /** The largest data accepted, in bytes: one Java array's worth. */
    public static final long MAX_DATA_BYTES = Integer.MAX_VALUE - 8;

    /** The value types of IDX, with their type byte and size. */
    public enum Type {
        /** Unsigned bytes (type 0x08), as MNIST stores pixels and labels. */
        UBYTE(0x08, 1),
        /** Signed bytes (0x09). */
        BYTE(0x09, 1),
        /** Big-endian 16-bit integers (0x0B). */
        SHORT(0x0B, 2),
        /** Big-endian 32-bit integers (0x0C). */
        INT(0x0C, 4),
        /** Big-endian 32-bit floats (0x0D). */
        FLOAT(0x0D, 4),
        /** Big-endian 64-bit floats (0x0E). */
        DOUBLE(0x0E, 8);

        private final int code;
        private final int bytes;

        Type(int code, int bytes) {
            this.code = code;
            this.bytes = bytes;
        }

        /** Bytes per value. */
        public int bytes() {
            return bytes;
        }

        static Type of(int code) {
            for (Type t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            return null;
        }
    }

    private final String source;
    private final Type type;
    private final int[] dims;
    private final byte[] data;
    /** {@link #data} for big-endian reads; absolute gets only, so shared reads are safe. */
    private final ByteBuffer values;

    private IdxFile(String source, Type type, int[] dims, byte[] data) {
        this.source = source;
        this.type = type;
        this.dims = dims;
        this.data = data;
        this.values = ByteBuffer.wrap(data);
    }

    /**
     * Reads {@code file}.
     *
     * @throws NoSuchFileException    if there is no such file
     * @throws DatasetFormatException naming the file and the byte: a wrong magic, an unknown type, no
     *                                dimensions, data shorter or longer than the sizes say, or more
     *                                than {@link #MAX_DATA_BYTES}
     */
    public static IdxFile read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no IDX file here");
        }
        String source = file.toString();
        try (InputStream in = ArchiveInput.open(file)) {
            byte[] magic = in.readNBytes(4);
            if (magic.length < 4) {
                throw new DatasetFormatException(source, magic.length, "truncated: the 4-byte IDX magic is cut short");
            }
            if (magic[0] != 0 || magic[1] != 0) {
                throw new DatasetFormatException(
                        source,
                        0,
                        String.format(
                                "not an IDX file: it starts with %02x %02x, " + "not 00 00",
                                magic[0] & 0xFF, magic[1] & 0xFF));
            }
            Type type = Type.of(magic[2] & 0xFF);
            if (type == null) {
                throw new DatasetFormatException(
                        source,
                        2,
                        String.format(
                                "unknown IDX type 0x%02x (known: 08 ubyte, "
                                        + "09 byte, 0b short, 0c int, 0d float, 0e double)",
                                magic[2] & 0xFF));
            }
            int rank = magic[3] & 0xFF;
            if (rank == 0) {
                throw new DatasetFormatException(source, 3, "the header says 0 dimensions");
            }
            byte[] sizes = in.readNBytes(4 * rank);
            if (sizes.length < 4 * rank) {
                throw new DatasetFormatException(
                        source, 4 + sizes.length, "truncated: the header's " + rank + " dimension sizes are cut short");
            }
            int[] dims = new int[rank];
            long count = 1;
            ByteBuffer sizeBuffer = ByteBuffer.wrap(sizes);
            for (int d = 0; d < rank; d++) {
                dims[d] = sizeBuffer.getInt();
                if (dims[d] < 0) {
                    throw new DatasetFormatException(source, 4 + 4L * d, "dimension " + d + " has size " + dims[d]);
                }
                count *= dims[d];
                if (count * type.bytes > MAX_DATA_BYTES) {
                    throw new DatasetFormatException(
                            source,
                            4,
                            "the header's sizes " + Arrays.toString(Arrays.copyOf(dims, d + 1)) + "... claim more than "
                                    + MAX_DATA_BYTES + " bytes of data");
                }
            }
            long header = 4 + 4L * rank;
            long expected = count * type.bytes;
            byte[] data = in.readNBytes((int) expected);
            if (data.length < expected) {
                throw new DatasetFormatException(
                        source,
                        header + data.length,
                        "truncated: the header's sizes "
                                + Arrays.toString(dims) + " of " + type.name().toLowerCase(Locale.ROOT) + " call for "
                                + expected + " bytes of data, the file has " + data.length);
            }
            if (in.read() != -1) {
                long extra = 1 + in.transferTo(OutputStream.nullOutputStream());
                throw new DatasetFormatException(
                        source,
                        header + expected,
                        extra + " bytes after the " + expected + " bytes of data the header's sizes "
                                + Arrays.toString(dims) + " call for");
            }
            return new IdxFile(source, type, dims, data);
        }
    }

    /**
     * A dataset from an images file and a labels file, as MNIST's {@code train-images-idx3-ubyte}
     * and {@code train-labels-idx1-ubyte}. Unsigned bytes {@code [N, height, width]} become
     * one-channel pixel images, and {@code [N, height, width, channels]} (IDX is row-major, so
     * channels last) images of that many channels, moved to channel-major; any other features
     * {@code [N, ...]} become float features as they are. The labels are {@code [N]} integers, the
     * classes {@code 0 .. the largest label}.
     *
     * @throws DatasetFormatException naming the files: counts that differ, labels not integers of
     *                                one dimension, a negative label
     */
    public static Dataset dataset(Path images, Path labels) throws IOException {
        IdxFile x = read(images);
        IdxFile y = read(labels);
        if (y.dims.length != 1 || y.type == Type.FLOAT || y.type == Type.DOUBLE) {
            throw new DatasetFormatException(
                    y.source,
                    -1,
                    "labels must be integers of one dimension, the file holds "
                            + y.type.name().toLowerCase(Locale.ROOT) + " of " + Arrays.toString(y.dims));
        }
        if (x.dims[0] != y.dims[0]) {
            throw new DatasetFormatException(
                    y.source, -1, y.dims[0] + " labels for the " + x.dims[0] + " examples of " + x.source);
        }
        int n = y.dims[0];
        int[] classes = new int[n];
        int max = 0;
        for (int i = 0; i < n; i++) {
            long v = y.longValue(i);
            if (v < 0 || v > 1 << 24) {
                throw new DatasetFormatException(
                        y.source, y.offsetOf(i), "label " + i + " is " + v + ", expected 0.." + (1 << 24));
            }
            classes[i] = (int) v;
            max = Math.max(max, classes[i]);
        }
        if (x.type == Type.UBYTE && (x.dims.length == 3 || x.dims.length == 4)) {
            int h = x.dims[1];
            int w = x.dims[2];
            int c = x.dims.length == 4 ? x.dims[3] : 1;
            return PixelArrayDataset.of(c, h, w, c == 1 ? x.data : channelMajor(x.data, n, h * w, c), classes, max + 1);
        }
        float[] features = new float[x.data.length / x.type.bytes];
        for (int i = 0; i < features.length; i++) {
            features[i] = x.floatValue(i);
        }
        try {
            return ArrayDataset.withLabels(features, Arrays.copyOfRange(x.dims, 1, x.dims.length), classes, max + 1);
        } catch (IllegalArgumentException e) {
            throw new DatasetFormatException(x.source, -1, e.getMessage());
        }
    }

    private static byte[] channelMajor(byte[] hwc, int n, int plane, int c) {
        byte[] chw = new byte[hwc.length];
        for (int i = 0; i < n; i++) {
            int base = i * plane * c;
            for (int p = 0; p < plane; p++) {
                for (int k = 0; k < c; k++) {
                    chw[base + k * plane + p] = hwc[base + p * c + k];
                }
            }
        }
        return chw;
    }

    /** The type of the values. */
    public Type type() {
        return type;
    }

    /** The size of each dimension; a fresh array. */
    public int[] dims() {
        return dims.clone();
    }

    /** Number of values. */
    public int size() {
        return data.length / type.bytes;
    }

    /** Value {@code i} in row-major order, as a float (the nearest one for int and double). */
    public float floatValue(int i) {
        return switch (type) {
            case FLOAT -> values.getFloat(offsetInData(i));
            case DOUBLE -> (float) values.getDouble(offsetInData(i));
            default -> longValue(i);
        };
    }

    /** Value {@code i} of an integer type, exactly. */
    long longValue(int i) {
        int at = offsetInData(i);
        return switch (type) {
            case UBYTE -> data[at] & 0xFF;
            case BYTE -> data[at];
            case SHORT -> values.getShort(at);
            case INT -> values.getInt(at);
            default -> throw new IllegalStateException(type + " is not an integer type");
        };
    }

    private int offsetInData(int i) {
        return Objects.checkIndex(i, size()) * type.bytes;
    }

    /** The byte offset of value {@code i} in the (uncompressed) file. */
    private long offsetOf(int i) {
        return 4 + 4L * dims.length + (long) i * type.bytes;
    }

    @Override
    public String toString() {
        return "IdxFile[" + source + ", " + type + " " + Arrays.toString(dims) + "]";
    }
}
