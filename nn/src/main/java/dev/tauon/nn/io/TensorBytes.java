package dev.tauon.nn.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * Float data as the little-endian bytes of a safetensors file, moved through one 64 KiB buffer:
 * written, read (from any {@link Dtype} but I8), and checksummed (CRC32C) on the way, never copied
 * whole. Int8 data are their own
 * bytes, written and checksummed directly.
 */
final class TensorBytes {
    private static final int CHUNK = 1 << 16;

    private final ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32C crc = new CRC32C();

    /** What to do with each chunk of little-endian bytes, the buffer positioned at its start. */
    private interface ChunkSink {
        void accept(ByteBuffer chunk) throws IOException;
    }

    /** The CRC32C of {@code data}'s little-endian bytes. */
    int crc32c(float[] data) throws IOException {
        crc.reset();
        forEachChunk(data, crc::update);
        return (int) crc.getValue();
    }

    /** Writes {@code data}'s little-endian bytes at {@code ch}'s position. */
    void write(FileChannel ch, float[] data) throws IOException {
        forEachChunk(data, chunk -> {
            while (chunk.hasRemaining()) {
                ch.write(chunk);
            }
        });
    }

    /**
     * Reads {@code count} elements of {@code dtype} from {@code position} as floats; {@link
     * #lastCrc32c()} then gives the CRC32C of their bytes.
     */
    float[] read(FileChannel ch, long position, int count, Dtype dtype) throws IOException {
        float[] values = new float[count];
        crc.reset();
        for (int i = 0; i < count; ) {
            int n = Math.min(count - i, CHUNK / dtype.bytes);
            buf.clear().limit(dtype.bytes * n);
            readFully(ch, buf, position + (long) dtype.bytes * i);
            dtype.toFloats(buf, values, i, n);
            crc.update(buf);
            i += n;
        }
        return values;
    }

    /** The CRC32C of {@code data}. */
    int crc32c(byte[] data) {
        crc.reset();
        crc.update(data, 0, data.length);
        return (int) crc.getValue();
    }

    /** Writes {@code data} at {@code ch}'s position. */
    void write(FileChannel ch, byte[] data) throws IOException {
        ByteBuffer all = ByteBuffer.wrap(data);
        while (all.hasRemaining()) {
            ch.write(all);
        }
    }

    /** Reads {@code count} bytes from {@code position}; {@link #lastCrc32c()} then gives their CRC32C. */
    byte[] readBytes(FileChannel ch, long position, int count) throws IOException {
        byte[] values = new byte[count];
        readFully(ch, ByteBuffer.wrap(values), position);
        crc32c(values);
        return values;
    }

    /** The CRC32C of the bytes of the last {@link #read} or {@link #readBytes}. */
    int lastCrc32c() {
        return (int) crc.getValue();
    }

    private void forEachChunk(float[] data, ChunkSink sink) throws IOException {
        for (int i = 0; i < data.length; ) {
            int n = Math.min(data.length - i, CHUNK / 4);
            buf.clear();
            buf.asFloatBuffer().put(data, i, n);
            buf.limit(4 * n);
            sink.accept(buf);
            i += n;
        }
    }

    /** Fills {@code buf} from {@code position} of {@code ch} and flips it; the file must hold the bytes. */
    static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long at = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, at);
            if (n < 0) {
                throw new IOException("unexpected end of file at byte " + at);
            }
            at += n;
        }
        buf.flip();
    }
}
