package dev.tauon.nn.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The bytes of a safetensors header, addressed by their offset in the file. Read from the file
 * through a 64 KiB window rather than all at once, so that parsing a header of up to
 * {@link SafeTensors#MAX_HEADER_BYTES} costs the heap only what the parser keeps.
 */
final class HeaderBytes {
    private static final int WINDOW = 1 << 16;

    private final FileChannel channel;
    private final long end;
    private final ByteBuffer window;
    private long windowStart;

    private HeaderBytes(FileChannel channel, long end, ByteBuffer window, long windowStart) {
        this.channel = channel;
        this.end = end;
        this.window = window;
        this.windowStart = windowStart;
    }

    /** {@code length} bytes of {@code channel} from {@code start}, read as they are needed. */
    static HeaderBytes of(FileChannel channel, long start, long length) {
        return new HeaderBytes(
                channel, start + length, ByteBuffer.allocate(WINDOW).limit(0), start);
    }

    /** {@code bytes}, which would sit at {@code start} in a file. */
    static HeaderBytes of(byte[] bytes, long start) {
        return new HeaderBytes(null, start + bytes.length, ByteBuffer.wrap(bytes), start);
    }

    /** The offset just past the last header byte. */
    long end() {
        return end;
    }

    /** The byte at {@code pos} as 0..255, or -1 at and after {@link #end()}. */
    int at(long pos) throws IOException {
        if (pos >= end) {
            return -1;
        }
        long i = pos - windowStart;
        if (i < 0 || i >= window.limit()) {
            fill(pos);
            i = 0;
        }
        return window.get((int) i) & 0xFF;
    }

    /** Copies {@code len} bytes from {@code pos}, all below {@link #end()}, into {@code dst[off...]}. */
    void copy(long pos, byte[] dst, int off, int len) throws IOException {
        long at = pos;
        int done = 0;
        while (done < len) {
            at(at); // brings the window to at
            int i = (int) (at - windowStart);
            int n = Math.min(len - done, window.limit() - i);
            window.get(i, dst, off + done, n);
            done += n;
            at += n;
        }
    }

    private void fill(long pos) throws IOException {
        window.clear().limit((int) Math.min(WINDOW, end - pos));
        TensorBytes.readFully(channel, window, pos);
        windowStart = pos;
    }
}
