package dev.tauon.data.io;

import java.io.IOException;
import java.io.InputStream;

/** An input stream whose single-byte read goes through its bulk read, so checks live in one place. */
abstract class BulkInputStream extends InputStream {

    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public abstract int read(byte[] b, int off, int len) throws IOException;
}
